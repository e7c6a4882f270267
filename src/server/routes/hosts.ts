import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  HostChangeInput,
  HostList,
  HostResource,
  HostSummary,
  InstanceInput,
  InstanceList,
  InstanceResource,
  RegisterHostInput,
} from '../../api/host-schemas.js';
import { HostImportCheckInput, HostImportCheckResult } from '../../api/host-import-schemas.js';
import { access } from '../auth/auth-hook.js';
import { AUTH_ERRORS, errorResponses } from '../schemas/error-schema.js';
import { ProjectName, ProjectParams } from '../schemas/role-grant-schema.js';
import type { Provisioning } from '../provisioning/compose-provisioning.js';

const HOST_TAGS = ['hosts'];
const INSTANCE_TAGS = ['instances'];
const ItemParams = Type.Object(
  { project: ProjectName, resourceId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
/** EMF list parameters; unknown parameters are ignored as upstream does. */
const ListQuery = Type.Object({
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000, default: 0 })),
  filter: Type.Optional(
    Type.String({ maxLength: 4096, description: "AIP-160, e.g. serialNumber='S1' AND uuid='…'" }),
  ),
  orderBy: Type.Optional(Type.String({ maxLength: 1024 })),
});
const Empty = Type.Object({}, { description: 'Done (EMF answers an empty object).' });
const base = '/v1/projects/:project/compute';
/** A 10,000-row check with long metadata is larger than the default body limit. */
const IMPORT_CHECK_BODY_LIMIT = 16 * 1024 * 1024;

/**
 * Hosts and instances (EMF's `/compute/hosts`, `/compute/instances`): register answers 200 with
 * the HostResource, delete and onboard answer 200 `{}` as upstream does; reprovision is
 * edge-orch's (EMF makes you delete and re-register).
 */
