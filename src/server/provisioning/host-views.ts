import type { Host, Instance } from '../../core/host/host-types.js';
import type { OsProfile } from '../../core/os-profile/index.js';
import {
  WORKFLOW_STEP_TEXT,
  planStepKinds,
  provisioningWords,
  resumeIndex,
  type WorkflowRecord,
} from '../../core/workflow/index.js';
import type { Static } from 'typebox';
import type { HostResource, InstanceResource } from '../../api/host-schemas.js';
import type { LocationResource, Store, WorkflowRow } from '../../store/store.js';
import { createOsProfileWire, type OsProfileWireForm } from '../os-profiles/os-profile-wire.js';

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** What a host's wire form is made of. */
interface HostParts {
  readonly host: Host;
  readonly instance: Instance | undefined;
  readonly workflow: WorkflowRow | undefined;
  readonly profile: OsProfile | undefined;
  readonly site: LocationResource | undefined;
}

/** Turns stored hosts and instances into EMF's wire forms, reading what they reference. */
export interface HostViews {
  host(host: Host): Promise<HostWire>;
  instance(instance: Instance): Promise<InstanceWire>;
  /** The provisioning words and view of a workflow record (for events). */
  provisioning(
    record: WorkflowRecord | null,
    stepCount: number,
    profile?: OsProfile,
  ): ProvisioningWire | null;
}

/** The wire forms are the schemas' (src/api), so routes and clients agree on them. */
export type HostWire = Static<typeof HostResource>;
export type InstanceWire = Static<typeof InstanceResource>;
export type ProvisioningWire = ReturnType<typeof provisioningView>;

/** The views over one store (with a small cache of certificate summaries for `os`). */
export function createHostViews(store: Store): HostViews {
  const profileWire = createOsProfileWire();
  const parts = async (host: Host): Promise<HostParts> => {
    const instance = await store.instances.getByHost(host.project, host.resourceId);
    const workflow = instance ? await store.workflows.get(host.project, host.resourceId) : undefined;
    const profile = instance ? await store.profiles.get(host.project, instance.osId) : undefined;
    const site = host.siteId ? await store.sites.getSite(host.project, host.siteId) : undefined;
    return { host, instance, workflow, profile, site };
  };
  const instanceOf = async (p: HostParts, withHost: boolean) => {
    if (!p.instance) return null;
    const os = p.profile ? await profileWire.toWire(p.profile) : null;
    return instanceShape(p, os, withHost ? hostShape(p, null) : null);
  };
  return {
    async host(host) {
      const p = await parts(host);
      return hostShape(p, await instanceOf(p, false));
    },
    async instance(instance) {
      const host = await store.hosts.get(instance.project, instance.hostId);
      if (!host) throw new Error(`instance ${instance.resourceId} without its host`);
      const p = await parts(host);
      return (await instanceOf(p, true))!;
    },
    provisioning: (record, stepCount, profile) =>
      record ? provisioningView(record, stepCount, profile) : null,
  };
}

function stepCountOf(p: HostParts): number {
  if (p.workflow?.plan) return p.workflow.plan.steps.length;
  if (p.profile && p.instance) return planStepKinds(p.profile.osType, p.instance.securityFeature).length;
  return 0;
}

function hostShape(p: HostParts, instance: InstanceWire | null): HostWire {
  const { host, site } = p;
  const { hostStatus } = host;
  return {
    resourceId: host.resourceId,
    name: host.name,
    desiredState: host.desiredState,
    currentState: host.currentState,
    serialNumber: host.serialNumber,
    uuid: host.uuid,
    hostname: host.hostname,
    hostStatus: hostStatus.text,
    hostStatusIndicator: hostStatus.indicator,
    hostStatusTimestamp: hostStatus.timestamp,
    onboardingStatus: host.onboardingStatus.text,
    onboardingStatusIndicator: host.onboardingStatus.indicator,
    onboardingStatusTimestamp: host.onboardingStatus.timestamp,
    registrationStatus: host.registrationStatus.text,
    registrationStatusIndicator: host.registrationStatus.indicator,
    registrationStatusTimestamp: host.registrationStatus.timestamp,
    hostStorages: host.storages.map((disk) => ({
      deviceName: disk.name,
      capacityBytes: String(disk.sizeBytes),
      model: disk.model ?? '',
      serial: disk.serial ?? '',
    })),
    hostNics: host.nics.map((nic) => ({
      deviceName: nic.name,
      macAddr: nic.mac,
      pciIdentifier: nic.pciAddress ?? '',
      // EMF's fields when the node reported them (a virtual node without sysfs does not).
      ...(nic.mtu ? { mtu: nic.mtu } : {}),
      ...(nic.operState ? { linkState: { type: emfLinkState(nic.operState) } } : {}),
      ...(nic.usbAddress ? { usbIdentifier: nic.usbAddress } : {}),
    })),
    hostPciDevices: host.pciDevices.map((device) => ({ ...device })),
    hostUsbDevices: host.usbDevices.map((device) => ({
      ...device,
      interfaces: device.interfaces.map((intf) => ({
        ...intf,
        netDevices: [...intf.netDevices],
        blockDevices: [...intf.blockDevices],
      })),
    })),
    instance,
    site: site ? siteShape(site) : null,
    siteId: host.siteId,
    metadata: host.metadata.map((item) => ({ ...item })),
    note: host.note,
    autoOnboard: host.autoOnboard,
    enableVpro: host.enableVpro,
    userLvmSize: host.userLvmSize,
    timestamps: { ...host.timestamps },
  };
}

