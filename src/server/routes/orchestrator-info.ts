import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { OrchestratorInfo } from '../../api/host-schemas.js';
import { access } from '../auth/auth-hook.js';
import { errorResponses } from '../schemas/error-schema.js';

const on = { installed: true };
const off = { installed: false };

/**
 * `GET /v1/orchestrator`: the feature flags EMF's orch-cli reads at login. Onboarding and
 * provisioning are what edge-orch does; cluster and application orchestration it does not.
 */
export const orchestratorInfoRoutes: FastifyPluginAsyncTypebox<{ version: string }> = async (app, opts) => {
  app.get(
    '/v1/orchestrator',
    {
      schema: {
        ...access('public'),
        tags: ['orchestrator'],
        summary: "The orchestrator's version and feature flags (EMF shape)",
        response: { 200: OrchestratorInfo, ...errorResponses(500) },
      },
    },
    async () => ({
      schemaVersion: '1.0',
      orchestrator: {
        version: opts.version,
        features: {
          'edge-infrastructure-manager': {
            installed: true,
            features: { onboarding: on, provisioning: on, oob: off, day2: off, 'oxm-profile': off },
          },
          'application-orchestration': off,
          'cluster-orchestration': off,
          multitenancy: on,
          'orchestrator-observability': off,
        },
      },
    }),
  );
};