export const hostRoutes: FastifyPluginAsyncTypebox<{ provisioning: Provisioning }> = async (app, opts) => {
  const { hosts, instances, driver, importCheck } = opts.provisioning;
  const one = { params: ItemParams, tags: HOST_TAGS };
  const hostAnswer = { 200: HostResource, ...errorResponses(...AUTH_ERRORS, 404, 409) };

  app.post(
    `${base}/hosts/register`,
    {
      schema: {
        ...access('write'),
        tags: HOST_TAGS,
        summary: 'Register a host by serial number and/or UUID (200 with the HostResource)',
        params: ProjectParams,
        body: RegisterHostInput,
        response: hostAnswer,
      },
    },
    async ({ params, body }) => hosts.register(params.project, body),
  );
  app.post(
    `${base}/hosts/import-check`,
    {
      bodyLimit: IMPORT_CHECK_BODY_LIMIT,
      schema: {
        ...access('write'),
        tags: HOST_TAGS,
        summary: "Dry run of a host CSV import: each row judged with the server's rules (nothing is written)",
        description:
          'Serial/UUID well-formed, at least one, free in every project and once in the batch; the OS profile exists (name or resourceId) and its image validation has not failed (pending is accepted and noted); Secure=true needs an SB_FDE profile; the site exists (id or name); metadata parses. Each error carries the code the real call would answer.',
        params: ProjectParams,
        body: HostImportCheckInput,
        response: { 200: HostImportCheckResult, ...errorResponses(...AUTH_ERRORS, 404) },
      },
    },
    async ({ params, body }) => importCheck.check(params.project, body.rows),
  );
  app.get(
    `${base}/hosts`,
    {
      schema: {
        ...access('read'),
        tags: HOST_TAGS,
        summary: 'List hosts (EMF envelope, AIP-160 filter, orderBy)',
        params: ProjectParams,
        querystring: ListQuery,
        response: { 200: HostList, ...errorResponses(...AUTH_ERRORS, 404) },
      },
    },
    async ({ params, query }) => hosts.list(params.project, query),
  );
  app.get(
    `${base}/hosts/summary`,
    {
      schema: {
        ...access('read'),
        tags: HOST_TAGS,
        summary: 'Count hosts: total, in error, running, without an instance',
        params: ProjectParams,
        querystring: Type.Object({ filter: Type.Optional(Type.String({ maxLength: 4096 })) }),
        response: { 200: HostSummary, ...errorResponses(...AUTH_ERRORS, 404) },
      },
    },
    async ({ params }) => hosts.summary(params.project),
  );
  app.get(
    `${base}/hosts/:resourceId`,
    { schema: { ...access('read'), ...one, summary: 'Get a host', response: hostAnswer } },
    async ({ params }) => hosts.get(params.project, params.resourceId),
  );
  const change = (mode: 'patch' | 'put') => ({
    schema: {
      ...access('write'),
      ...one,
      summary:
        mode === 'patch'
          ? 'Change name, siteId, metadata or desiredState (fieldMask, else every non-zero field)'
          : 'Replace the changeable fields (name, siteId, metadata, desiredState)',
      querystring: Type.Object({ fieldMask: Type.Optional(Type.String({ maxLength: 1024 })) }),
      body: HostChangeInput,
      response: hostAnswer,
    },
  });
  app.patch(`${base}/hosts/:resourceId`, change('patch'), async ({ params, body, query }) =>
    hosts.change(params.project, params.resourceId, body, 'patch', query.fieldMask),
  );
  app.put(`${base}/hosts/:resourceId`, change('put'), async ({ params, body }) =>
    hosts.change(params.project, params.resourceId, body, 'put'),
  );
  app.delete(
    `${base}/hosts/:resourceId`,
    {
      schema: {
        ...access('write'),
        ...one,
        summary: 'Delete a host (refused while it has an instance); revokes its node credential',
        response: { 200: Empty, ...errorResponses(...AUTH_ERRORS, 404, 409) },
      },
    },
    async ({ params }) => {
      await hosts.remove(params.project, params.resourceId);
      return {};
    },
  );
  app.patch(
    `${base}/hosts/:resourceId/onboard`,
    {
      schema: {
        ...access('write'),
        ...one,
        summary: 'Approve a host registered without autoOnboard (EMF onboard)',
        response: { 200: Empty, ...errorResponses(...AUTH_ERRORS, 404, 409) },
      },
    },
    async ({ params }) => {
      await hosts.approve(params.project, params.resourceId);
      return {};
    },
  );
  app.patch(
    `${base}/hosts/:resourceId/register`,
    {
      schema: {
        ...access('write'),
        ...one,
        summary: 'Change the registration (name; autoOnboard true approves)',
        body: RegisterHostInput,
        response: hostAnswer,
      },
    },
    async ({ params, body }) => hosts.reregister(params.project, params.resourceId, body),
  );
  app.put(
    `${base}/hosts/:resourceId/invalidate`,
    {
      schema: {
        ...access('write'),
        ...one,
        summary: 'Invalidate a host: UNTRUSTED, its node credential revoked',
        querystring: Type.Object({ note: Type.Optional(Type.String({ maxLength: 1024 })) }),
        response: { 200: Empty, ...errorResponses(...AUTH_ERRORS, 404, 409) },
      },
    },
    async ({ params, query }) => {
      await hosts.invalidate(params.project, params.resourceId, query.note ?? '');
      return {};
    },
  );
  app.post(
    `${base}/hosts/:resourceId/reprovision`,
    {
      schema: {
        ...access('write'),
        ...one,
        summary: 'Re-arm a failed or provisioned host: a new attempt starts when its node asks for work',
        response: hostAnswer,
      },
    },
    async ({ params }) => {
      const host = await hosts.load(params.project, params.resourceId);
      await driver.reprovision(host);
      return hosts.get(params.project, params.resourceId);
    },
  );

  const instanceOne = { params: ItemParams, tags: INSTANCE_TAGS };
  app.post(
    `${base}/instances`,
    {
      schema: {
        ...access('write'),
        tags: INSTANCE_TAGS,
        summary: 'Create the instance of a host: which OS profile it runs (200 with the InstanceResource)',
        params: ProjectParams,
        body: InstanceInput,
        response: { 200: InstanceResource, ...errorResponses(...AUTH_ERRORS, 404, 409) },
      },
    },
    async ({ params, body }) => instances.create(params.project, body),
  );
  app.get(
    `${base}/instances`,
    {
      schema: {
        ...access('read'),
        tags: INSTANCE_TAGS,
        summary: 'List instances',
        params: ProjectParams,
        querystring: ListQuery,
        response: { 200: InstanceList, ...errorResponses(...AUTH_ERRORS, 404) },
      },
    },
    async ({ params, query }) => instances.list(params.project, query),
  );
  app.get(
    `${base}/instances/:resourceId`,
    {
      schema: {
        ...access('read'),
        ...instanceOne,
        summary: 'Get an instance (provisioningStatus and edge-orch provisioning steps)',
        response: { 200: InstanceResource, ...errorResponses(...AUTH_ERRORS, 404) },
      },
    },
    async ({ params }) => instances.get(params.project, params.resourceId),
  );
  app.delete(
    `${base}/instances/:resourceId`,
    {
      schema: {
        ...access('write'),
        ...instanceOne,
        summary: 'Delete an instance and its workflow',
        response: { 200: Empty, ...errorResponses(...AUTH_ERRORS, 404) },
      },
    },
    async ({ params }) => {
      await instances.remove(params.project, params.resourceId);
      return {};
    },
  );
};
