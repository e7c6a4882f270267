import type { Kysely, Migration } from 'kysely';

/**
 * Provisioning workflows and the host event log.
 *
 * `workflows` holds one row per host with an instance: the state machine's record (JSON), the
 * plan snapshot (JSON, without the node credential), and `state` / `deadline` copied out of the
 * record so the step-timeout sweep finds expired steps with an index. `version` makes every
 * transition a compare-and-set, so replicas applying events to one host at once serialise.
 *
 * `host_events` is what the events stream replays after a reconnect (Last-Event-ID): `seq` comes
 * from `event_counters`, one counter per project bumped in the writing transaction.
 */
export const workflows: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('workflows')
      .addColumn('project', 'text', (c) => c.notNull())
      .addColumn('host_id', 'text', (c) => c.notNull())
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('deadline', 'text')
      .addColumn('record', 'text', (c) => c.notNull())
      .addColumn('plan', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('workflows_pk', ['project', 'host_id'])
      .addForeignKeyConstraint(
        'workflows_host_fk',
        ['project', 'host_id'],
        'hosts',
        ['project', 'resource_id'],
        (c) => c.onDelete('cascade'),
      )
      .execute();
    await db.schema
      .createIndex('workflows_deadline_idx')
      .on('workflows')
      .columns(['state', 'deadline'])
      .execute();

    await db.schema
      .createTable('event_counters')
      .addColumn('project', 'text', (c) => c.primaryKey())
      .addColumn('next_seq', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('host_events')
      .addColumn('project', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('host_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('host_events_pk', ['project', 'seq'])
      .execute();
    await db.schema
      .createIndex('host_events_host_idx')
      .on('host_events')
      .columns(['project', 'host_id', 'seq'])
      .execute();
  },
};
