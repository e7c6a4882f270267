import type { Page, Request } from 'playwright-core';

/** The page's calls to orchd's API still waiting for their answer. */
export interface ApiCalls {
  /** How many calls to `/v1/…` are in flight now. */
  readonly pending: number;
  /** Resolves once no call is in flight; rejects after `timeoutMs` naming the calls still open. */
  settled(timeoutMs?: number): Promise<void>;
}

/**
 * Follows a page's calls to orchd's API (`/v1/…`), so a test changes orchd (its clock, its data)
 * only once the page's own calls are answered: a call sent before the change but answered after
 * it meets the change too, and the page acts on it before the test means it to. An open event
 * stream stays in flight, so wait on pages that hold none.
 */
export function trackApiCalls(page: Page): ApiCalls {
  const open = new Set<Request>();
  const done = (request: Request) => void open.delete(request);
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/v1/')) open.add(request);
  });
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return {
    get pending() {
      return open.size;
    },
    async settled(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (open.size > 0) {
        if (Date.now() > deadline) {
          const urls = [...open].map((request) => request.url()).join(', ');
          throw new Error(`calls to orchd still in flight after ${timeoutMs} ms: ${urls}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}
