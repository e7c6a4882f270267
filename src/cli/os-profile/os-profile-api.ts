import { CliError, EXIT } from '../cli-error.js';
import type { ApiClient } from '../api-client/api-client.js';
import type { OsProfileList, OsProfileResource } from '../../api/os-profile-schemas.js';

/** How a list is asked for; every page is fetched. */
export interface ListProfilesOptions {
  readonly filter?: string | undefined;
  readonly orderBy?: string | undefined;
  /** Profiles per request, 1..100 (orchd's limit). Default 100. */
  readonly pageSize?: number | undefined;
}

/** Largest page orchd serves. */
export const MAX_PAGE_SIZE = 100;

/** A resource id as orchd makes them: `os-` + 8 lower hex. */
const RESOURCE_ID = /^os-[0-9a-f]{8}$/;

const base = (project: string) => `/v1/projects/${encodeURIComponent(project)}/compute/os`;

/** Every profile matching the options, page after page until orchd says there is no more. */
export async function listProfiles(
  client: ApiClient,
  project: string,
  options: ListProfilesOptions = {},
): Promise<OsProfileResource[]> {
  const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
  const all: OsProfileResource[] = [];
  for (;;) {
    const page = await client.request<OsProfileList>('GET', base(project), {
      query: { filter: options.filter, orderBy: options.orderBy, pageSize, offset: all.length },
    });
    all.push(...page.OperatingSystemResources);
    if (!page.hasNext || page.OperatingSystemResources.length === 0) return all;
  }
}

/** `GET .../compute/os/{id}`. */
export const getProfile = (client: ApiClient, project: string, resourceId: string) =>
  client.request<OsProfileResource>('GET', `${base(project)}/${encodeURIComponent(resourceId)}`);

/** `POST .../compute/os` with an API body (EMF field names). */
export const createProfile = (client: ApiClient, project: string, body: Record<string, unknown>) =>
  client.request<OsProfileResource>('POST', base(project), { body });

/** `PATCH .../compute/os/{id}` with the fields to change. */
export const patchProfile = (
  client: ApiClient,
  project: string,
  resourceId: string,
  body: Record<string, unknown>,
) =>
  client.request<OsProfileResource>('PATCH', `${base(project)}/${encodeURIComponent(resourceId)}`, { body });

/** `DELETE .../compute/os/{id}`. */
export const deleteProfile = (client: ApiClient, project: string, resourceId: string) =>
  client.request<void>('DELETE', `${base(project)}/${encodeURIComponent(resourceId)}`);

/** An AIP-160 string literal matching `text` exactly (`*` would otherwise be a wildcard). */
export function exactLiteral(text: string): string {
  const escaped = text
    .replace(/[\\"*]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t');
  return `"${escaped.replace(/\r/g, '\\r')}"`;
}

/**
 * The profile an operator means by `ref`: a resource id (`os-1a2b3c4d`) is fetched directly,
 * anything else is looked up with the exact filter `name = "<ref>"`. NotFound exits 1.
 */
export async function resolveProfile(
  client: ApiClient,
  project: string,
  ref: string,
): Promise<OsProfileResource> {
  if (RESOURCE_ID.test(ref)) return getProfile(client, project, ref);
  const found = await listProfiles(client, project, { filter: `name = ${exactLiteral(ref)}`, pageSize: 2 });
  const profile = found[0];
  if (!profile) throw new CliError(`OS profile "${ref}" not found in project "${project}"`, EXIT.failed);
  return profile;
}
