import type { Kysely, Migration } from 'kysely';

/**
 * The slots of running image dry runs, shared by every replica on the database: a dry run holds no
 * job row, so its per-project and overall caps count these rows. A slot lives while its lease does
 * (judged on the database's clock, like job leases): a replica that dies leaves rows that stop
 * counting when their lease runs out, and the next take deletes them.
 */
export const dryRunSlots: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('dry_run_slots')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project', 'text', (c) => c.notNull().references('projects.name').onDelete('cascade'))
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('lease_expires_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('dry_run_slots_project_idx')
      .on('dry_run_slots')
      .columns(['project', 'lease_expires_at'])
      .execute();
    await db.schema
      .createIndex('dry_run_slots_lease_idx')
      .on('dry_run_slots')
      .column('lease_expires_at')
      .execute();
  },
};
