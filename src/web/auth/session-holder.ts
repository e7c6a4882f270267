import { clearSession, loadSession, saveSession, type StoredSession } from './session-storage.js';

/** The session and why the last one ended. */
export interface SessionSnapshot {
  readonly session: StoredSession | undefined;
  /** Shown on the sign-in page: expired, revoked, signed out. */
  readonly notice: string | undefined;
}

/**
 * The tab's session outside React, so the API client reads the current token on every call and
 * pages re-render on change (useSyncExternalStore). Every change is written to sessionStorage.
 */
export function createSessionHolder(storage: Storage) {
  let snapshot: SessionSnapshot = { session: loadSession(storage), notice: undefined };
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
      publish({ session, notice: undefined });
    },
    signOut(notice: string | undefined): void {
      clearSession(storage);
      publish({ session: undefined, notice });
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