function instanceShape(p: HostParts, os: OsProfileWireForm | null, host: HostWire | null): InstanceWire {
  const instance = p.instance!;
  const record = p.workflow?.record ?? null;
  const count = stepCountOf(p);
  const words = provisioningWords(record, count);
  const at = record ? seconds(record.updatedAt) : seconds(instance.timestamps.createdAt);
  const provisioned = record?.state === 'succeeded';
  return {
    resourceId: instance.resourceId,
    instanceID: instance.resourceId,
    name: instance.name,
    kind: instance.kind,
    desiredState: 'INSTANCE_STATE_RUNNING',
    currentState: provisioned ? 'INSTANCE_STATE_RUNNING' : 'INSTANCE_STATE_UNSPECIFIED',
    hostID: instance.hostId,
    osID: instance.osId,
    securityFeature: instance.securityFeature,
    host,
    os,
    provisioningStatus: words.text,
    provisioningStatusIndicator: words.indicator,
    provisioningStatusTimestamp: at,
    instanceStatus: provisioned ? 'Running' : '',
    instanceStatusIndicator: provisioned ? 'STATUS_INDICATION_IDLE' : 'STATUS_INDICATION_UNSPECIFIED',
    instanceStatusTimestamp: provisioned ? at : 0,
    updateStatus: '',
    updateStatusIndicator: 'STATUS_INDICATION_UNSPECIFIED',
    updateStatusTimestamp: 0,
    instanceStatusDetail: record?.failure ? record.failure.message : '',
    workloadMembers: [] as unknown[],
    localAccountID: '',
    customConfigID: [] as string[],
    provisioning: record ? provisioningView(record, count, p.profile) : null,
    timestamps: { ...instance.timestamps },
  };
}

/** edge-orch's structured view of where provisioning stands. */
export function provisioningView(record: WorkflowRecord, stepCount: number, profile?: OsProfile) {
  const count = record.steps.length || stepCount;
  const index = resumeIndex(record);
  const current = record.steps[Math.min(index, record.steps.length - 1)];
  const live = record.state === 'ready' || record.state === 'running';
  return {
    state: record.state,
    attempt: record.attempt,
    reason: record.reason,
    step:
      live && current
        ? { id: current.id, text: WORKFLOW_STEP_TEXT[current.id], index: index + 1, count }
        : null,
    bytesDone: record.bytesDone,
    bytesTotal: record.bytesTotal,
    rate: record.rate,
    error: record.failure ? { ...record.failure } : null,
    steps: record.steps.map((step) => ({
      id: step.id,
      text: WORKFLOW_STEP_TEXT[step.id],
      state: step.state,
      startedAt: step.startedAt,
      endedAt: step.endedAt,
      durationMs:
        step.startedAt && step.endedAt ? Date.parse(step.endedAt) - Date.parse(step.startedAt) : null,
      detail: step.detail,
      bytes: step.bytes ?? null,
      error: step.error ? { ...step.error } : null,
    })),
    imageValidation: imageValidationWords(profile),
    updatedAt: record.updatedAt,
  };
}

/** Default profiles are not validated: their image servers are outside orchd's reach. */
export function imageValidationWords(profile: OsProfile | undefined): string {
  if (!profile) return 'unknown';
  if (profile.source === 'default')
    return 'not validated: default profiles are served from outside and trusted as published';
  return profile.validationState ?? 'pending';
}

export function siteShape(site: LocationResource) {
  return {
    resourceId: site.resourceId,
    siteID: site.resourceId,
    name: site.name,
    regionId: site.parentId,
    region: null,
    metadata: site.metadata.map((item) => ({ ...item })),
    timestamps: { ...site.timestamps },
  };
}

export function regionShape(region: LocationResource) {
  return {
    resourceId: region.resourceId,
    regionID: region.resourceId,
    name: region.name,
    parentId: region.parentId,
    metadata: region.metadata.map((item) => ({ ...item })),
    timestamps: { ...region.timestamps },
  };
}

/** EMF's link state of a kernel operstate: up, down (down, lowerlayerdown, notpresent) or unspecified. */
function emfLinkState(operState: string): string {
  if (operState === 'up') return 'NETWORK_INTERFACE_LINK_STATE_UP';
  if (['down', 'lowerlayerdown', 'notpresent'].includes(operState))
    return 'NETWORK_INTERFACE_LINK_STATE_DOWN';
  return 'NETWORK_INTERFACE_LINK_STATE_UNSPECIFIED';
}
