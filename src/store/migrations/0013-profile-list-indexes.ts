import { PostgresAdapter, sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import { reverseCodePoints } from '../filter/reversed-text.js';

/**
 * OS profile columns PostgreSQL compares by code point, as list queries order and range them
 * (`COLLATE "C"`), so that its indexes serve those queries; SQLite's BINARY order already is.
 */
const CODE_POINT_COLUMNS = [
  'resource_id',
  'name',
  'profile_name',
  'image_id',
  'os_type',
  'created_at',
  'updated_at',
] as const;

/**
 * Lists of OS profiles at scale (100,000 in a project):
 * - `name_reversed` holds the name reversed by code point, so a suffix filter (`name="bench-*7"`)
 *   becomes a prefix range on it (see src/store/filter/reversed-text.ts). Its index also carries
 *   `name` and `os_type`, so the count of such a filter, alone or with an osType test, reads the
 *   index only.
 * - On PostgreSQL the ordered and ranged columns take the "C" collation. Lists order with
 *   `COLLATE "C"` (code point order, as SQLite), and an index in the database's default collation
 *   cannot serve that order: `ORDER BY created_at DESC LIMIT 20` sorted every match instead of
 *   reading 20 from `os_profiles_created_idx`. Equality and uniqueness do not change.
 */
export const profileListIndexes: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    if (postgres) {
      const columns = CODE_POINT_COLUMNS.map((column) => `alter column ${column} type text collate "C"`);
      await sql.raw(`alter table os_profiles ${columns.join(', ')}`).execute(db);
      await sql`alter table os_profiles add column name_reversed text collate "C" not null default ''`.execute(
        db,
      );
      // PostgreSQL's reverse() works by character, which in a UTF-8 database is the code point.
      await sql`update os_profiles set name_reversed = reverse(name)`.execute(db);
      await sql`create index os_profiles_name_reversed_idx on os_profiles (project, name_reversed) include (name, os_type)`.execute(
        db,
      );
      return;
    }
    await sql`alter table os_profiles add column name_reversed text not null default ''`.execute(db);
    const rows = await sql<{ project: string; resource_id: string; name: string }>`
      select project, resource_id, name from os_profiles`.execute(db);
    for (const row of rows.rows) {
      await sql`update os_profiles set name_reversed = ${reverseCodePoints(row.name)}
        where project = ${row.project} and resource_id = ${row.resource_id}`.execute(db);
    }
    await sql`create index os_profiles_name_reversed_idx on os_profiles (project, name_reversed, name, os_type)`.execute(
      db,
    );
  },
};
