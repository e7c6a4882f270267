import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { OrchError } from '../../core/errors/index.js';
import type { Project, Store } from '../../store/store.js';
import { access, principalOf } from '../auth/auth-hook.js';
import { roleOn } from '../auth/principal.js';
import { AUTH_ERRORS, errorResponses } from '../schemas/error-schema.js';
import {
  CreatedProject,
  CreateProjectBody,
  Project as ProjectBody,
  ProjectList,
  ProjectParams,
} from '../../api/index.js';

/** What the project routes use. */
export interface ProjectRouteOptions {
  readonly store: Store;
  /** Seeds the default OS profiles into a new project; returns how many were added. */
  readonly seedDefaults: (project: string) => Promise<number>;
}

function wire(project: Project) {
  return { name: project.name, description: project.description, createdAt: project.createdAt };
}

/**
 * Projects are tenants. Admins create them (the seven default OS profiles are seeded at once);
 * everyone lists and reads the projects their roles cover.
 */
export const projectRoutes: FastifyPluginAsyncTypebox<ProjectRouteOptions> = async (app, opts) => {
  app.post(
    '/v1/projects',
    {
      schema: {
        ...access('admin'),
        tags: ['projects'],
        summary: 'Create a project and seed its default OS profiles',
        body: CreateProjectBody,
        response: { 201: CreatedProject, ...errorResponses(...AUTH_ERRORS, 409) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const project = await opts.store.projects.create(body.name, body.description ?? '');
      const seeded = await opts.seedDefaults(project.name);
      return reply.status(201).send({ ...wire(project), defaultProfilesSeeded: seeded });
    },
  );
  app.get(
    '/v1/projects',
    {
      schema: {
        ...access('authenticated'),
        tags: ['projects'],
        summary: 'List the projects the caller has a role on (all, for admins)',
        response: { 200: ProjectList, ...errorResponses(...AUTH_ERRORS) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const visible = (await opts.store.projects.list()).filter(
        (p) => roleOn(principal, p.name) !== undefined,
      );
      return { projects: visible.map(wire), totalElements: visible.length };
    },
  );
  app.get(
    '/v1/projects/:project',
    {
      schema: {
        ...access('read'),
        tags: ['projects'],
        summary: 'Get one project',
        params: ProjectParams,
        response: { 200: ProjectBody, ...errorResponses(...AUTH_ERRORS, 404) },
      },
    },
    async (request) => {
      const { project: name } = request.params;
      const project = await opts.store.projects.get(name);
      if (!project)
        throw new OrchError('NotFound', `project "${name}" not found`, { details: { project: name } });
      return wire(project);
    },
  );
};
