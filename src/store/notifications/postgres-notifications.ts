import { createHash } from 'node:crypto';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { OrchError } from '../../core/errors/index.js';
import type { Database } from '../schema/database.js';
import { MAX_NOTIFICATION_BYTES, type StoreNotifications } from './store-notifications.js';

/** Wait before listening again after the connection dropped (ms). */
const RECONNECT_MS = 1000;

interface Listener {
  readonly onPayload: (payload: string) => void;
  readonly onGap?: (() => void) | undefined;
}

/**
 * LISTEN/NOTIFY over one dedicated connection per store (listening needs a session of its own;
 * pooled connections come and go). Channel names are scoped by the store's schema, so stores
 * in different schemas of one database (tests) never hear each other. When the connection
 * drops, it reconnects, listens again and tells each listener there was a gap.
 */
export function createPostgresNotifications(
  db: Kysely<Database>,
  connectionString: string,
  schema: string,
): StoreNotifications {
  const listeners = new Map<string, Set<Listener>>();
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const scoped = (channel: string): string => {
    const name = `orch:${schema}:${channel}`;
    // PostgreSQL channel names are identifiers: at most 63 bytes.
    return Buffer.byteLength(name) <= 63
      ? name
      : `orch:${createHash('sha256').update(name).digest('hex').slice(0, 40)}`;
  };
  const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

  const connect = (): Promise<pg.Client> => {
    connecting ??= (async () => {
      const fresh = new pg.Client({ connectionString });
      fresh.on('notification', (message) => {
        for (const listener of listeners.get(message.channel) ?? [])
          listener.onPayload(message.payload ?? '');
      });
      fresh.on('error', () => dropped(fresh));
      fresh.on('end', () => dropped(fresh));
      try {
        await fresh.connect();
        for (const name of listeners.keys()) await fresh.query(`LISTEN ${quoted(name)}`);
      } catch (error) {
        await fresh.end().catch(() => undefined);
        throw error;
      }
      client = fresh;
      return fresh;
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  };

  const dropped = (which: pg.Client): void => {
    if (client !== which || closed) return;
    client = undefined;
    reconnect();
  };
  // Tried again until it works (streams wake only on notifications), then every listener re-reads.
  const reconnect = (): void => {
    retry = setTimeout(() => {
      if (closed) return;
      connect().then(
        () => listeners.forEach((set) => set.forEach((listener) => listener.onGap?.())),
        reconnect,
      );
    }, RECONNECT_MS);
    retry.unref();
  };

  return {
    async notify(channel, payload) {
      if (Buffer.byteLength(payload) > MAX_NOTIFICATION_BYTES) {
        throw new OrchError('Internal', `a notification of ${Buffer.byteLength(payload)} bytes is too large`);
      }
      await sql`select pg_notify(${scoped(channel)}, ${payload})`.execute(db);
    },
    async listen(channel, onPayload, onGap) {
      const name = scoped(channel);
      const listener: Listener = { onPayload, onGap };
      const first = !listeners.has(name);
      const set = listeners.get(name) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(name, set);
      const active = client ?? (await connect());
      if (first && active === client) await active.query(`LISTEN ${quoted(name)}`);
      return async () => {
        set.delete(listener);
        if (set.size > 0 || listeners.get(name) !== set) return;
        listeners.delete(name);
        await client?.query(`UNLISTEN ${quoted(name)}`).catch(() => undefined);
      };
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      listeners.clear();
      const open = client ?? (await connecting?.catch(() => undefined));
      client = undefined;
      await open?.end().catch(() => undefined);
    },
  };
}
