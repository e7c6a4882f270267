import type { ReactNode } from 'react';
import { render } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '../app/router.js';
import { SessionProvider } from '../auth/session-context.js';

/** An orchd stand-in: answers by method and path (query ignored); unknown routes answer 404. */
export type Routes = Record<string, (request: Request) => Response | Promise<Response>>;

/** A JSON answer. */
export const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A fetch that serves `routes` (`'GET /v1/whoami'`) and records the requests it saw. */
export function fakeOrchd(routes: Routes) {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(new URL(String(input), 'http://orchd.test'), init);
    requests.push(request);
    const key = `${request.method} ${new URL(request.url).pathname}`;
    const handler = routes[key];
    return handler ? handler(request) : json(404, { code: 'NotFound', message: `no route ${key}` });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

/** An in-memory sessionStorage. */
export function memoryStorage(initial: Record<string, string> = {}): Storage {
  const map = new Map(Object.entries(initial));
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (key) => map.get(key) ?? null,
    key: (index) => [...map.keys()][index] ?? null,
    removeItem: (key) => void map.delete(key),
    setItem: (key, value) => void map.set(key, String(value)),
  };
}

/** Renders `ui` inside the console's providers, signed in as `session` when given. */
export function renderConsole(
  ui: ReactNode,
  options: { fetch: typeof globalThis.fetch; storage?: Storage; path?: string },
) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <MantineProvider>
      <QueryClientProvider client={queryClient}>
        <RouterProvider initialPath={options.path ?? '/'}>
          <SessionProvider fetch={options.fetch} storage={options.storage ?? memoryStorage()}>
            {ui}
          </SessionProvider>
        </RouterProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
}

/** A session entry as the console stores it. */
export const SIGNED_IN = {
  'edge-orch.session': JSON.stringify({ token: 'eo_test', subject: 'tester', project: 'default' }),
};
