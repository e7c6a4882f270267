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
      },
    },
    tags: [
      { name: 'os-profiles', description: 'Custom and default OS profiles of a project' },
      { name: 'projects', description: 'Tenants' },
      { name: 'tokens', description: 'API tokens (admin)' },
      { name: 'auth', description: 'The caller' },
      { name: 'health', description: 'Probes and metrics' },
    ],
  };
}
