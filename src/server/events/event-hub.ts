import type { StoreNotifications } from '../../store/index.js';

/** One event of a subject (a profile, a host, ...) of a project, as every replica's streams see it. */
export interface HubEvent {
  /** Unique across replicas; what an SSE client sends back as `Last-Event-ID`. */
  readonly id: string;
  readonly project: string;
  readonly subject: string;
  /** The SSE event name, e.g. `progress`, `job`, `step`. */
  readonly type: string;
  /** JSON data; with the envelope at most ~7.5 KB (a PostgreSQL notification). */
  readonly data: unknown;
}

/** Which events a subscriber hears: one subject of a project, or all of the project's. */
export interface HubFilter {
  readonly project: string;
  /** Absent: every subject of the project. */
  readonly subject?: string;
}

/** How a subscription starts. */
export interface SubscribeOptions {
  /** Replays the kept events after this id first (an SSE reconnect's `Last-Event-ID`). */
  readonly lastEventId?: string;
  /**
   * Called when events may have been missed: the id to replay from is no longer kept, or the
   * cross-replica connection dropped and came back. Subscribers re-read the state they show.
   */
  readonly onGap?: () => void;
}

/**
 * The event hub of one orchd process, keyed by project and subject. On PostgreSQL every event
 * goes through LISTEN/NOTIFY, so a client hears it on whichever replica its stream is open; on
 * SQLite (one process owns the file) it stays in-process. The last events of each subject are
 * kept for replay.
 */
export interface EventHub {
  /**
   * Sends an event to every subscriber of its project and subject, on every replica. When the
   * cross-replica send fails, this process's subscribers of that subject get a gap (they re-read
   * what they show) and the promise rejects; other replicas hear nothing of it.
   */
  publish(
    project: string,
    subject: string,
    event: { readonly type: string; readonly data: unknown },
  ): Promise<void>;
  /** Calls `listener` for each matching event (replayed ones first); returns the unsubscribe function. */
  subscribe(filter: HubFilter, listener: (event: HubEvent) => void, options?: SubscribeOptions): () => void;
  /** Stops listening across replicas. */
  close(): Promise<void>;
}

/**
 * The event type that says a subject itself is gone (e.g. a profile was deleted): streams that
 * show it re-read, find nothing and end.
 */
export const SUBJECT_DELETED_EVENT = 'deleted';

/** Events kept per subject for Last-Event-ID replay. */
const KEPT_PER_SUBJECT = 64;
/** Subjects whose events are kept; the least recently active is forgotten first. */
const KEPT_SUBJECTS = 2048;
const CHANNEL = 'events';

interface Subscriber {
  readonly filter: HubFilter;
  readonly listener: (event: HubEvent) => void;
  readonly onGap?: (() => void) | undefined;
}

/**
 * Opens the hub: over `notifications` (PostgreSQL) when given, else in-process. `replica` is
 * mixed into event ids so ids minted on different replicas never collide.
 */
export async function openEventHub(
  notifications: StoreNotifications | undefined,
  replica: string = Math.random().toString(36).slice(2, 8),
): Promise<EventHub> {
  const subscribers = new Set<Subscriber>();
  const kept = new Map<string, HubEvent[]>();
  let sequence = 0;
  // Published in order: PostgreSQL delivers notifications in commit order, so one at a time.
  let publishing: Promise<unknown> = Promise.resolve();
  const key = (project: string, subject: string) => `${project}\u0000${subject}`;

  const deliver = (event: HubEvent): void => {
    const k = key(event.project, event.subject);
    const list = kept.get(k) ?? [];
    kept.delete(k);
    list.push(event);
    if (list.length > KEPT_PER_SUBJECT) list.shift();
    kept.set(k, list);
    if (kept.size > KEPT_SUBJECTS) kept.delete(kept.keys().next().value as string);
    for (const subscriber of subscribers) {
      if (matches(subscriber.filter, event)) subscriber.listener(event);
    }
  };
  const stop = notifications
    ? await notifications.listen(
        CHANNEL,
        (payload) => deliver(JSON.parse(payload) as HubEvent),
        () => subscribers.forEach((subscriber) => subscriber.onGap?.()),
      )
    : undefined;

  return {
    async publish(project, subject, { type, data }) {
      sequence += 1;
      const event: HubEvent = {
        id: `${Date.now().toString(36)}-${replica}-${sequence}`,
        project,
        subject,
        type,
        data,
      };
      if (!notifications) return deliver(event);
      const sent = publishing.then(() => notifications.notify(CHANNEL, JSON.stringify(event)));
      publishing = sent.catch(() => undefined);
      try {
        await sent;
      } catch (error) {
        // Streams wake only on the hub: ones here must not sit on a change nobody announced.
        for (const subscriber of subscribers) {
          if (matches(subscriber.filter, event)) subscriber.onGap?.();
        }
        throw error;
      }
    },
    subscribe(filter, listener, options = {}) {
      const subscriber: Subscriber = { filter, listener, onGap: options.onGap };
      if (options.lastEventId !== undefined) replay(kept, filter, options.lastEventId, subscriber);
      subscribers.add(subscriber);
      return () => void subscribers.delete(subscriber);
    },
    async close() {
      subscribers.clear();
      await stop?.();
    },
  };
}

function matches(filter: HubFilter, event: HubEvent): boolean {
  return (
    event.project === filter.project && (filter.subject === undefined || event.subject === filter.subject)
  );
}

/** Sends the kept events after `lastEventId`, or tells of a gap when that id is no longer kept. */
function replay(
  kept: Map<string, HubEvent[]>,
  filter: HubFilter,
  lastEventId: string,
  subscriber: Subscriber,
): void {
  const events = [...kept.values()].flat().filter((event) => matches(filter, event));
  const at = events.findIndex((event) => event.id === lastEventId);
  if (at < 0) {
    subscriber.onGap?.();
    return;
  }
  for (const event of events.slice(at + 1)) subscriber.listener(event);
}
