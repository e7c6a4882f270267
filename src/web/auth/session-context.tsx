import {
  createContext,
  useCallback,
  useContext,
  useMemo,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { createApiClient, type ApiClient } from '../api/api-client.js';
import { createSessionHolder } from './session-holder.js';
import { loadSession, type StoredSession } from './session-storage.js';

/** The signed-in state the pages share. */
export interface SessionValue {
  readonly session: StoredSession | undefined;
  readonly client: ApiClient;
  /** The tab's storage (sessionStorage; tests give their own): the OIDC sign-in keeps its state there. */
  readonly storage: Storage;
  /** Why the last session ended, shown on the sign-in page (expired, revoked, signed out). */
  readonly notice: string | undefined;
  /** Checks the token with orchd (whoami, projects) and keeps it for this tab. */
  signIn(token: string): Promise<void>;
  signOut(notice?: string): void;
  /** Closes the notice for good (it is kept in sessionStorage until then, across reloads). */
  dismissNotice(): void;
  setProject(project: string): void;
}

const SessionContext = createContext<SessionValue | undefined>(undefined);

/** How the session is made; tests pass a fetch and a storage of their own. */
export interface SessionProviderProps {
  readonly children: ReactNode;
  readonly fetch?: typeof fetch;
  readonly storage?: Storage;
}

/**
 * Holds the session. Every 401 from orchd ends it with orchd's reason, so an expired or revoked
 * token leads back to the sign-in page with a sentence saying why, never to a blank page.
 */
export function SessionProvider({ children, fetch, storage }: SessionProviderProps) {
  const [holder] = useState(() => createSessionHolder(storage ?? window.sessionStorage));
  const { session, notice } = useSyncExternalStore(holder.subscribe, holder.get);
  const client = useMemo(
    () =>
      createApiClient({
        token: () => holder.get().session?.token,
        onUnauthenticated: (error) => {
          if (holder.get().session) holder.signOut(`Your session ended: ${error.message}. Sign in again.`);
        },
        ...(fetch ? { fetch } : {}),
      }),
    [holder, fetch],
  );

  const signIn = useCallback(
    async (token: string) => {
      const probe = createApiClient({ token: () => token, ...(fetch ? { fetch } : {}) });
      const who = await probe.whoami();
      const { projects } = await probe.listProjects();
      const previous = loadSession(storage ?? window.sessionStorage)?.project;
      const project =
        projects.find((p) => p.name === previous)?.name ??
        projects.find((p) => p.name === 'default')?.name ??
        projects[0]?.name;
      if (!project) throw new Error(`${who.subject} has no role on any project: ask an admin for one.`);
      holder.signIn({ token, subject: who.subject, project });
    },
    [fetch, holder, storage],
  );

  const value = useMemo(
    () => ({
      session,
      client,
      storage: storage ?? window.sessionStorage,
      notice,
      signIn,
      signOut: (reason?: string) => holder.signOut(reason),
      dismissNotice: () => holder.dismissNotice(),
      setProject: (project: string) => holder.setProject(project),
    }),
    [session, client, notice, signIn, holder, storage],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
