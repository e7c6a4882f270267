/**
 * The static part of the OpenAPI 3 document; paths and schemas are generated from the routes.
 * The security scheme is the bearer token every `/v1` route needs.
 */
export function openApiDocument() {
  return {
    openapi: '3.0.3',
    info: {
      title: 'edge-orch orchd API',
      version: '1',
      description:
        'OS profiles, projects and tokens. Field names and error codes follow EMF; see docs/api.md and docs/errors.md.',
    },
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http' as const,
          scheme: 'bearer',
          description: 'An orchd token (`eo_...`) or, when OIDC is configured, a JWT of the issuer.',
        },
        nodeCredential: {
          type: 'http' as const,
          scheme: 'bearer',
          description:
            'A node credential (`en_...`) issued by POST /v1/onboard; valid for its own host only.',
        },
      },
    },
    tags: [
      { name: 'os-profiles', description: 'Custom and default OS profiles of a project' },
      { name: 'projects', description: 'Tenants' },
      { name: 'tokens', description: 'API tokens (admin)' },
      { name: 'auth', description: 'The caller' },
      { name: 'health', description: 'Probes and metrics' },
      { name: 'hosts', description: 'Edge nodes: register, approve, provision, watch' },
      { name: 'instances', description: 'Which OS profile a host runs' },
      { name: 'locations', description: 'Regions and sites' },
      { name: 'nodes', description: 'What edge nodes call (onboarding, workflow, events)' },
      { name: 'orchestrator', description: 'Version and feature flags' },
    ],
  };
}
