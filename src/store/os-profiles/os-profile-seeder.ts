import type { Kysely } from 'kysely';
import type { DefaultProfileSeed } from '../store.js';
import type { Database } from '../schema/database.js';
import { toProfileRow } from './os-profile-row.js';
import { ID_TAKEN, insertUnderFreshId } from '../ids/fresh-id-insert.js';

/**
 * Inserts, in the caller's transaction, the seeds whose key the project has never had, and
 * records each key in `seeded_defaults` whether or not its profile could be inserted: a seed the
 * operator deleted, or whose name a custom profile already holds, is never (re)created.
 *
 * Concurrency: the key is claimed first with INSERT … ON CONFLICT DO NOTHING. On PostgreSQL a
 * second transaction claiming the same key waits on the unique index until the first commits,
 * then does nothing, so N replicas seeding at once insert each profile once. Keys are claimed in
 * the seeds' order, so two seeders cannot deadlock. Returns how many profiles were inserted.
 */
export async function insertMissingSeeds(
  trx: Kysely<Database>,
  project: string,
  seeds: readonly DefaultProfileSeed[],
  newId: () => string,
  now: string,
): Promise<number> {
  let added = 0;
  for (const seed of seeds) {
    const claim = await trx
      .insertInto('seeded_defaults')
      .values({ project, key: seed.key, seeded_at: now })
      .onConflict((conflict) => conflict.columns(['project', 'key']).doNothing())
      .executeTakeFirst();
    if (claim.numInsertedOrUpdatedRows !== 1n) continue;
    const inserted = await insertUnderFreshId(newId(), async (id) => {
      const result = await trx
        .insertInto('os_profiles')
        .values(toProfileRow(project, id, seed.fields, now))
        .onConflict((conflict) => conflict.doNothing())
        .executeTakeFirst();
      if (result.numInsertedOrUpdatedRows === 1n) return true;
      // Skipped: a profile holds the seed's name or version (keep it), or the id was taken (retry).
      return (await holdsSeedKeys(trx, project, seed)) ? false : ID_TAKEN;
    });
    if (inserted) added += 1;
  }
  await trx.updateTable('projects').set({ defaults_seeded: 1 }).where('name', '=', project).execute();
  return added;
}

/** Whether a profile of the project holds the seed's name or its profileName + imageId. */
async function holdsSeedKeys(
  trx: Kysely<Database>,
  project: string,
  seed: DefaultProfileSeed,
): Promise<boolean> {
  const { name, profileName, imageId } = seed.fields;
  const row = await trx
    .selectFrom('os_profiles')
    .select('resource_id')
    .where('project', '=', project)
    .where((eb) =>
      eb.or([
        eb('name', '=', name),
        eb.and([eb('profile_name', '=', profileName), eb('image_id', '=', imageId)]),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}
