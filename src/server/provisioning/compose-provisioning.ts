import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/store.js';
import { DEFAULT_ORCHESTRATOR_URL, type ServerConfig } from '../server-config.js';
import { createAgentService, type AgentService } from './agent-service.js';
import type { EventHub } from '../events/event-hub.js';
import {
  DEFAULT_HOST_STREAM_SETTINGS,
  hostNotifier,
  type HostNotifier,
  type HostStreamSettings,
} from './host-event-stream.js';
import { createHostImportCheck, type HostImportCheck } from './host-import-check.js';
import { createHostService, type HostService } from './host-service.js';
import { createHostViews, type HostViews } from './host-views.js';
import { createInstanceService, type InstanceService } from './instance-service.js';
import { createOnboarding, type Onboarding } from './onboarding-service.js';
import { createRateLimiter, type RateLimiter, type RateLimitSettings } from './rate-limiter.js';
import { startStepTimeoutSweeper } from './step-timeout-sweeper.js';
import { createWorkflowDriver, type WorkflowDriver } from './workflow-driver.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's provisioning parts (tests drive the step-timeout sweep through `driver`). */
    provisioning: Provisioning;
  }
}

/** How provisioning runs in one app. */
export interface ProvisioningSettings {
  /** How often silent steps are looked for (ms); default 5000. 0 disables the timer (tests sweep by hand). */
  readonly sweepMs?: number;
  readonly stream?: Partial<HostStreamSettings>;
  /** `POST /v1/onboard` per source address; default a burst of 30, 60 a minute. */
  readonly onboardRateLimit?: RateLimitSettings;
}

/** Everything the host, instance, node and event routes use. */
export interface Provisioning {
  readonly store: Store;
  /** The shared hub (host streams subscribe to its host-log subject). */
  readonly hub: EventHub;
  /** Wakes host streams on every replica after a committed change. */
  readonly notifier: HostNotifier;
  readonly views: HostViews;
  readonly driver: WorkflowDriver;
  readonly hosts: HostService;
  readonly importCheck: HostImportCheck;
  readonly instances: InstanceService;
  readonly onboarding: Onboarding;
  readonly agent: AgentService;
  readonly limiter: RateLimiter;
  readonly stream: HostStreamSettings;
}

export const DEFAULT_SWEEP_MS = 5000;
export const DEFAULT_ONBOARD_RATE_LIMIT: RateLimitSettings = { burst: 30, perMinute: 60 };

/** Builds provisioning for an app and runs the step-timeout sweep while it is up. */
export function composeProvisioning(
  app: FastifyInstance,
  deps: {
    store: Store;
    hub: EventHub;
    config: ServerConfig;
    clock: () => Date;
    settings?: ProvisioningSettings;
  },
): Provisioning {
  const { store, clock, config } = deps;
  const settings = deps.settings ?? {};
  const { hub } = deps;
  const notifier = hostNotifier(hub, {
    warn: (fields, message) => app.log.warn(fields, message),
  });
  const views = createHostViews(store);
  const driver = createWorkflowDriver({
    store,
    clock,
    hub: notifier,
    agent: {
      orchestratorUrl: config.orchestratorUrl ?? (() => DEFAULT_ORCHESTRATOR_URL),
      orchestratorCaPem: config.orchestratorCaPem ?? '',
    },
  });
  const sweepMs = settings.sweepMs ?? DEFAULT_SWEEP_MS;
  if (sweepMs > 0) {
    let stop: (() => void) | undefined;
    const log = { warn: (fields: Record<string, unknown>, message: string) => app.log.warn(fields, message) };
    app.addHook('onReady', async () => void (stop = startStepTimeoutSweeper(driver, sweepMs, log)));
    app.addHook('onClose', async () => stop?.());
  }
  const provisioning: Provisioning = {
    store,
    hub,
    notifier,
    views,
    driver,
    hosts: createHostService({ store, views, hub: notifier, clock }),
    importCheck: createHostImportCheck({ store }),
    instances: createInstanceService({ store, views, hub: notifier, driver }),
    onboarding: createOnboarding({ store, hub: notifier, driver, clock }),
    agent: createAgentService({ store, driver }),
    limiter: createRateLimiter(settings.onboardRateLimit ?? DEFAULT_ONBOARD_RATE_LIMIT, () =>
      clock().getTime(),
    ),
    stream: { ...DEFAULT_HOST_STREAM_SETTINGS, ...settings.stream },
  };
  app.decorate('provisioning', provisioning);
  return provisioning;
}
