import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DriverCheckQuery, DriverCheckResult } from '../../api/driver-check-schemas.js';
import { OrchError } from '../../core/errors/index.js';
import { access } from '../auth/auth-hook.js';
import type { Provisioning } from '../provisioning/compose-provisioning.js';
import { storedDriverCheck } from '../provisioning/driver-check-service.js';
import { AUTH_ERRORS, errorResponses } from '../schemas/error-schema.js';
import { ProjectName } from '../schemas/role-grant-schema.js';

const Params = Type.Object(
  { project: ProjectName, resourceId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);

/**
 * `GET /v1/projects/{project}/compute/hosts/{id}/driver-check[?osProfileId=]`: the driver check
 * from stored facts (the host's PCI devices, the profile's validation report), before provisioning.
 */
export const hostDriverCheckRoutes: FastifyPluginAsyncTypebox<{ provisioning: Provisioning }> = async (
  app,
  opts,
) => {
  const { store } = opts.provisioning;
  app.get(
    '/v1/projects/:project/compute/hosts/:resourceId/driver-check',
    {
      schema: {
        ...access('read'),
        tags: ['hosts'],
        summary: "Does the profile's image have drivers for this host's PCI devices? (from stored facts)",
        params: Params,
        querystring: DriverCheckQuery,
        response: { 200: DriverCheckResult, ...errorResponses(...AUTH_ERRORS, 404, 409) },
      },
    },
    async ({ params, query }) => {
      const host = await store.hosts.get(params.project, params.resourceId);
      if (!host) throw new OrchError('NotFound', `host ${params.resourceId} not found`);
      const osId =
        query.osProfileId ?? (await store.instances.getByHost(params.project, host.resourceId))?.osId;
      if (!osId)
        throw new OrchError(
          'FailedPrecondition',
          `host ${host.resourceId} has no instance: give osProfileId`,
        );
      const profile = await store.profiles.get(params.project, osId);
      if (!profile) throw new OrchError('NotFound', `OS profile ${osId} not found`);
      const check = await storedDriverCheck(store, host, profile);
      const c = check.coverage;
      return {
        hostId: host.resourceId,
        osProfileId: profile.resourceId,
        state: check.state,
        reason: check.reason,
        kernels: [...(c?.kernels ?? [])],
        classes: [...(c?.classes ?? [])],
        usbClasses: [...(c?.usbClasses ?? [])],
        usbUnchecked: c?.usbUnchecked ?? null,
        devices: (c?.devices ?? []).map((d) => ({
          ...d,
          drivers: Object.fromEntries(Object.entries(d.drivers).map(([k, v]) => [k, [...v]])),
          missingIn: [...d.missingIn],
        })),
        missing: [...(c?.missing ?? [])],
        accepted: [...(c?.accepted ?? [])],
      };
    },
  );
};
