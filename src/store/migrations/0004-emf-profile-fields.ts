import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/** EMF's OS resource fields edge-orch did not keep yet; each NOT NULL text, '' when none. */
const NEW_TEXT_COLUMNS = [
  'installed_packages_url',
  'existing_cves_url',
  'fixed_cves_url',
  'repo_url',
  'profile_version',
] as const;

/**
 * EMF wire compatibility and lists at scale. Adds the OS resource fields EMF clients send or read
 * (installedPackagesUrl, existingCvesUrl, fixedCvesUrl, repoUrl, profileVersion), and indexes for
 * the list queries: each list reads one project, filtered and ordered, and counts its matches.
 *
 * - `(project, created_at, resource_id)`: order by creation time (either way) and stop after a page;
 * - `(project, os_type, name)` and `(project, profile_name, image_id)` (the unique constraint):
 *   the common equality filters, and a count that reads the index instead of the wide rows.
 * The name order is served by the `(project, name)` unique constraint.
 */
export const emfProfileFields: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const column of NEW_TEXT_COLUMNS) {
      await db.schema
        .alterTable('os_profiles')
        .addColumn(column, 'text', (c) => c.notNull().defaultTo(sql.lit('')))
        .execute();
    }
    await db.schema
      .createIndex('os_profiles_created_idx')
      .on('os_profiles')
      .columns(['project', 'created_at', 'resource_id'])
      .execute();
    await db.schema
      .createIndex('os_profiles_type_name_idx')
      .on('os_profiles')
      .columns(['project', 'os_type', 'name'])
      .execute();
  },
};
