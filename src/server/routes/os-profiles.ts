import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { OrchError } from '../../core/errors/index.js';
import { newResourceId } from '../../core/ids/index.js';
import { issuesToError, validateProfileChanges, validateProfileCreate } from '../../core/os-profile/index.js';
import type { OsProfile } from '../../core/os-profile/index.js';
import type { Store } from '../../store/store.js';
import type { ServerConfig } from '../server-config.js';
import { access } from '../auth/auth-hook.js';
import { AUTH_ERRORS, errorResponses } from '../schemas/error-schema.js';
import { ProjectParams } from '../schemas/role-grant-schema.js';
import { coreValidatedBody } from '../os-profiles/core-validated-body.js';
import { toListQuery } from '../os-profiles/list-query.js';
import { OS_PROFILE_FILTER_CATALOG } from '../os-profiles/os-profile-filter-catalog.js';
import { createOsProfileWire } from '../os-profiles/os-profile-wire.js';
import {
  ListProfilesQuery,
  OsProfileChangeInput,
  OsProfileInput,
  OsProfileList,
  OsProfileResource,
  ProjectProfileParams,
} from '../os-profiles/os-profile-schemas.js';

/** What the OS profile routes use. */
export interface OsProfileRouteOptions {
  readonly store: Store;
  readonly config: ServerConfig;
  readonly clock: () => Date;
}

/** EMF's path segment, and its alias. */
const SEGMENTS = ['os', 'operating_systems'] as const;

/** Fields the API adds to EMF's resource; a GET-edit-PUT body may carry them back, so they are dropped. */
const VIEW_ONLY_FIELDS = ['tlsCaCertInfo', 'validation'];

/**
 * OS profiles of a project (EMF's OperatingSystemResource) under `/compute/os` and its alias
 * `/compute/operating_systems`. Body rules are core's; the store enforces uniqueness and the
 * in-use guard. A project that does not exist answers 404 (to callers allowed to know).
 */
export const osProfileRoutes: FastifyPluginAsyncTypebox<OsProfileRouteOptions> = async (app, opts) => {
  const { store, clock } = opts;
  const wire = createOsProfileWire();
  const context = () => ({ releaseServiceUrl: opts.config.releaseServiceUrl, now: clock() });
  const requireProject = async (project: string) => {
    if (!(await store.projects.get(project))) {
      throw new OrchError('NotFound', `project "${project}" not found`, { details: { project } });
    }
  };
  const loadProfile = async (project: string, resourceId: string): Promise<OsProfile> => {
    await requireProject(project);
    const profile = await store.profiles.get(project, resourceId);
    if (!profile) {
      throw new OrchError('NotFound', `OS profile ${resourceId} not found in project "${project}"`, {
        details: { resourceId },
      });
    }
    return profile;
  };
  const change = (mode: 'patch' | 'put') => async (project: string, resourceId: string, body: unknown) => {
    const existing = await loadProfile(project, resourceId);
    const result = await validateProfileChanges(existing, withoutViewFields(body), mode, context());
    if (!result.ok) throw issuesToError(result.issues);
    return wire.toWire(await store.profiles.update(project, resourceId, result.value));
  };

  for (const segment of SEGMENTS) {
    const base = `/v1/projects/:project/compute/${segment}`;
    const tags = ['os-profiles'];
    const alias = segment === 'os' ? '' : ` (alias of /compute/os)`;
    const one = { params: ProjectProfileParams, tags };

    app.post(
      base,
      {
        schema: {
          ...access('write'),
          tags,
          summary: `Create an OS profile${alias}`,
          params: ProjectParams,
          body: OsProfileInput,
          response: { 201: OsProfileResource, ...errorResponses(...AUTH_ERRORS, 404, 409) },
        },
        validatorCompiler: coreValidatedBody,
      },
      async (request, reply) => {
        const { project } = request.params;
        await requireProject(project);
        const result = await validateProfileCreate(request.body, context());
        if (!result.ok) throw issuesToError(result.issues);
        const created = await store.profiles.create(project, newResourceId('os'), result.value);
        const location = `/v1/projects/${project}/compute/${segment}/${created.resourceId}`;
        return reply
          .status(201)
          .header('location', location)
          .send(await wire.toWire(created));
      },
    );
    app.get(
      base,
      {
        schema: {
          ...access('read'),
          tags,
          summary: `List OS profiles${alias}`,
          params: ProjectParams,
          querystring: ListProfilesQuery,
          response: { 200: OsProfileList, ...errorResponses(...AUTH_ERRORS, 404) },
        },
      },
      async (request) => {
        const { project } = request.params;
        await requireProject(project);
        const query = toListQuery(request.query, OS_PROFILE_FILTER_CATALOG);
        const page = await store.profiles.list(project, query);
        return {
          OperatingSystemResources: await Promise.all(page.items.map((p) => wire.toWire(p))),
          totalElements: page.total,
          hasNext: query.offset + page.items.length < page.total,
        };
      },
    );
    app.get(
      `${base}/:resourceId`,
      {
        schema: {
          ...access('read'),
          ...one,
          summary: `Get an OS profile${alias}`,
          response: { 200: OsProfileResource, ...errorResponses(...AUTH_ERRORS, 404) },
        },
      },
      async (request) => wire.toWire(await loadProfile(request.params.project, request.params.resourceId)),
    );
    for (const [method, mode] of [
      ['PATCH', 'patch'],
      ['PUT', 'put'],
    ] as const) {
      app.route({
        method,
        url: `${base}/:resourceId`,
        schema: {
          ...access('write'),
          ...one,
          summary:
            mode === 'patch'
              ? `Change description, metadata, architecture or tlsCaCert${alias}`
              : `Replace an OS profile; only the mutable fields may differ${alias}`,
          body: OsProfileChangeInput,
          response: { 200: OsProfileResource, ...errorResponses(...AUTH_ERRORS, 404) },
        },
        validatorCompiler: coreValidatedBody,
        handler: async (request) =>
          change(mode)(request.params.project, request.params.resourceId, request.body),
      });
    }
    app.delete(
      `${base}/:resourceId`,
      {
        schema: {
          ...access('write'),
          ...one,
          summary: `Delete an OS profile (refused while instances use it)${alias}`,
          response: {
            204: Type.Null({ description: 'Deleted.' }),
            ...errorResponses(...AUTH_ERRORS, 404, 409),
          },
        },
      },
      async (request, reply) => {
        const { project, resourceId } = request.params;
        await requireProject(project);
        await store.profiles.delete(project, resourceId);
        return reply.status(204).send(null);
      },
    );
  }
};

function withoutViewFields(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([key]) => !VIEW_ONLY_FIELDS.includes(key)));
}
