import type { Static } from 'typebox';
import type {
  HostList,
  HostResource as HostResourceSchema,
  InstanceResource as InstanceResourceSchema,
  SiteResource as SiteResourceSchema,
  InstanceInput,
  RegisterHostInput,
  HostChangeInput,
} from '../../api/host-schemas.js';
import type { ApiClient } from '../api-client/api-client.js';
import { CliError, EXIT } from '../cli-error.js';
import { exactLiteral } from '../os-profile/os-profile-api.js';

/** A host as orchd's API returns it (EMF's HostResource, src/api's schema). */
export type HostResource = Static<typeof HostResourceSchema>;
/** A host's instance: which OS profile it runs and where provisioning stands. */
export type InstanceResource = Static<typeof InstanceResourceSchema>;
export type SiteResource = Static<typeof SiteResourceSchema>;
type HostListPage = Static<typeof HostList>;

/** Hosts per request: orchd's largest page. */
export const HOST_PAGE_SIZE = 100;

const HOST_ID = /^host-[0-9a-f]{8}$/;
const SITE_ID = /^site-[0-9a-f]{8}$/;

const compute = (project: string) => `/v1/projects/${encodeURIComponent(project)}/compute`;
const hostPath = (project: string, id: string) => `${compute(project)}/hosts/${encodeURIComponent(id)}`;

/** Every host matching `filter`, page after page until orchd says there is no more. */
export async function listHosts(
  client: ApiClient,
  project: string,
  options: { filter?: string | undefined; orderBy?: string | undefined; pageSize?: number } = {},
): Promise<HostResource[]> {
  const all: HostResource[] = [];
  for (;;) {
    const page = await client.request<HostListPage>('GET', `${compute(project)}/hosts`, {
      query: {
        filter: options.filter,
        orderBy: options.orderBy,
        pageSize: options.pageSize ?? HOST_PAGE_SIZE,
        offset: all.length,
      },
    });
    all.push(...page.hosts);
    if (!page.hasNext || page.hosts.length === 0) return all;
  }
}

export const getHost = (client: ApiClient, project: string, id: string) =>
  client.request<HostResource>('GET', hostPath(project, id));

export const registerHost = (client: ApiClient, project: string, body: Static<typeof RegisterHostInput>) =>
  client.request<HostResource>('POST', `${compute(project)}/hosts/register`, { body });

export const patchHost = (
  client: ApiClient,
  project: string,
  id: string,
  body: Static<typeof HostChangeInput>,
) => client.request<HostResource>('PATCH', hostPath(project, id), { body });

export const deleteHost = (client: ApiClient, project: string, id: string) =>
  client.request<Record<string, never>>('DELETE', hostPath(project, id));

/** EMF's onboard: approves a host registered without autoOnboard. */
export const approveHost = (client: ApiClient, project: string, id: string) =>
  client.request<Record<string, never>>('PATCH', `${hostPath(project, id)}/onboard`);

/** edge-orch's reprovision: re-arms a failed or provisioned host. */
export const reprovisionHost = (client: ApiClient, project: string, id: string) =>
  client.request<HostResource>('POST', `${hostPath(project, id)}/reprovision`);

export const createInstance = (client: ApiClient, project: string, body: Static<typeof InstanceInput>) =>
  client.request<InstanceResource>('POST', `${compute(project)}/instances`, { body });

export const deleteInstance = (client: ApiClient, project: string, id: string) =>
  client.request<Record<string, never>>('DELETE', `${compute(project)}/instances/${encodeURIComponent(id)}`);

/**
 * The host an operator means by `ref`: a resource id is fetched directly; otherwise the host
 * whose name or serial number is exactly `ref` (a name shared by two hosts is refused, naming them).
 */
export async function resolveHost(client: ApiClient, project: string, ref: string): Promise<HostResource> {
  if (HOST_ID.test(ref)) return getHost(client, project, ref);
  const literal = exactLiteral(ref);
  const found = await listHosts(client, project, {
    filter: `name = ${literal} OR serialNumber = ${literal}`,
    pageSize: 10,
  });
  if (found.length === 0) throw new CliError(`host "${ref}" not found in project "${project}"`, EXIT.failed);
  if (found.length > 1) {
    throw new CliError(`"${ref}" names ${found.length} hosts: give a resource id`, EXIT.failed, {
      lines: found.map(
        (h) => `  ${h.resourceId}${h.name ? ` (${h.name})` : ''} serial ${h.serialNumber || '-'}`,
      ),
    });
  }
  return found[0]!;
}

/** The host with this serial number and UUID (how EMF's CLI finds a host already registered). */
export async function findHostByNode(
  client: ApiClient,
  project: string,
  node: { serialNumber?: string | undefined; uuid?: string | undefined },
): Promise<HostResource | undefined> {
  const terms = [
    node.serialNumber ? `serialNumber = ${exactLiteral(node.serialNumber)}` : '',
    node.uuid ? `uuid = ${exactLiteral(node.uuid)}` : '',
  ].filter(Boolean);
  const found = await listHosts(client, project, { filter: terms.join(' AND '), pageSize: 2 });
  return found[0];
}

/** A site by id (`site-…`, in any region as EMF asks) or by exact name. */
export async function resolveSite(client: ApiClient, project: string, ref: string): Promise<SiteResource> {
  const regions = `/v1/projects/${encodeURIComponent(project)}/regions/empty/sites`;
  if (SITE_ID.test(ref)) return client.request<SiteResource>('GET', `${regions}/${ref}`);
  const page = await client.request<{ sites: SiteResource[] }>('GET', regions, {
    query: { filter: `name = ${exactLiteral(ref)}`, pageSize: 2 },
  });
  const site = page.sites[0];
  if (!site) throw new CliError(`site "${ref}" not found in project "${project}"`, EXIT.failed);
  return site;
}
