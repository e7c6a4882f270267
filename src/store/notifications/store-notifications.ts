/**
 * Messages between orchd replicas through the shared database (PostgreSQL LISTEN/NOTIFY). A
 * payload sent on a channel reaches every listener of that channel on every replica, the sender
 * included, in the order the database delivered them. Payloads are text of at most
 * {@link MAX_NOTIFICATION_BYTES}.
 */
export interface StoreNotifications {
  /** Sends `payload` on `channel` (delivered once committed; outside a transaction, at once). */
  notify(channel: string, payload: string): Promise<void>;
  /**
   * Calls `onPayload` for each payload on `channel` until the returned stop is called. Resolves
   * once listening. `onGap` is called when the connection was lost and listening resumed:
   * payloads sent meanwhile were missed, so the listener should re-read what it shows.
   */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onGap?: () => void,
  ): Promise<() => Promise<void>>;
  /** Ends the listening connection. */
  close(): Promise<void>;
}

/** PostgreSQL refuses payloads of 8000 bytes or more; a little is kept for the envelope. */
export const MAX_NOTIFICATION_BYTES = 7900;
