import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Store } from '../../store/store.js';
import type { ServerConfig } from '../server-config.js';
import { access } from '../auth/auth-hook.js';
import { AUTH_ERRORS, errorResponses } from '../schemas/error-schema.js';
import { ProjectParams } from '../../api/index.js';
import { coreRulesBody } from '../os-profiles/core-rules-body.js';
import { createOsProfileService } from '../os-profiles/os-profile-service.js';
import {
  ListProfilesQuery,
  OsProfileChangeInput,
  OsProfileInput,
  OsProfileList,
  OsProfileResource,
  PatchProfileQuery,
  ProjectProfileParams,
} from '../../api/os-profile-schemas.js';
import { osImageDryRunRoutes } from './os-image-dry-run.js';
import { osProfileValidationRoutes, type OsProfileValidationRouteOptions } from './os-profile-validation.js';

/** What the OS profile routes use. */
export interface OsProfileRouteOptions {
  readonly store: Store;
  readonly config: ServerConfig;
  readonly clock: () => Date;
  /** Image validation: started after each create (unless `validate: false`), and its routes. */
  readonly validation: OsProfileValidationRouteOptions;
}

/** EMF's DeleteOperatingSystemResponse: an empty object. */
const DeletedResponse = Type.Object({}, { description: 'Deleted.', additionalProperties: false });

/** EMF's path segment, and its alias. */
const SEGMENTS = ['os', 'operating_systems'] as const;
const TAGS = ['os-profiles'];

/** The route schemas of one segment; `alias` marks the alias segment's summaries. */
function schemas(alias: string) {
  const one = { params: ProjectProfileParams, tags: TAGS };
  const change = (summary: string) => ({
    ...access('write'),
    ...one,
    summary: summary + alias,
    body: OsProfileChangeInput,
    response: { 200: OsProfileResource, ...errorResponses(...AUTH_ERRORS, 404, 409) },
  });
  return {
    create: {
      ...access('write'),
      tags: TAGS,
      summary: `Create an OS profile${alias}`,
      description: 'Answers 200 with the profile, as EMF does (its generated clients read a 200 only).',
      params: ProjectParams,
      body: OsProfileInput,
      response: { 200: OsProfileResource, ...errorResponses(...AUTH_ERRORS, 404, 409) },
    },
    list: {
      ...access('read'),
      tags: TAGS,
      summary: `List OS profiles${alias}`,
      params: ProjectParams,
      querystring: ListProfilesQuery,
      response: { 200: OsProfileList, ...errorResponses(...AUTH_ERRORS, 404) },
    },
    get: {
      ...access('read'),
      ...one,
      summary: `Get an OS profile${alias}`,
      response: { 200: OsProfileResource, ...errorResponses(...AUTH_ERRORS, 404) },
    },
    patch: {
      ...change('Change name, description, metadata, architecture or tlsCaCert'),
      querystring: PatchProfileQuery,
    },
    put: change('Replace an OS profile; only the mutable fields may differ'),
    remove: {
      ...access('write'),
      ...one,
      summary: `Delete an OS profile (refused while instances use it)${alias}`,
      description: 'Answers 200 with `{}`, as EMF does.',
      response: { 200: DeletedResponse, ...errorResponses(...AUTH_ERRORS, 404, 409) },
    },
  };
}

/**
 * OS profiles of a project (EMF's OperatingSystemResource) under `/compute/os` and its alias
 * `/compute/operating_systems`. Bodies reach the handlers unchecked by the schemas (which only
 * document them): core's rules check them in the service, with the messages the CLI shows too.
 */
export const osProfileRoutes: FastifyPluginAsyncTypebox<OsProfileRouteOptions> = async (app, opts) => {
  const service = createOsProfileService({
    store: opts.store,
    releaseServiceUrl: opts.config.releaseServiceUrl,
    clock: opts.clock,
    validation: opts.validation.service,
    hub: opts.validation.hub,
    log: app.log,
  });
  for (const segment of SEGMENTS) {
    const base = `/v1/projects/:project/compute/${segment}`;
    const s = schemas(segment === 'os' ? '' : ' (alias of /compute/os)');
    const bodyRules = { validatorCompiler: coreRulesBody };
    app.post(base, { schema: s.create, ...bodyRules }, async (request, reply) => {
      const created = await service.create(request.params.project, request.body);
      const location = `/v1/projects/${request.params.project}/compute/${segment}/${created.resourceId}`;
      return reply.status(200).header('location', location).send(created);
    });
    app.get(base, { schema: s.list }, async (request) => service.list(request.params.project, request.query));
    const item = `${base}/:resourceId`;
    app.get(item, { schema: s.get }, async ({ params }) => service.get(params.project, params.resourceId));
    app.patch(item, { schema: s.patch, ...bodyRules }, async ({ params, body, query }) =>
      service.change(params.project, params.resourceId, body, 'patch', query.fieldMask),
    );
    app.put(item, { schema: s.put, ...bodyRules }, async ({ params, body }) =>
      service.change(params.project, params.resourceId, body, 'put'),
    );
    app.delete(item, { schema: s.remove }, async ({ params }, reply) => {
      await service.remove(params.project, params.resourceId);
      return reply.status(200).send({});
    });
  }
  await app.register(osProfileValidationRoutes, opts.validation);
  await app.register(osImageDryRunRoutes, { dryRun: opts.validation.dryRun, stream: opts.validation.stream });
};
