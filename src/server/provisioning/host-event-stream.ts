import { PassThrough } from 'node:stream';
import type { Store } from '../../store/store.js';
import type { HostEventHub } from './host-event-hub.js';

/** How a stream polls the log (for other replicas' events) and keeps the connection alive. */
export interface HostStreamSettings {
  readonly pollMs: number;
  readonly heartbeatMs: number;
}

export const DEFAULT_HOST_STREAM_SETTINGS: HostStreamSettings = { pollMs: 1000, heartbeatMs: 15_000 };

/** Entries read per round; a reconnect after a long gap catches up over several rounds. */
const BATCH = 500;

export interface HostEventStreamDeps {
  readonly store: Store;
  readonly hub: HostEventHub;
  readonly settings: HostStreamSettings;
}

export interface HostEventStream {
  readonly body: PassThrough;
  close(): void;
}

const frame = (id: number, event: string, data: unknown): string =>
  `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * Server-sent events of a project's hosts (one host when `hostId` is given), read from the
 * store's event log so that nothing is lost across replicas or reconnects: each frame's `id` is
 * the log's seq, and a client reconnecting with `Last-Event-ID: n` gets every entry after n.
 * Without it the stream starts with one `host` frame per host (its whole view, id = the current
 * seq) and continues with what happens next. Kinds: `host`, `provisioning` (status and progress),
 * `registered`, `onboarded`, `awaiting-approval`, `approved`, `changed`, `registration-failed`,
 * `invalidated`, `instance-deleted`, `deleted`.
 */
export async function openHostEventStream(
  deps: HostEventStreamDeps,
  project: string,
  hostId: string | undefined,
  lastEventId: number | undefined,
  snapshot: () => Promise<{ hostId: string; view: unknown }[]>,
): Promise<HostEventStream> {
  const body = new PassThrough();
  let closed = false;
  let cursor = lastEventId ?? (await deps.store.workflows.lastSeq(project));
  if (lastEventId === undefined) {
    for (const { view } of await snapshot()) body.write(frame(cursor, 'host', view));
  }
  let pumping: Promise<void> | undefined;
  let again = false;
  const pump = (): void => {
    if (closed) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = (async () => {
      try {
        for (;;) {
          const events = await deps.store.workflows.events(project, cursor, hostId, BATCH);
          for (const event of events) {
            if (closed) return;
            cursor = event.seq;
            body.write(frame(event.seq, event.kind, event.data));
            // A stream about one host ends with that host: nothing follows its deletion.
            if (hostId !== undefined && event.kind === 'deleted') {
              close();
              return;
            }
          }
          if (events.length < BATCH) return;
        }
      } catch {
        // The next poll tries again (a database blip must not end the stream).
      }
    })().finally(() => {
      pumping = undefined;
      if (again) {
        again = false;
        pump();
      }
    });
  };
  const unsubscribe = deps.hub.subscribe(project, pump);
  const poll = setInterval(pump, deps.settings.pollMs);
  const heartbeat = setInterval(() => !closed && body.write(': keep-alive\n\n'), deps.settings.heartbeatMs);
  const close = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(poll);
    clearInterval(heartbeat);
    unsubscribe();
    body.end();
  };
  body.on('close', close);
  pump();
  return { body, close };
}
