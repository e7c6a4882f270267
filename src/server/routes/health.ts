import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Type } from 'typebox';
import { OrchError } from '../../core/errors/index.js';
import type { Store } from '../../store/store.js';
import type { ApiMetrics } from '../metrics/api-metrics.js';
import { access } from '../auth/auth-hook.js';
import { errorResponses } from '../schemas/error-schema.js';

/** What the health routes read. */
export interface HealthRouteOptions {
  readonly store: Pick<Store, 'ping'>;
  readonly metrics: ApiMetrics;
  /** sha256 (hex) of the metrics token; absent: `/metrics` is open (and names no project). */
  readonly metricsTokenSha256?: string;
}

/** True when `header` is `Bearer <token>` whose sha256 is `expected` (compared in constant time). */
function bearerMatches(header: string | undefined, expected: string): boolean {
  const token = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
  if (!token) return false;
  const given = createHash('sha256').update(token).digest();
  const wanted = Buffer.from(expected, 'hex');
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

const Status = Type.Object({ status: Type.String() });

/**
 * `/healthz` (the process answers), `/readyz` (the database answers too) and `/metrics`
 * (Prometheus text). Probes carry no token; `/metrics` asks for the metrics token when orchd has
 * one (`--metrics-token-file`), and is open otherwise.
 */
export const healthRoutes: FastifyPluginAsyncTypebox<HealthRouteOptions> = async (app, opts) => {
  app.get(
    '/healthz',
    { schema: { ...access('public'), tags: ['health'], summary: 'Liveness', response: { 200: Status } } },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        ...access('public'),
        tags: ['health'],
        summary: 'Readiness: the database answers',
        response: { 200: Status, ...errorResponses(503) },
      },
    },
    async (request) => {
      try {
        await opts.store.ping();
      } catch (error) {
        request.log.warn({ err: error }, 'readiness: database unreachable');
        throw new OrchError('Unavailable', 'the database does not answer', { cause: error });
      }
      return { status: 'ready' };
    },
  );
  app.get(
    '/metrics',
    {
      schema: {
        ...access('public'),
        tags: ['health'],
        summary: 'Prometheus metrics',
        produces: ['text/plain'],
        response: { 200: Type.String(), ...errorResponses(401) },
      },
    },
    async (request, reply) => {
      if (opts.metricsTokenSha256 && !bearerMatches(request.headers.authorization, opts.metricsTokenSha256))
        throw new OrchError('Unauthenticated', '/metrics needs the metrics token as a bearer token');
      reply.header('content-type', opts.metrics.registry.contentType);
      return opts.metrics.registry.metrics();
    },
  );
};
