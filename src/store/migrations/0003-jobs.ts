import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/**
 * One job table for every kind of background work (image validation today; provisioning step
 * timeouts and cache fills next): a job has a kind, the project and the subject it works on (a
 * profile id, a host id, a sha256), and one lease protocol. A partial unique index allows one
 * active (pending or running) job per kind and subject, so two requests for the same work share
 * a job. `run_at` delays a job (a timeout). The validation jobs of 0002 move over: a verdict is a
 * `succeeded` job whose result is the report; a run that ended in an error is `failed`.
 *
 * Jobs do not reference their subject by foreign key (subjects live in different tables): the
 * repository that deletes a subject deletes its jobs in the same transaction.
 */
export const jobs: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('project', 'text', (c) => c.notNull().references('projects.name').onDelete('cascade'))
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('progress', 'text')
      .addColumn('result', 'text')
      .addColumn('error', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('lease_owner', 'text')
      .addColumn('lease_expires_at', 'text')
      .addColumn('run_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .addCheckConstraint('jobs_state_ck', sql`state in ('pending', 'running', 'succeeded', 'failed')`)
      .execute();
    await db.schema
      .createIndex('jobs_active_uq')
      .on('jobs')
      .columns(['kind', 'project', 'subject'])
      .unique()
      .where(sql.ref('state'), 'in', ['pending', 'running'])
      .execute();
    await db.schema
      .createIndex('jobs_subject_idx')
      .on('jobs')
      .columns(['project', 'subject', 'created_at'])
      .execute();
    await db.schema.createIndex('jobs_state_idx').on('jobs').columns(['state', 'kind']).execute();

    // The validation jobs of 0002, as jobs of kind `validation` (a cancelled one never existed).
    await sql`
      insert into jobs (id, kind, project, subject, state, progress, result, error, attempts,
                        lease_owner, lease_expires_at, run_at, created_at, updated_at, started_at, finished_at)
      select id, 'validation', project, os_id,
             case
               when state in ('pending', 'running') then state
               when report is not null then 'succeeded'
               else 'failed'
             end,
             progress, report,
             case when report is null and error is null and state not in ('pending', 'running')
                  then '{"code":"Internal","message":"the validation was cancelled"}'
                  else error end,
             attempts, lease_owner, lease_expires_at, null, created_at, updated_at, started_at, finished_at
      from validation_jobs`.execute(db);
    await db.schema.dropTable('validation_jobs').execute();
  },
};
