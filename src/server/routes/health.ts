import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
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
}

const Status = Type.Object({ status: Type.String() });

/**
 * `/healthz` (the process answers), `/readyz` (the database answers too) and `/metrics`
 * (Prometheus text). All three are public: probes and scrapers carry no token.
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
        response: { 200: Type.String() },
      },
    },
    async (_request, reply) => {
      reply.header('content-type', opts.metrics.registry.contentType);
      return opts.metrics.registry.metrics();
    },
  );
};
