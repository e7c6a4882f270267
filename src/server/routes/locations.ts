import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { OrchError } from '../../core/errors/index.js';
import { newResourceId } from '../../core/ids/index.js';
import { RegionInput, RegionResource, SiteInput, SiteResource } from '../../api/host-schemas.js';
import type { Store } from '../../store/store.js';
import { access } from '../auth/auth-hook.js';
import { AUTH_ERRORS, errorResponses } from '../schemas/error-schema.js';
import { ProjectName, ProjectParams } from '../schemas/role-grant-schema.js';
import { regionShape, siteShape } from '../provisioning/host-views.js';

const TAGS = ['locations'];
const Id = Type.String({ maxLength: 64 });
const RegionParams = Type.Object({ project: ProjectName, regionId: Id }, { additionalProperties: false });
const SiteParams = Type.Object(
  { project: ProjectName, regionId: Id, siteId: Id },
  { additionalProperties: false },
);
/** EMF's list parameters; only `name='…'` filters are understood (how orch-cli looks sites up). */
const ListQuery = Type.Object({
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
  filter: Type.Optional(Type.String({ maxLength: 1024 })),
});
const Empty = Type.Object({});
/** orch-cli reads a site by id under the placeholder region `empty`. */
const ANY_REGION = new Set(['empty', '-', '*']);
const NAME_FILTER = /^\s*name\s*=\s*(?:"([^"]*)"|'([^']*)')\s*$/;

function nameOf(filter: string | undefined): string | undefined {
  if (filter === undefined || filter.trim() === '') return undefined;
  const match = NAME_FILTER.exec(filter);
  if (!match) {
    throw new OrchError(
      'InvalidArgument',
      `regions and sites filter only by name, e.g. name="site-1"; got ${filter.slice(0, 80)}`,
      {
        details: { field: 'filter' },
      },
    );
  }
  return match[1] ?? match[2] ?? '';
}

function page<T>(items: T[], query: { pageSize?: number; offset?: number }) {
  const offset = query.offset ?? 0;
  const size = query.pageSize ?? 20;
  return {
    items: items.slice(offset, offset + size),
    total: items.length,
    hasNext: offset + size < items.length,
  };
}

/** Minimal regions and sites (EMF shapes): enough to give hosts the `siteId` orch-cli requires. */
export const locationRoutes: FastifyPluginAsyncTypebox<{ store: Store }> = async (app, { store }) => {
  const requireProject = async (project: string) => {
    if (!(await store.projects.get(project))) {
      throw new OrchError('NotFound', `project "${project}" not found`, { details: { project } });
    }
  };
  const regions = '/v1/projects/:project/regions';
  app.post(
    regions,
    {
      schema: {
        ...access('write'),
        tags: TAGS,
        summary: 'Create a region',
        params: ProjectParams,
        body: RegionInput,
        response: { 200: RegionResource, ...errorResponses(...AUTH_ERRORS, 404) },
      },
    },
    async ({ params, body }) => {
      await requireProject(params.project);
      const region = await store.sites.createRegion(
        params.project,
        () => newResourceId('region'),
        body.name,
        body.parentId ?? '',
        body.metadata ?? [],
      );
      return regionShape(region);
    },
  );
  app.get(
    regions,
    {
      schema: {
        ...access('read'),
        tags: TAGS,
        summary: 'List regions (filter name="…")',
        params: ProjectParams,
        querystring: ListQuery,
        response: {
          200: Type.Object({
            regions: Type.Array(RegionResource),
            totalElements: Type.Integer(),
            hasNext: Type.Boolean(),
          }),
          ...errorResponses(...AUTH_ERRORS, 404),
        },
      },
    },
    async ({ params, query }) => {
      await requireProject(params.project);
      const all = await store.sites.listRegions(params.project, nameOf(query.filter));
      const p = page(all.map(regionShape), query);
      return { regions: p.items, totalElements: p.total, hasNext: p.hasNext };
    },
  );
  app.get(
    `${regions}/:regionId`,
    {
      schema: {
        ...access('read'),
        tags: TAGS,
        summary: 'Get a region',
        params: RegionParams,
        response: { 200: RegionResource, ...errorResponses(...AUTH_ERRORS, 404) },
      },
    },
    async ({ params }) => {
      await requireProject(params.project);
      const region = await store.sites.getRegion(params.project, params.regionId);
      if (!region)
        throw new OrchError('NotFound', `region ${params.regionId} not found in project "${params.project}"`);
      return regionShape(region);
    },
  );
  app.delete(
    `${regions}/:regionId`,
    {
      schema: {
        ...access('write'),
        tags: TAGS,
        summary: 'Delete a region (refused while it has sites)',
        params: RegionParams,
        response: { 200: Empty, ...errorResponses(...AUTH_ERRORS, 404, 409) },
      },
    },
    async ({ params }) => {
      await requireProject(params.project);
      await store.sites.deleteRegion(params.project, params.regionId);
      return {};
    },
  );
  const sites = `${regions}/:regionId/sites`;
  app.post(
    sites,
    {
      schema: {
        ...access('write'),
        tags: TAGS,
        summary: 'Create a site in a region',
        params: RegionParams,
        body: SiteInput,
        response: { 200: SiteResource, ...errorResponses(...AUTH_ERRORS, 404) },
      },
    },
    async ({ params, body }) => {
      await requireProject(params.project);
      const site = await store.sites.createSite(
        params.project,
        () => newResourceId('site'),
        params.regionId,
        body.name,
        body.metadata ?? [],
      );
      return siteShape(site);
    },
  );
  app.get(
    sites,
    {
      schema: {
        ...access('read'),
        tags: TAGS,
        summary: 'List the sites of a region (`empty` or `-`: every region; filter name="…")',
        params: RegionParams,
        querystring: ListQuery,
        response: {
          200: Type.Object({
            sites: Type.Array(SiteResource),
            totalElements: Type.Integer(),
            hasNext: Type.Boolean(),
          }),
          ...errorResponses(...AUTH_ERRORS, 404),
        },
      },
    },
    async ({ params, query }) => {
      await requireProject(params.project);
      const region = ANY_REGION.has(params.regionId) ? undefined : params.regionId;
      const all = await store.sites.listSites(params.project, region, nameOf(query.filter));
      const p = page(all.map(siteShape), query);
      return { sites: p.items, totalElements: p.total, hasNext: p.hasNext };
    },
  );
  app.get(
    `${sites}/:siteId`,
    {
      schema: {
        ...access('read'),
        tags: TAGS,
        summary: 'Get a site (`empty` as the region matches any region, as orch-cli asks)',
        params: SiteParams,
        response: { 200: SiteResource, ...errorResponses(...AUTH_ERRORS, 404) },
      },
    },
    async ({ params }) => {
      await requireProject(params.project);
      const site = await store.sites.getSite(params.project, params.siteId);
      if (!site || (!ANY_REGION.has(params.regionId) && site.parentId !== params.regionId)) {
        throw new OrchError('NotFound', `site ${params.siteId} not found in project "${params.project}"`, {
          details: { resourceId: params.siteId },
        });
      }
      return siteShape(site);
    },
  );
  app.delete(
    `${sites}/:siteId`,
    {
      schema: {
        ...access('write'),
        tags: TAGS,
        summary: 'Delete a site (refused while hosts are in it)',
        params: SiteParams,
        response: { 200: Empty, ...errorResponses(...AUTH_ERRORS, 404, 409) },
      },
    },
    async ({ params }) => {
      await requireProject(params.project);
      await store.sites.deleteSite(params.project, params.siteId);
      return {};
    },
  );
};
