/** What the console keeps of a sign-in: in sessionStorage only (gone with the tab, never in a URL). */
export interface StoredSession {
  readonly token: string;
  readonly subject: string;
  readonly project: string;
}

const KEY = 'edge-orch.session';

/** Reads the tab's session; anything unreadable counts as signed out. */
export function loadSession(storage: Storage = window.sessionStorage): StoredSession | undefined {
  try {
    const value = JSON.parse(storage.getItem(KEY) ?? 'null') as Partial<StoredSession> | null;
    if (value && typeof value.token === 'string' && typeof value.project === 'string') {
      return { token: value.token, project: value.project, subject: String(value.subject ?? '') };
    }
  } catch {
    // a damaged entry: signed out
  }
  return undefined;
}

export function saveSession(session: StoredSession, storage: Storage = window.sessionStorage): void {
  storage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(storage: Storage = window.sessionStorage): void {
  storage.removeItem(KEY);
}

const NOTICE_KEY = 'edge-orch.session-notice';

/**
 * Why the last session ended, kept beside it in sessionStorage so reloading the sign-in page still
 * says why (expired, revoked, signed out); cleared by the next sign-in or when dismissed.
 */
export function loadNotice(storage: Storage = window.sessionStorage): string | undefined {
  const value = storage.getItem(NOTICE_KEY);
  return value ? value : undefined;
}

/** Keeps `notice`, or forgets the kept one when undefined. */
export function saveNotice(notice: string | undefined, storage: Storage = window.sessionStorage): void {
  if (notice) storage.setItem(NOTICE_KEY, notice);
  else storage.removeItem(NOTICE_KEY);
}
