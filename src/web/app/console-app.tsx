import { useEffect, useState } from 'react';
import { MantineProvider, createTheme } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { UnreachableError } from '../api/api-error.js';
import { SessionProvider, useSession } from '../auth/session-context.js';
import { SignInPage } from '../auth/sign-in-page.js';
import { OidcCallbackPage } from '../auth/oidc-callback-page.js';
import { ProfileListPage } from '../os-profiles/profile-list-page.js';
import { ProfileDetailPage } from '../os-profiles/profile-detail-page.js';
import { ProfileCreatePage } from '../os-profiles/profile-create-page.js';
import { ProfileEditPage } from '../os-profiles/profile-edit-page.js';
import { HostListPage } from '../hosts/host-list-page.js';
import { HostRegisterPage } from '../hosts/host-register-page.js';
import { HostDetailPage } from '../hosts/host-detail-page.js';
import { HostImportPage } from '../hosts/host-import-page.js';
import { NotFoundPage } from '../shared/not-found-page.js';
import { PageErrorBoundary } from '../shared/page-error-boundary.js';
import { ConsoleShell } from './console-shell.js';
import { matchRoute, paths, RouterProvider, useRouter } from './router.js';

const theme = createTheme({ primaryColor: 'indigo', defaultRadius: 'sm' });

/** Test seams: a fetch, a storage and a start path of their own. */
export interface ConsoleAppProps {
  readonly fetch?: typeof fetch;
  readonly storage?: Storage;
  readonly initialPath?: string;
}

/** Only an unreachable orchd is worth asking again; a 4xx answer will not change. */
const retry = (count: number, error: unknown) => error instanceof UnreachableError && count < 2;

/** The console: theme, data cache, session and the page of the current path. */
export function ConsoleApp({ fetch, storage, initialPath }: ConsoleAppProps) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { retry, refetchOnWindowFocus: false, staleTime: 5_000 } },
      }),
  );
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <QueryClientProvider client={queryClient}>
        <RouterProvider {...(initialPath ? { initialPath } : {})}>
          <SessionProvider {...(fetch ? { fetch } : {})} {...(storage ? { storage } : {})}>
            <Pages />
          </SessionProvider>
        </RouterProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}

function Pages() {
  const { path, navigate } = useRouter();
  const { session } = useSession();
  const route = matchRoute(path);
  const signedOut = !session;
  // Signed out: every page leads to sign-in; signed in: sign-in and / lead to the profiles.
  const target =
    signedOut && route.page !== 'sign-in' && route.page !== 'oidc-callback'
      ? paths.signIn()
      : !signedOut && (route.page === 'sign-in' || route.page === 'home' || route.page === 'oidc-callback')
        ? paths.profiles(session.project)
        : undefined;
  useEffect(() => {
    if (target) navigate(target, { replace: true });
  }, [target, navigate]);
  if (target) return null;
  if (route.page === 'oidc-callback' && !session) return <OidcCallbackPage />;
  if (route.page === 'sign-in' || !session) {
    return <SignInPage onSignedIn={() => undefined} />;
  }
  return (
    <ConsoleShell>
      <PageErrorBoundary key={path}>
        {route.page === 'profiles' && <ProfileListPage project={route.project} />}
        {route.page === 'profile-new' && <ProfileCreatePage project={route.project} />}
        {route.page === 'profile' && (
          <ProfileDetailPage project={route.project} resourceId={route.resourceId} />
        )}
        {route.page === 'profile-edit' && (
          <ProfileEditPage project={route.project} resourceId={route.resourceId} />
        )}
        {route.page === 'hosts' && <HostListPage project={route.project} />}
        {route.page === 'host-new' && <HostRegisterPage project={route.project} />}
        {route.page === 'host-import' && <HostImportPage project={route.project} />}
        {route.page === 'host' && <HostDetailPage project={route.project} resourceId={route.resourceId} />}
        {(route.page === 'not-found' || route.page === 'home') && <NotFoundPage path={path} />}
      </PageErrorBoundary>
    </ConsoleShell>
  );
}
