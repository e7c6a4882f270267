import { OrchError } from '../../core/errors/index.js';
import type { ValidationState } from '../../core/validation/index.js';
import { MUTABLE_PROFILE_FIELDS } from '../../core/os-profile/os-profile-types.js';
import type { OsProfile, OsProfileChanges, OsProfileFields } from '../../core/os-profile/os-profile-types.js';
import type { DefaultProfileSeed, ListQuery, OsProfileRepository, Page } from '../store.js';
import type { OsProfilesTable } from '../schema/database.js';
import type { StoreContext } from '../store-context.js';
import { refusable, timestamp, transact } from '../store-context.js';
import { guarded } from '../store-errors.js';
import { ID_TAKEN, insertUnderFreshId } from '../ids/fresh-id-insert.js';
import { fromProfileRow, toProfileRow } from './os-profile-row.js';
import { duplicateProfileError, hostsUsingProfile, profileInUseError } from './os-profile-conflicts.js';
import { insertMissingSeeds } from './os-profile-seeder.js';
import { listPage } from '../filter/list-page.js';
import { OS_PROFILE_LIST } from './os-profile-columns.js';
import { reverseCodePoints } from '../filter/reversed-text.js';

/** The column of each mutable field. */
const COLUMN_OF = {
  name: 'name',
  description: 'description',
  metadata: 'metadata',
  architecture: 'architecture',
  tlsCaCert: 'tls_ca_cert',
  secureBootCerts: 'secure_boot_certs',
  secureBootDbx: 'secure_boot_dbx',
  secureBootMokCerts: 'secure_boot_mok_certs',
  sbatLevel: 'sbat_level',
} as const satisfies Record<(typeof MUTABLE_PROFILE_FIELDS)[number], keyof OsProfilesTable>;

type Updatable = Pick<
  OsProfilesTable,
  (typeof COLUMN_OF)[keyof typeof COLUMN_OF] | 'updated_at' | 'name_reversed'
>;

/**
 * OS profiles over Kysely. Uniqueness (name; profileName + imageId) and the in-use rule are
 * database constraints; this class turns their violations into AlreadyExists/FailedPrecondition
 * naming the profile or hosts involved. Every lookup is scoped by project, so another project's
 * id reads as absent.
 */
export class KyselyOsProfileRepository implements OsProfileRepository {
  readonly #context: StoreContext;

  constructor(context: StoreContext) {
    this.#context = context;
  }

  /**
   * Inserts the profile under `resourceId`, or under a fresh `os-` id when that one is taken
   * (see {@link insertUnderFreshId}); the returned profile carries the id it got.
   */
  create(project: string, resourceId: string, fields: OsProfileFields): Promise<OsProfile> {
    const { db, adapter } = this.#context;
    return guarded(adapter, `create OS profile "${fields.name}"`, async () => {
      const createdAt = timestamp(this.#context);
      try {
        return await insertUnderFreshId(resourceId, async (id) => {
          const row = toProfileRow(project, id, fields, createdAt);
          const inserted = await refusable(db, () =>
            db
              .insertInto('os_profiles')
              .values(row)
              .onConflict((conflict) => conflict.columns(['project', 'resource_id']).doNothing())
              .executeTakeFirst(),
          );
          return inserted.numInsertedOrUpdatedRows === 1n ? fromProfileRow(row) : ID_TAKEN;
        });
      } catch (error) {
        const kind = adapter.classifyError(error);
        if (kind === 'unique') throw await duplicateProfileError(db, project, resourceId, fields);
        if (kind === 'foreign-key') throw projectNotFound(project);
        throw error;
      }
    });
  }

  get(project: string, resourceId: string): Promise<OsProfile | undefined> {
    return guarded(this.#context.adapter, `read OS profile ${resourceId}`, async () => {
      const row = await this.#context.db
        .selectFrom('os_profiles')
        .selectAll()
        .where('project', '=', project)
        .where('resource_id', '=', resourceId)
        .executeTakeFirst();
      return row && fromProfileRow(row);
    });
  }

