import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import { DEFAULT_BODY_LIMIT, type ServerConfig } from './server-config.js';
import { createApiMetrics } from './metrics/api-metrics.js';
import { registerErrorHandling } from './errors/error-handler.js';
import { apiRoutes } from './routes/api-routes.js';
import { healthRoutes } from './routes/health.js';
import { openApiDocument } from './openapi-document.js';
import { createImageDryRun } from './validation/image-dry-run.js';
import { createValidationService } from './validation/validation-service.js';
import { webConsoleRoutes } from './web/web-console.js';
import { composeProvisioning, type ProvisioningSettings } from './provisioning/compose-provisioning.js';
import {
  DEFAULT_LEASE_MS,
  DEFAULT_STREAM_SETTINGS,
  DEFAULT_VALIDATION_CONCURRENCY,
  type ValidationRunnerSettings,
  type ValidationStreamSettings,
} from './validation/validation-options.js';
import { validationJobKind, validationQueueOnlyKind } from './validation/validation-job-kind.js';
import { openEventHub, type EventHub } from './events/event-hub.js';
import { composeJobs } from './jobs/compose-jobs.js';
import type { JobKind } from './jobs/job-kind.js';

/** What {@link buildApp} composes. */
export interface BuildAppOptions {
  readonly store: Store;
  readonly config: ServerConfig;
  /** A pino logger; when absent the app logs nothing (tests). */
  readonly logger?: Logger;
  /** The time source for token expiry and timestamps. Default: the system clock. */
  readonly clock?: () => Date;
  /** PEM certificate chain and key: the app then serves HTTPS. */
  readonly https?: { readonly cert: Buffer; readonly key: Buffer };
  /**
   * Runs validation jobs in this process (orchd serve always does). Without it jobs are still
   * queued and read, for a replica that runs them (tests of the API alone).
   */
  readonly validation?: ValidationRunnerSettings;
  /** How validation event streams keep alive (heartbeat, default 15 s); they never poll. */
  readonly validationStream?: Partial<ValidationStreamSettings>;
  /**
   * Job kinds besides validation (provisioning step timeouts, cache fills), run by this process
   * with the validation settings' concurrency and lease (see src/server/jobs/job-kind.ts).
   */
  readonly jobKinds?: readonly JobKind[];
  /** The web console's build folder (`dist/web`), served at `/`; absent: no console routes. */
  readonly webRoot?: string;
  /** Step-timeout sweep, host event streams and the onboarding rate limit; defaults otherwise. */
  readonly provisioning?: ProvisioningSettings;
}

/** Request ids: honour a caller's `x-request-id` (for tracing across proxies), else a new UUID. */
const REQUEST_ID_HEADER = 'x-request-id';
/** A caller's id is kept only when it is a short token: it goes into every log line. */
const CALLER_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestId(request: { headers: Record<string, string | string[] | undefined> }): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && CALLER_REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Builds orchd's HTTP app without listening: health, metrics, the OpenAPI document at
 * `/openapi.json`, its UI at `/docs`, the authenticated `/v1` API and the web console at `/`. Tests
 * call `inject` on it; compose-orchd.ts calls `listen`.
 */
export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const clock = opts.clock ?? (() => new Date());
  const bodyLimit = opts.config.bodyLimit ?? DEFAULT_BODY_LIMIT;
  // The HTTPS server type differs from the HTTP one only in its socket; routes never see it.
  const app = Fastify({
    ...(opts.https ? { https: { cert: opts.https.cert, key: opts.https.key } } : {}),
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    bodyLimit,
    requestIdHeader: false,
    genReqId: requestId,
    // The route URLs are what clients use; `/v1/projects/p/compute/os/` is not another resource.
    routerOptions: { ignoreTrailingSlash: true },
  }) as unknown as FastifyInstance;
  // TypeBox's own checker: bodies are validated as sent (no type coercion, unknown fields refused
  // by the schemas), path and query strings are converted to the declared number types.
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  // Echo the request id so an operator can find the log lines of a failed call.
  app.addHook('onRequest', async (request, reply) => void reply.header(REQUEST_ID_HEADER, request.id));
  const metrics = createApiMetrics(opts.store.profiles, {
    perProject: Boolean(opts.config.metricsTokenSha256),
  });
  registerErrorHandling(app, { bodyLimit, metrics });
  await app.register(swagger, { openapi: openApiDocument() });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(healthRoutes, {
    store: opts.store,
    metrics,
    ...(opts.config.metricsTokenSha256 ? { metricsTokenSha256: opts.config.metricsTokenSha256 } : {}),
  });
  const { validation, hub, jobs } = await composeBackground(app, opts);
  const provisioning = composeProvisioning(app, {
    store: opts.store,
    hub,
    config: opts.config,
    clock,
    ...(opts.provisioning ? { settings: opts.provisioning } : {}),
  });
  await app.register(apiRoutes, {
    store: opts.store,
    config: opts.config,
    clock,
    validation,
    hub,
    jobs,
    provisioning,
  });
  if (opts.webRoot) await app.register(webConsoleRoutes, { root: opts.webRoot });
  return app;
}

/**
 * The background work of this app: the event hub (LISTEN/NOTIFY on PostgreSQL), the job queue
 * with its kinds, the runner (started when the app is ready, stopped with its jobs handed back to
 * the queue when it closes), and validation's service, stream settings and dry run.
 */
async function composeBackground(app: FastifyInstance, opts: BuildAppOptions) {
  const hub: EventHub = await openEventHub(opts.store.notifications);
  const log = opts.logger
    ? { warn: (fields: Record<string, unknown>, msg: string) => opts.logger?.warn(fields, msg) }
    : undefined;
  const settings = opts.validation;
  const kinds = [
    settings ? validationJobKind(opts.store, settings) : validationQueueOnlyKind,
    ...(opts.jobKinds ?? []),
  ];
  const jobs = composeJobs(
    opts.store,
    hub,
    kinds,
    {
      ...(settings?.instanceId ? { instanceId: settings.instanceId } : {}),
      concurrency: settings?.concurrency ?? DEFAULT_VALIDATION_CONCURRENCY,
      perProjectLimit: settings?.perProjectConcurrency,
      leaseMs: settings?.leaseMs ?? DEFAULT_LEASE_MS,
      pollMs: settings?.pollMs ?? 1000,
      progressMs: settings?.progressMs ?? 1000,
    },
    log,
  );
  const { runner } = jobs;
  if (runner) app.addHook('onReady', () => runner.start());
  // The runner hands its jobs back (publishing on the hub) before the hub stops listening.
  app.addHook('onClose', async () => {
    await runner?.stop();
    await hub.close();
  });
  const service = createValidationService({
    store: opts.store,
    queue: jobs.queue,
    onQueued: () => runner?.wake(),
  });
  const stream = { ...DEFAULT_STREAM_SETTINGS, ...opts.validationStream };
  const base = { service, hub, stream };
  if (!settings) return { validation: base, hub, jobs };
  const dryRun = createImageDryRun({
    settings,
    releaseServiceUrl: opts.config.releaseServiceUrl,
    clock: opts.clock ?? (() => new Date()),
    projectExists: async (project) => (await opts.store.projects.get(project)) !== undefined,
    slots: opts.store.dryRuns,
    ...(log ? { log } : {}),
  });
  // A previous life's slots would lapse with their lease anyway: a failure here only warns.
  app.addHook('onReady', async () => {
    await dryRun
      .releaseLeftovers()
      .catch((error: unknown) => log?.warn({ err: error }, 'dry-run slots of a previous start not released'));
  });
  return { validation: { ...base, dryRun }, hub, jobs };
}
