import type { ApiClient } from '../api-client/api-client.js';
import { ApiError } from '../api-client/api-error.js';
import { CliError, EXIT } from '../cli-error.js';
import { resolveProfile } from '../os-profile/os-profile-api.js';
import { profileLabel } from '../os-profile/profile-views.js';
import {
  createInstance,
  findHostByNode,
  getHost,
  patchHost,
  registerHost,
  resolveSite,
  type HostResource,
} from './host-api.js';
import { hostLabel } from './host-views.js';

/** Secure Boot and full disk encryption, the feature `Secure=true` asks for. */
export const SB_FDE = 'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION';

/** One host to create: the flags of `create host` or one CSV row. */
export interface HostSpec {
  readonly name?: string | undefined;
  readonly serialNumber?: string | undefined;
  readonly uuid?: string | undefined;
  /** OS profile name or resource id. */
  readonly osProfile: string;
  /** Site name or resource id. */
  readonly site?: string | undefined;
  readonly secure?: boolean | undefined;
  readonly metadata?: readonly { key: string; value: string }[] | undefined;
  readonly lvmSize?: number | undefined;
  readonly sshKeys?: readonly string[] | undefined;
  readonly cloudInit?: string | undefined;
  /** false: the node waits for `orch-cli host approve` before it is provisioned. */
  readonly autoOnboard?: boolean | undefined;
}

/** What a create did. */
export interface CreatedHost {
  readonly host: HostResource;
  /** The profile's label, for the line printed per host. */
  readonly profile: string;
  /** True when the node was registered before (EMF's FailedPrecondition path). */
  readonly alreadyRegistered: boolean;
}

/**
 * Creates one host as EMF's orch-cli does: resolve the OS profile (Secure=true needs an SB_FDE
 * profile) and the site, `POST …/hosts/register` (autoOnboard unless told otherwise), and when
 * orchd answers FailedPrecondition (the node is registered already) find it by serial number and
 * UUID; then `POST …/instances` and `PATCH …/hosts/{id}` with the name, site and metadata.
 * Errors keep orchd's wording; a node registered before that already has an instance is refused
 * naming it.
 */
export async function createHost(client: ApiClient, project: string, spec: HostSpec): Promise<CreatedHost> {
  const profile = await resolveProfile(client, project, spec.osProfile);
  if (spec.secure && profile.securityFeature !== SB_FDE) {
    throw new CliError(
      `OS Profile and Security feature mismatch: ${profileLabel(profile)} has no Secure Boot and full disk encryption (Secure=true needs an SB_FDE profile)`,
      EXIT.failed,
    );
  }
  const site = spec.site ? await resolveSite(client, project, spec.site) : undefined;
  let host: HostResource;
  let alreadyRegistered = false;
  try {
    host = await registerHost(client, project, {
      ...(spec.serialNumber ? { serialNumber: spec.serialNumber } : {}),
      ...(spec.uuid ? { uuid: spec.uuid } : {}),
      autoOnboard: spec.autoOnboard ?? true,
      ...(spec.lvmSize !== undefined ? { userLvmSize: spec.lvmSize } : {}),
    });
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'FailedPrecondition') throw error;
    const found = await findHostByNode(client, project, spec);
    if (!found) throw error;
    if (found.instance) {
      throw new CliError(
        `${hostLabel(found)} with this serial number and UUID is registered already and has an instance (${found.instance.resourceId}): delete it first, or use orch-cli host reprovision`,
        EXIT.failed,
      );
    }
    host = found;
    alreadyRegistered = true;
  }
  await createInstance(client, project, {
    hostID: host.resourceId,
    osID: profile.resourceId,
    kind: 'INSTANCE_KIND_METAL',
    securityFeature: spec.secure ? SB_FDE : profile.securityFeature,
    ...(spec.sshKeys && spec.sshKeys.length > 0 ? { sshKeys: [...spec.sshKeys] } : {}),
    ...(spec.cloudInit ? { customCloudInit: spec.cloudInit } : {}),
  });
  const change = {
    ...(spec.name ? { name: spec.name } : {}),
    ...(site ? { siteId: site.resourceId } : {}),
    ...(spec.metadata && spec.metadata.length > 0 ? { metadata: [...spec.metadata] } : {}),
  };
  const final =
    Object.keys(change).length > 0
      ? await patchHost(client, project, host.resourceId, change)
      : await getHost(client, project, host.resourceId);
  return { host: final, profile: profileLabel(profile), alreadyRegistered };
}
