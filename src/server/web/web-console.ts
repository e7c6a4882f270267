import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import fastifyStatic from '@fastify/static';

/** What the console plugin serves. */
export interface WebConsoleOptions {
  /** The console's build folder (`dist/web`): index.html and hashed files under assets/. */
  readonly root: string;
}

/** Paths the console's router owns; a reload there answers index.html (the API keeps /v1). */
export const CONSOLE_ROUTES = ['/', '/sign-in', '/sign-in/callback', '/projects/*'] as const;

/** One year: the file names under assets/ carry a content hash, so they never change. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the current hashes: always asked again (a 304 when unchanged). */
const REVALIDATE = 'no-cache';

/**
 * The web console at `/`: hashed assets with long-lived caching, index.html for every console
 * route (the single-page app routes in the browser). Without a build folder, those routes say
 * how to build it instead of a bare 404.
 */
export const webConsoleRoutes: FastifyPluginAsync<WebConsoleOptions> = async (app, opts) => {
  const built = existsSync(join(opts.root, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: opts.root,
      prefix: '/',
      index: false,
      wildcard: false,
      // Cache-Control is set per file below; the default would mark everything max-age=0.
      cacheControl: false,
      setHeaders: (res, path) => {
        res.setHeader(
          'cache-control',
          path.includes(`${join(opts.root, 'assets')}`) ? IMMUTABLE : REVALIDATE,
        );
      },
    });
  }
  for (const url of CONSOLE_ROUTES) {
    app.get(url, { schema: { hide: true } }, async (_request, reply) => {
      if (!built) {
        return reply
          .status(404)
          .type('text/plain; charset=utf-8')
          .send('The web console is not built: run `npm run build` (or `npm start`), then reload.\n');
      }
      return reply.header('cache-control', REVALIDATE).sendFile('index.html');
    });
  }
};

/**
 * Finds the console's build folder from this module: `dist/web` beside the compiled server
 * (`dist/src/server/web/`) or, when run from source, the repository's `dist/web`.
 */
export function defaultWebRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [resolve(here, '../../../web'), resolve(here, '../../../dist/web')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[1]!;
}
