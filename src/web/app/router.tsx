import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

/** The console's location and how to move: pathname routing with the History API. */
export interface Router {
  readonly path: string;
  navigate(path: string, options?: { replace?: boolean }): void;
}

const RouterContext = createContext<Router | undefined>(undefined);

/** Provides the router; `initialPath` serves tests (the browser's location otherwise). */
export function RouterProvider({ children, initialPath }: { children: ReactNode; initialPath?: string }) {
  const [path, setPath] = useState(initialPath ?? window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((to: string, options?: { replace?: boolean }) => {
    if (options?.replace) window.history.replaceState(null, '', to);
    else window.history.pushState(null, '', to);
    setPath(to);
    window.scrollTo?.(0, 0);
  }, []);
  const router = useMemo(() => ({ path, navigate }), [path, navigate]);
  return <RouterContext.Provider value={router}>{children}</RouterContext.Provider>;
}

export function useRouter(): Router {
  const router = useContext(RouterContext);
  if (!router) throw new Error('useRouter outside RouterProvider');
  return router;
}

/** A route of the console, matched against the path. */
export type Route =
  | { readonly page: 'sign-in' }
  | { readonly page: 'home' }
  | { readonly page: 'profiles'; readonly project: string }
  | { readonly page: 'profile-new'; readonly project: string }
  | { readonly page: 'profile'; readonly project: string; readonly resourceId: string }
  | { readonly page: 'profile-edit'; readonly project: string; readonly resourceId: string }
  | { readonly page: 'hosts'; readonly project: string }
  | { readonly page: 'host-new'; readonly project: string }
  | { readonly page: 'host-import'; readonly project: string }
  | { readonly page: 'host'; readonly project: string; readonly resourceId: string }
  | { readonly page: 'oidc-callback' }
  | { readonly page: 'not-found'; readonly path: string };

/** Reads a path into a {@link Route}. */
export function matchRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { page: 'home' };
  if (parts.length === 1 && parts[0] === 'sign-in') return { page: 'sign-in' };
  if (parts.length === 2 && parts[0] === 'sign-in' && parts[1] === 'callback')
    return { page: 'oidc-callback' };
  if (parts[0] === 'projects' && parts[1] && parts[2] === 'hosts') {
    const project = parts[1];
    if (parts.length === 3) return { page: 'hosts', project };
    if (parts.length === 4 && parts[3] === 'new') return { page: 'host-new', project };
    if (parts.length === 4 && parts[3] === 'import') return { page: 'host-import', project };
    if (parts.length === 4) return { page: 'host', project, resourceId: parts[3]! };
  }
  if (parts[0] === 'projects' && parts[1] && parts[2] === 'os-profiles') {
    const project = parts[1];
    if (parts.length === 3) return { page: 'profiles', project };
    if (parts.length === 4 && parts[3] === 'new') return { page: 'profile-new', project };
    if (parts.length === 4) return { page: 'profile', project, resourceId: parts[3]! };
    if (parts.length === 5 && parts[4] === 'edit')
      return { page: 'profile-edit', project, resourceId: parts[3]! };
  }
  return { page: 'not-found', path };
}

/** Console paths, built in one place. */
export const paths = {
  signIn: () => '/sign-in',
  profiles: (project: string) => `/projects/${encodeURIComponent(project)}/os-profiles`,
  newProfile: (project: string) => `${paths.profiles(project)}/new`,
  profile: (project: string, id: string) => `${paths.profiles(project)}/${encodeURIComponent(id)}`,
  editProfile: (project: string, id: string) => `${paths.profile(project, id)}/edit`,
  hosts: (project: string) => `/projects/${encodeURIComponent(project)}/hosts`,
  newHost: (project: string) => `${paths.hosts(project)}/new`,
  importHosts: (project: string) => `${paths.hosts(project)}/import`,
  host: (project: string, id: string) => `${paths.hosts(project)}/${encodeURIComponent(id)}`,
};
