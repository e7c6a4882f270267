import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/**
 * Pre-flight image validation: the profile's Secure Boot certificates, and the job queue that
 * runs validations on whichever orchd replica claims them first.
 *
 * A job references its profile with ON DELETE CASCADE: deleting the profile removes its jobs,
 * and a replica running one notices at its next lease renewal. A partial unique index allows one
 * active (pending or running) job per profile, so two concurrent "validate" requests, on one
 * replica or two, end up sharing a job instead of racing.
 */
export const validationJobs: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('os_profiles')
      .addColumn('secure_boot_certs', 'text', (c) => c.notNull().defaultTo(''))
      .execute();

    await db.schema
      .createTable('validation_jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project', 'text', (c) => c.notNull())
      .addColumn('os_id', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('progress', 'text')
      .addColumn('report', 'text')
      .addColumn('error', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('lease_owner', 'text')
      .addColumn('lease_expires_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .addCheckConstraint(
        'validation_jobs_state_ck',
        sql`state in ('pending', 'running', 'passed', 'warned', 'failed', 'cancelled')`,
      )
      .addForeignKeyConstraint(
        'validation_jobs_os_fk',
        ['project', 'os_id'],
        'os_profiles',
        ['project', 'resource_id'],
        (c) => c.onDelete('cascade'),
      )
      .execute();

    await db.schema
      .createIndex('validation_jobs_active_uq')
      .on('validation_jobs')
      .columns(['project', 'os_id'])
      .unique()
      .where(sql.ref('state'), 'in', ['pending', 'running'])
      .execute();
    await db.schema
      .createIndex('validation_jobs_profile_idx')
      .on('validation_jobs')
      .columns(['project', 'os_id', 'created_at'])
      .execute();
    await db.schema
      .createIndex('validation_jobs_state_idx')
      .on('validation_jobs')
      .columns(['state'])
      .execute();
  },
};
