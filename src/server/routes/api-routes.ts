import type { FastifyPluginAsync } from 'fastify';
import type { Store } from '../../store/store.js';
import type { ServerConfig } from '../server-config.js';
import { createAuthenticator } from '../auth/authenticator.js';
import { createOidcVerifier } from '../auth/oidc-verifier.js';
import { registerAuthHook } from '../auth/auth-hook.js';
import { consoleConfigRoutes } from './console-config.js';
import { createStreamGuard, DEFAULT_STREAM_LIMITS } from '../events/stream-guard.js';
import { projectSeeder } from '../projects/project-seeder.js';
import { projectRoutes } from './projects.js';
import { tokenRoutes } from './tokens.js';
import { osProfileRoutes } from './os-profiles.js';
import { whoamiRoutes } from './whoami.js';
import type { OsProfileValidationRouteOptions } from './os-profile-validation.js';
import type { EventHub } from '../events/event-hub.js';
import type { ComposedJobs } from '../jobs/compose-jobs.js';
import type { Provisioning } from '../provisioning/compose-provisioning.js';
import { hostRoutes } from './hosts.js';
import { hostDriverCheckRoutes } from './host-driver-check.js';
import { hostEventRoutes } from './host-events.js';
import { locationRoutes } from './locations.js';
import { nodeAgentRoutes } from './node-agent.js';
import { orchestratorInfoRoutes } from './orchestrator-info.js';

/** The version `GET /v1/orchestrator` reports. */
const ORCHESTRATOR_VERSION = '0.1.0';

/** What the `/v1` API composes. */
export interface ApiRouteOptions {
  readonly store: Store;
  readonly config: ServerConfig;
  readonly clock: () => Date;
  /** Pre-flight image validation: its service, event hub and stream settings. */
  readonly validation: OsProfileValidationRouteOptions;
  /** Events of every subject of every project, from every replica (for SSE routes). */
  readonly hub: EventHub;
  /** The job queue and (when this process runs jobs) its runner. */
  readonly jobs: ComposedJobs;
  /** Hosts, instances, onboarding, the node protocol and host events. */
  readonly provisioning: Provisioning;
}

/**
 * The authenticated `/v1` API, in its own encapsulated context so that the auth hook covers
 * every route registered here and nothing outside (health, metrics, docs).
 */
export const apiRoutes: FastifyPluginAsync<ApiRouteOptions> = async (app, opts) => {
  const { store, config, clock } = opts;
  const oidc = config.oidc ? createOidcVerifier(config.oidc, clock) : undefined;
  const authenticate = createAuthenticator({ tokens: store.tokens, now: clock, ...(oidc ? { oidc } : {}) });
  registerAuthHook(app, authenticate);
  // Every event stream below is capped and re-authorised by this guard (see startSse).
  const limits = { ...DEFAULT_STREAM_LIMITS, ...config.streamLimits };
  app.decorate('streamGuard', createStreamGuard({ authenticate, now: clock, limits }));
  await app.register(whoamiRoutes);
  await app.register(projectRoutes, { store, seedDefaults: projectSeeder(store, config.releaseServiceUrl) });
  await app.register(tokenRoutes, { store, clock });
  await app.register(osProfileRoutes, { store, config, clock, validation: opts.validation });
  await app.register(hostRoutes, { provisioning: opts.provisioning });
  await app.register(hostDriverCheckRoutes, { provisioning: opts.provisioning });
  await app.register(locationRoutes, { store });
  await app.register(hostEventRoutes, { provisioning: opts.provisioning });
  await app.register(nodeAgentRoutes, { provisioning: opts.provisioning });
  await app.register(orchestratorInfoRoutes, { version: ORCHESTRATOR_VERSION });
  await app.register(consoleConfigRoutes, { oidc: config.oidc });
};
