import type { Store } from '../../store/store.js';
import type { EventHub } from '../events/event-hub.js';
import type { SseStream } from '../events/sse-stream.js';
import { STREAM_EVENTS, type StreamEnd } from '../../api/event-schemas.js';
import { readRetry } from '../events/read-retry.js';

/**
 * The hub subject whose events wake host streams: every change of a project's hosts, instances
 * and workflows publishes one after its transaction committed. The events themselves live in the
 * store's per-project log; the hub only says "read the log now", on every replica (PostgreSQL
 * LISTEN/NOTIFY; in-process on SQLite).
 */
export const HOST_LOG_SUBJECT = 'host-log';

/** What changes hosts calls after each committed change. */
export interface HostNotifier {
  notify(project: string): void;
}

/**
 * How a stream keeps the connection alive. It never polls the log: it reads it when the hub says
 * it changed or after a hub gap, and again after a failed read.
 */
export interface HostStreamSettings {
  readonly heartbeatMs: number;
  /** First pause before reading again after a read failed (doubled up to 30 s). Default 1 s. */
  readonly retryMs?: number;
}

export const DEFAULT_HOST_STREAM_SETTINGS: HostStreamSettings = { heartbeatMs: 15_000 };

/** The `end` event of a one-host stream whose host was deleted. */
export function hostDeletedEnd(hostId: string): StreamEnd {
  return { reason: 'HOST_DELETED', message: `host ${hostId} was deleted; nothing more will happen to it` };
}

/** Entries read per round; a reconnect after a long gap catches up over several rounds. */
const BATCH = 500;

/**
 * A notifier over the shared hub. A failed publish is logged; this replica's streams get a hub gap
 * from it and read the log, other replicas' streams catch up at their next wake-up.
 */
export function hostNotifier(
  hub: EventHub,
  log?: { warn(fields: Record<string, unknown>, message: string): void },
): HostNotifier {
  return {
    notify(project) {
      hub
        .publish(project, HOST_LOG_SUBJECT, { type: 'changed', data: null })
        .catch((error: unknown) => log?.warn({ err: error, project }, 'host change wake-up not sent'));
    },
  };
}

export interface HostEventStreamDeps {
  readonly store: Store;
  readonly hub: EventHub;
  readonly settings: HostStreamSettings;
}

/**
 * Sends a project's host events (one host's when `hostId` is given) on `sse`, read from the
 * store's event log so that nothing is lost across replicas or reconnects: each frame's `id` is
 * the log's seq, and a client reconnecting with `Last-Event-ID: n` gets every entry after n.
 * Without it the stream starts with one `host` frame per host (its whole view, id = the current
 * seq) and continues with what happens next. Kinds: `host`, `provisioning` (status and progress),
 * `registered`, `onboarded`, `awaiting-approval`, `approved`, `changed`, `registration-failed`,
 * `invalidated`, `instance-deleted`, `deleted`. The log is read when the hub says it changed (on
 * any replica) and after a hub gap; nothing polls it (a failed read is tried again after a pause).
 */
export async function followHostEvents(
  deps: HostEventStreamDeps,
  sse: SseStream,
  target: { project: string; hostId: string | undefined; lastEventId: number | undefined },
  snapshot: () => Promise<{ hostId: string; view: unknown }[]>,
): Promise<void> {
  const { store, hub, settings } = deps;
  const { project, hostId } = target;
  let pumping: Promise<void> | undefined;
  let again = false;
  let cursor = 0;
  const retry = readRetry(() => pump(), settings.retryMs);
  const pump = (): void => {
    if (sse.closed) return;
    if (pumping) {
      again = true;
      return;
    }
    retry.cancel();
    pumping = (async () => {
      try {
        for (;;) {
          const events = await store.workflows.events(project, cursor, hostId, BATCH);
          for (const event of events) {
            if (sse.closed) return;
            cursor = event.seq;
            sse.send(event.kind, event.data, String(event.seq));
            // A stream about one host ends with that host: nothing follows its deletion, and
            // the `end` tells clients not to reconnect (they would only get a 404).
            if (hostId !== undefined && event.kind === 'deleted') {
              sse.send(STREAM_EVENTS.end, hostDeletedEnd(hostId));
              sse.close();
              return;
            }
          }
          retry.succeeded();
          if (events.length < BATCH) return;
        }
      } catch {
        // A database blip must not end the stream, and no later wake-up may come: read again soon.
        retry.failed();
      }
    })().finally(() => {
      pumping = undefined;
      if (again) {
        again = false;
        pump();
      }
    });
  };
  // Subscribed before the cursor is read, so a change committed in between is not missed.
  const unsubscribe = hub.subscribe({ project, subject: HOST_LOG_SUBJECT }, pump, { onGap: pump });
  sse.onClose(() => {
    retry.cancel();
    unsubscribe();
  });
  try {
    cursor = target.lastEventId ?? (await store.workflows.lastSeq(project));
    if (target.lastEventId === undefined) {
      for (const { view } of await snapshot()) sse.send('host', view, String(cursor));
    }
  } catch {
    sse.close();
    return;
  }
  pump();
}