  getByName(project: string, name: string): Promise<OsProfile | undefined> {
    return guarded(this.#context.adapter, `read OS profile "${name}"`, async () => {
      const row = await this.#context.db
        .selectFrom('os_profiles')
        .selectAll()
        .where('project', '=', project)
        .where('name', '=', name)
        .executeTakeFirst();
      return row && fromProfileRow(row);
    });
  }

  list(project: string, query: ListQuery): Promise<Page<OsProfile>> {
    return guarded(this.#context.adapter, 'list OS profiles', () =>
      listPage(this.#context, OS_PROFILE_LIST, project, query),
    );
  }

  /** Applies only the mutable fields (others in `changes` are ignored); updatedAt always moves forward. */
  update(project: string, resourceId: string, changes: OsProfileChanges): Promise<OsProfile> {
    const { db, adapter } = this.#context;
    return guarded(adapter, `update OS profile ${resourceId}`, async () => {
      try {
        return await transact(db, async (trx) => {
          const current = await trx
            .selectFrom('os_profiles')
            .selectAll()
            .where('project', '=', project)
            .where('resource_id', '=', resourceId)
            .executeTakeFirst();
          if (!current) throw profileNotFound(project, resourceId);
          const set = updatedColumns(changes, nextUpdatedAt(current.updated_at, timestamp(this.#context)));
          // Under a savepoint: a refused rename must leave a caller's transaction usable, for the
          // read that names the holder of the name.
          await refusable(trx, () =>
            trx
              .updateTable('os_profiles')
              .set(set)
              .where('project', '=', project)
              .where('resource_id', '=', resourceId)
              .execute(),
          );
          return fromProfileRow({ ...current, ...set });
        });
      } catch (error) {
        // A rename onto a name another profile holds.
        if (changes.name !== undefined && adapter.classifyError(error) === 'unique') {
          throw await duplicateProfileError(db, project, resourceId, { name: changes.name });
        }
        throw error;
      }
    });
  }

  delete(project: string, resourceId: string): Promise<void> {
    const { db, adapter } = this.#context;
    return guarded(adapter, `delete OS profile ${resourceId}`, async () => {
      let profile: { name: string; resourceId: string } | undefined;
      try {
        await transact(db, async (trx) => {
          const row = await trx
            .selectFrom('os_profiles')
            .select(['name', 'resource_id'])
            .where('project', '=', project)
            .where('resource_id', '=', resourceId)
            .executeTakeFirst();
          if (!row) throw profileNotFound(project, resourceId);
          profile = { name: row.name, resourceId };
          const hosts = await hostsUsingProfile(trx, project, resourceId);
          if (hosts.length > 0) throw profileInUseError(profile, hosts);
          // Its jobs go with it (a replica running one loses its lease at the next renewal).
          await trx
            .deleteFrom('jobs')
            .where('project', '=', project)
            .where('subject', '=', resourceId)
            .execute();
          await trx
            .deleteFrom('os_profiles')
            .where('project', '=', project)
            .where('resource_id', '=', resourceId)
            .execute();
        });
      } catch (error) {
        // An instance created between the guard and the delete: the foreign key refuses it.
        if (profile && adapter.classifyError(error) === 'foreign-key') {
          throw profileInUseError(profile, await hostsUsingProfile(this.#context.root, project, resourceId));
        }
        throw error;
      }
    });
  }

  /**
   * The profile's validation state, written by the validation job kind in the transaction of the
   * job change it follows. `updated_at` stays: it tells clients the operator's fields changed.
   */
  setValidationState(project: string, resourceId: string, state: ValidationState): Promise<boolean> {
    return guarded(
      this.#context.adapter,
      `record the validation state of OS profile ${resourceId}`,
      async () => {
        const result = await this.#context.db
          .updateTable('os_profiles')
          .set({ validation_state: state })
          .where('project', '=', project)
          .where('resource_id', '=', resourceId)
          .executeTakeFirst();
        return result.numUpdatedRows === 1n;
      },
    );
  }

  seedDefaults(project: string, seeds: readonly DefaultProfileSeed[], newId: () => string): Promise<number> {
    const { db, adapter } = this.#context;
    return guarded(adapter, `seed the default OS profiles of project "${project}"`, async () => {
      try {
        return await transact(db, (trx) =>
          insertMissingSeeds(trx, project, seeds, newId, timestamp(this.#context)),
        );
      } catch (error) {
        if (adapter.classifyError(error) === 'foreign-key') throw projectNotFound(project);
        throw error;
      }
    });
  }

  countBySource(): Promise<{ project: string; source: string; count: number }[]> {
    return guarded(this.#context.adapter, 'count OS profiles', async () => {
      const rows = await this.#context.db
        .selectFrom('os_profiles')
        .select(['project', 'source', (eb) => eb.fn.countAll<number | string | bigint>().as('count')])
        .groupBy(['project', 'source'])
        .orderBy('project')
        .orderBy('source')
        .execute();
      return rows.map((row) => ({ project: row.project, source: row.source, count: Number(row.count) }));
    });
  }
}

function updatedColumns(changes: OsProfileChanges, updatedAt: string): Partial<Updatable> {
  const set: Partial<Updatable> = { updated_at: updatedAt };
  for (const field of MUTABLE_PROFILE_FIELDS) {
    const value = changes[field];
    if (value === undefined) continue;
    set[COLUMN_OF[field]] = field === 'metadata' ? JSON.stringify(value) : (value as string);
  }
  if (changes.name !== undefined) set.name_reversed = reverseCodePoints(changes.name);
  return set;
}

/**
 * The new updatedAt: now, or 1 ms after the previous value when the clock has not moved past it,
 * so every update is visible as a change (clients compare it to detect edits).
 */
function nextUpdatedAt(previous: string, now: string): string {
  return now > previous ? now : new Date(Date.parse(previous) + 1).toISOString();
}

function profileNotFound(project: string, resourceId: string): OrchError {
  return new OrchError('NotFound', `OS profile ${resourceId} not found in project "${project}"`, {
    details: { resourceId },
  });
}

function projectNotFound(project: string): OrchError {
  return new OrchError('NotFound', `project "${project}" not found`, { details: { project } });
}
