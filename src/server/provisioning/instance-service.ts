import { OrchError } from '../../core/errors/index.js';
import { toListQuery } from '../os-profiles/list-query.js';
import { INSTANCE_FILTER_CATALOG } from './host-filter-catalog.js';
import { newResourceId } from '../../core/ids/index.js';
import { INSTANCE_KINDS, type InstanceKind } from '../../core/host/index.js';
import {
  issuesToError,
  normalizeEnumValue,
  type OsProfile,
  type SecurityFeature,
} from '../../core/os-profile/index.js';
import { parseCustomCloudInit } from '../../core/workflow/index.js';
import type { InstanceInput } from '../../api/host-schemas.js';
import type { Store } from '../../store/store.js';
import type { HostNotifier } from './host-event-stream.js';
import type { HostViews, InstanceWire } from './host-views.js';
import type { WorkflowDriver } from './workflow-driver.js';
import { refuseMissingDrivers } from './driver-check-service.js';
import { validationVerdict } from './validation-verdict.js';
import { workflowEvent } from './workflow-driver.js';

export interface InstanceServiceDeps {
  readonly store: Store;
  readonly views: HostViews;
  readonly hub: HostNotifier;
  readonly driver: WorkflowDriver;
}

export interface InstanceService {
  create(project: string, body: InstanceInput): Promise<InstanceWire>;
  get(project: string, resourceId: string): Promise<InstanceWire>;
  list(
    project: string,
    params: { pageSize?: number; offset?: number },
  ): Promise<{ instances: InstanceWire[]; totalElements: number; hasNext: boolean }>;
  remove(project: string, resourceId: string): Promise<void>;
}

export const SB_FDE: SecurityFeature = 'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION';
const SSH_KEY =
  /^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/]+=*( [^\r\n]*)?$/;

/**
 * Instances: one per host, each with its workflow. The profile must exist and, when custom, must
 * not have failed image validation (a pending one is accepted: the host then waits in step 0);
 * Secure Boot + FDE needs an SB_FDE profile; when the host's PCI devices and the image's driver
 * table are both known, a device without a driver (not accepted) is DRIVER_MISSING.
 */
export function createInstanceService(deps: InstanceServiceDeps): InstanceService {
  const { store, views, hub, driver } = deps;
  const requireProject = async (project: string) => {
    if (!(await store.projects.get(project))) {
      throw new OrchError('NotFound', `project "${project}" not found`, { details: { project } });
    }
  };
  return {
    async create(project, body) {
      await requireProject(project);
      const host = await store.hosts.get(project, body.hostID);
      if (!host) {
        throw new OrchError('NotFound', `host ${body.hostID} not found in project "${project}"`, {
          details: { field: 'hostID', resourceId: body.hostID },
        });
      }
      const profile = await store.profiles.get(project, body.osID);
      if (!profile) {
        throw new OrchError('NotFound', `OS profile ${body.osID} not found in project "${project}"`, {
          details: { field: 'osID', resourceId: body.osID },
        });
      }
      const securityFeature = securityFeatureOf(body.securityFeature, profile.securityFeature);
      checkSecurityFeature(profile, securityFeature, 'securityFeature');
      const verdict = await validationVerdict(store, project, profile);
      if (verdict.kind === 'failed') {
        throw new OrchError('FailedPrecondition', verdict.message, {
          details: { field: 'osID', failedChecks: verdict.failedChecks },
        });
      }
      await refuseMissingDrivers(store, host, profile);
      parseCustomCloudInit(body.customCloudInit ?? '');
      const sshKeys = (body.sshKeys ?? []).map((key) => key.trim());
      const bad = sshKeys.findIndex((key) => !SSH_KEY.test(key));
      if (bad >= 0) {
        throw new OrchError('InvalidArgument', `sshKeys[${bad}] is not an OpenSSH public key line`, {
          details: { field: `sshKeys.${bad}` },
        });
      }
      const record = driver.initialRecord();
      const instance = await store.instances.create(
        project,
        () => newResourceId('inst'),
        {
          name: body.name ?? '',
          hostId: host.resourceId,
          osId: profile.resourceId,
          kind: kindOf(body.kind),
          securityFeature,
          sshKeys,
          customCloudInit: body.customCloudInit ?? '',
        },
        record,
        workflowEvent(
          { project, hostId: host.resourceId, instanceId: '', record, plan: null, version: 0 },
          profile,
        ),
      );
      hub.notify(project);
      // A profile still being validated shows "Waiting for image validation" at once.
      await driver.advance(host);
      return views.instance(instance);
    },
    async get(project, resourceId) {
      await requireProject(project);
      const instance = await store.instances.get(project, resourceId);
      if (!instance) {
        throw new OrchError('NotFound', `instance ${resourceId} not found in project "${project}"`, {
          details: { resourceId },
        });
      }
      return views.instance(instance);
    },
    async list(project, params) {
      await requireProject(project);
      const query = toListQuery(params, INSTANCE_FILTER_CATALOG);
      const page = await store.instances.list(project, query);
      const instances = [];
      for (const instance of page.items) instances.push(await views.instance(instance));
      return {
        instances,
        totalElements: page.total,
        hasNext: query.offset + page.items.length < page.total,
      };
    },
    async remove(project, resourceId) {
      await requireProject(project);
      await store.instances.delete(project, resourceId);
      hub.notify(project);
    },
  };
}

/**
 * EMF's rule: Secure Boot + FDE needs an SB_FDE profile ("OS Profile and Security feature
 * mismatch"); InvalidArgument on `field` otherwise.
 */
export function checkSecurityFeature(
  profile: Pick<OsProfile, 'name' | 'resourceId' | 'securityFeature'>,
  requested: SecurityFeature,
  field: string,
): void {
  if (requested === SB_FDE && profile.securityFeature !== SB_FDE) {
    throw new OrchError(
      'InvalidArgument',
      `OS Profile and Security feature mismatch: OS profile "${profile.name}" (${profile.resourceId}) has no Secure Boot and full disk encryption`,
      { details: { field } },
    );
  }
}

function securityFeatureOf(given: string | undefined, fallback: SecurityFeature): SecurityFeature {
  if (given === undefined || given === '' || given.toUpperCase() === 'SECURITY_FEATURE_UNSPECIFIED')
    return fallback;
  const result = normalizeEnumValue('securityFeature', given);
  if (!result.ok) throw issuesToError(result.issues);
  return result.value as SecurityFeature;
}

function kindOf(given: string | undefined): InstanceKind {
  if (given === undefined || given === '') return 'INSTANCE_KIND_METAL';
  const upper = given.toUpperCase();
  const kind = upper.startsWith('INSTANCE_KIND_') ? upper : `INSTANCE_KIND_${upper}`;
  if (kind === 'INSTANCE_KIND_UNSPECIFIED') return 'INSTANCE_KIND_METAL';
  if (!(INSTANCE_KINDS as readonly string[]).includes(kind)) {
    throw new OrchError(
      'InvalidArgument',
      `kind "${given.slice(0, 40)}" is not one of ${INSTANCE_KINDS.join(', ')}`,
      {
        details: { field: 'kind' },
      },
    );
  }
  return kind as InstanceKind;
}
