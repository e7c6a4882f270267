import {
  clearSession,
  loadNotice,
  loadSession,
  saveNotice,
  saveSession,
  type StoredSession,
} from './session-storage.js';

/** The session and why the last one ended. */
export interface SessionSnapshot {
  readonly session: StoredSession | undefined;
  /** Shown on the sign-in page: expired, revoked, signed out. */
  readonly notice: string | undefined;
}

/**
 * The tab's session outside React, so the API client reads the current token on every call and
 * pages re-render on change (useSyncExternalStore). Every change is written to sessionStorage,
 * the notice too: a reload of the sign-in page still says why the session ended.
 */
export function createSessionHolder(storage: Storage) {
  const session = loadSession(storage);
  // A notice left beside a live session (another tab signed in) is stale.
  let snapshot: SessionSnapshot = { session, notice: session ? undefined : loadNotice(storage) };
  const listeners = new Set<() => void>();
  const publish = (next: SessionSnapshot) => {
    snapshot = next;
    listeners.forEach((listener) => listener());
  };
  return {
    get: (): SessionSnapshot => snapshot,
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    signIn(session: StoredSession): void {
      saveSession(session, storage);
      saveNotice(undefined, storage);
      publish({ session, notice: undefined });
    },
    signOut(notice: string | undefined): void {
      clearSession(storage);
      saveNotice(notice, storage);
      publish({ session: undefined, notice });
    },
    /** The reader closed the notice: it is not shown again, not even after a reload. */
    dismissNotice(): void {
      saveNotice(undefined, storage);
      publish({ ...snapshot, notice: undefined });
    },
    setProject(project: string): void {
      if (!snapshot.session) return;
      const session = { ...snapshot.session, project };
      saveSession(session, storage);
      publish({ ...snapshot, session });
    },
  };
}

export type SessionHolder = ReturnType<typeof createSessionHolder>;
