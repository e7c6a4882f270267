import type { FastifyInstance } from 'fastify';
import { OrchError } from '../../core/errors/index.js';
import type { ApiMetrics } from '../metrics/api-metrics.js';
import { toErrorReply } from './error-reply.js';

/** What the error handling needs. */
export interface ErrorHandlingDeps {
  readonly bodyLimit: number;
  readonly metrics: ApiMetrics;
}

/**
 * One place turns every failure into `{code, message, details?}`: OrchErrors keep their code,
 * Fastify's validation and parser errors become InvalidArgument, anything else is logged with
 * its stack and answered as Internal without it. Unknown routes answer NotFound. Every answer
 * is counted and timed for /metrics.
 */
export function registerErrorHandling(app: FastifyInstance, deps: ErrorHandlingDeps): void {
  app.setErrorHandler(async (error, request, reply) => {
    const { status, body } = toErrorReply(error, request.routeOptions.bodyLimit ?? deps.bodyLimit);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.code, message: body.message }, 'request refused');
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler(async (request, reply) => {
    const error = new OrchError('NotFound', `no route ${request.method} ${request.url.split('?')[0]}`);
    return reply.status(404).send(error.toJSON());
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    deps.metrics.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
}
