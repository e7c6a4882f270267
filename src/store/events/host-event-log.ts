import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.js';
import type { HostEvent, HostEventInput } from '../store.js';

/**
 * Appends one event to the project's log inside the caller's transaction: the project's counter
 * is bumped (an upsert, which PostgreSQL serialises per project) and the event stored under it.
 * Callers write their own row first and the counter last, so every transaction locks in the
 * same order.
 */
export async function appendHostEvent(
  trx: Kysely<Database>,
  project: string,
  hostId: string,
  event: HostEventInput,
  at: string,
): Promise<number> {
  const counter = await trx
    .insertInto('event_counters')
    .values({ project, next_seq: 1 })
    .onConflict((oc) =>
      oc.column('project').doUpdateSet((eb) => ({ next_seq: eb('event_counters.next_seq', '+', 1) })),
    )
    .returning('next_seq')
    .executeTakeFirstOrThrow();
  const seq = Number(counter.next_seq);
  await trx
    .insertInto('host_events')
    .values({
      project,
      seq,
      host_id: hostId,
      kind: event.kind,
      data: JSON.stringify(event.data),
      created_at: at,
    })
    .execute();
  return seq;
}

/** Events of a project after `afterSeq` (of one host when given), oldest first. */
export async function readHostEvents(
  db: Kysely<Database>,
  project: string,
  afterSeq: number,
  hostId: string | undefined,
  limit: number,
): Promise<HostEvent[]> {
  let query = db
    .selectFrom('host_events')
    .selectAll()
    .where('project', '=', project)
    .where('seq', '>', afterSeq);
  if (hostId !== undefined) query = query.where('host_id', '=', hostId);
  const rows = await query.orderBy('seq').limit(limit).execute();
  return rows.map((row) => ({
    seq: Number(row.seq),
    hostId: row.host_id,
    kind: row.kind,
    data: JSON.parse(row.data) as unknown,
    createdAt: row.created_at,
  }));
}
