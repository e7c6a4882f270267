import type { OsProfile, OsType, SecurityFeature } from '../os-profile/os-profile-types.js';
import type { Host, Instance } from '../host/host-types.js';
import { driverCheckOptions } from '../drivers/driver-check-options.js';
import { driverClasses, usbDriverClasses } from '../drivers/driver-coverage.js';
import { hasDriverTable, type KernelDrivers } from '../drivers/driver-table.js';
import { driverTableSubset } from '../drivers/driver-table-subset.js';
import {
  CIDATA_RESERVE_MIB,
  WORKFLOW_STEP_TEXT,
  type WorkflowPlan,
  type WorkflowStep,
  type WorkflowStepKind,
  type WorkflowStepParams,
} from './workflow-steps.js';

/** Silence allowed per step before orchd fails it with STEP_TIMEOUT (seconds). */
export const STEP_TIMEOUT_SECONDS: Readonly<Record<WorkflowStepKind, number>> = {
  'secure-boot-check': 120,
  'driver-check': 120,
  'erase-disk': 600,
  // Progress events refresh the deadline: this is silence, not the whole download.
  'stream-image': 900,
  'grow-root': 300,
  'emt-layout': 900,
  'encrypt-disk': 1800,
  'write-cloud-init': 300,
  'set-boot-entry': 120,
  reboot: 600,
};

/** Partition layout facts from the image's validation report (src/image's ImageFacts, narrowed). */
export interface PlanImageFacts {
  /** Decoded size of the image. */
  readonly virtualSize?: number;
  readonly rootPartition?: number;
  readonly partitions?: readonly {
    readonly number: number;
    readonly name?: string;
    readonly type?: string;
    readonly fs?: string;
    readonly label?: string;
  }[];
  /** The image's kernels and their PCI alias tables. */
  readonly kernels?: readonly KernelDrivers[];
}

/** Everything a plan is built from. */
export interface PlanInput {
  readonly host: Pick<
    Host,
    'resourceId' | 'ramBytes' | 'userLvmSize' | 'nics' | 'metadata' | 'pciDevices' | 'usbDevices'
  >;
  readonly instance: Pick<Instance, 'resourceId' | 'securityFeature'>;
  readonly profile: Pick<
    OsProfile,
    | 'resourceId'
    | 'name'
    | 'osFamily'
    | 'osType'
    | 'imageUrl'
    | 'sha256'
    | 'tlsCaCert'
    | 'securityFeature'
    | 'metadata'
  >;
  /** From the profile's latest validation report; null for default profiles (not validated). */
  readonly facts: PlanImageFacts | null;
  /** orchd's URL as nodes reach it. */
  readonly orchestratorUrl: string;
  /**
   * The rendered `user-data`, or '' in the stored snapshot: it carries the node credential, which
   * orchd never stores in clear, so it is rendered when the node fetches its workflow.
   */
  readonly userData: string;
}

const SB_FDE: SecurityFeature = 'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION';

/** The step kinds of a plan, in order: what the family, the OS type and Secure Boot + FDE imply. */
export function planStepKinds(osType: OsType, securityFeature: SecurityFeature): WorkflowStepKind[] {
  const layout: WorkflowStepKind = osType === 'OS_TYPE_IMMUTABLE' ? 'emt-layout' : 'grow-root';
  return [
    'secure-boot-check',
    'driver-check',
    'erase-disk',
    'stream-image',
    layout,
    ...(securityFeature === SB_FDE ? (['encrypt-disk'] as const) : []),
    'write-cloud-init',
    'set-boot-entry',
    'reboot',
  ];
}

/**
 * The provisioning plan of one host: ordered steps with EMF's texts, their silence timeouts and
 * parameters. Pure: the same inputs give the same plan, so the snapshot taken when provisioning
 * starts is exactly what the node runs even if the profile changes later.
 */
export function buildWorkflowPlan(input: PlanInput): WorkflowPlan {
  const { host, instance, profile, facts } = input;
  const params: { [K in WorkflowStepKind]: WorkflowStepParams[K] } = {
    'secure-boot-check': { expected: instance.securityFeature === SB_FDE ? 'on' : 'off' },
    'driver-check': driverCheckParams(input),
    'erase-disk': {},
    'stream-image': {
      url: profile.imageUrl,
      sha256: profile.sha256,
      tlsCaCert: profile.tlsCaCert,
      expectedDiskBytes: facts?.virtualSize ?? null,
    },
    'grow-root': { rootPartition: ubuntuRootPartition(facts), reserveMiB: CIDATA_RESERVE_MIB },
    'emt-layout': {
      espPartition: espPartition(facts),
      rootfsPartition: facts?.rootPartition ?? 2,
      persistentPartition: partitionNamed(facts, 'edge_persistent') ?? 3,
      lvmSizeGiB: host.userLvmSize,
      ramGiB: host.ramBytes === null ? null : Math.round((host.ramBytes / 2 ** 30) * 100) / 100,
    },
    'encrypt-disk': {},
    'write-cloud-init': {
      // The node's identity in cloud-init is its host: the id the operator sees in every list,
      // stable across reprovisions (each writes a fresh disk, so first-boot modules run anyway).
      instanceId: host.resourceId,
      localHostname: host.resourceId,
      userData: input.userData,
      provisioningMac: host.nics[0]?.mac ?? null,
    },
    'set-boot-entry': { osFamily: profile.osFamily },
    reboot: {},
  };
  const steps = planStepKinds(profile.osType, instance.securityFeature).map(
    (kind) =>
      ({
        kind,
        id: kind,
        text: WORKFLOW_STEP_TEXT[kind],
        timeoutSeconds: STEP_TIMEOUT_SECONDS[kind],
        params: params[kind],
      }) as WorkflowStep,
  );
  return {
    hostId: host.resourceId,
    instanceId: instance.resourceId,
    osProfileId: profile.resourceId,
    osProfileName: profile.name,
    osFamily: profile.osFamily,
    osType: profile.osType,
    securityFeature: instance.securityFeature,
    orchestratorUrl: input.orchestratorUrl,
    steps,
  };
}

/** The plan with the write-cloud-init step's user-data set (the snapshot keeps it empty). */
export function withUserData(plan: WorkflowPlan, userData: string): WorkflowPlan {
  return {
    ...plan,
    steps: plan.steps.map((step) =>
      step.kind === 'write-cloud-init' ? { ...step, params: { ...step.params, userData } } : step,
    ),
  };
}

/**
 * The driver check's parameters: the operator's accepted gaps and classes, and the image's alias
 * tables narrowed to this host's devices. Unchecked (with the reason) when a fact is missing.
 */
function driverCheckParams(input: PlanInput): WorkflowStepParams['driver-check'] {
  const { host, profile, facts } = input;
  const options = driverCheckOptions(profile.metadata, host.metadata);
  const classes = driverClasses(options.extraClasses);
  const usbClasses = usbDriverClasses(options.extraUsbClasses);
  const withTable = (facts?.kernels ?? []).filter(hasDriverTable);
  const unchecked =
    facts === null
      ? 'the profile has no validation facts (a default profile)'
      : withTable.length === 0
        ? "the image's validation found no kernel module alias table"
        : host.pciDevices.length === 0 && host.usbDevices.length === 0
          ? 'the node reported no PCI or USB devices at onboarding'
          : null;
  return {
    acceptedGaps: options.acceptedGaps,
    classes,
    usbClasses,
    kernels:
      unchecked === null
        ? driverTableSubset(withTable, host.pciDevices, classes, {
            devices: host.usbDevices,
            classes: usbClasses,
          })
        : [],
    uncheckedReason: unchecked,
  };
}

/** Ubuntu cloud images: the root filesystem is labelled `cloudimg-rootfs` (p1). */
function ubuntuRootPartition(facts: PlanImageFacts | null): number {
  const labelled = facts?.partitions?.find((p) => p.label === 'cloudimg-rootfs');
  return labelled?.number ?? facts?.rootPartition ?? 1;
}

/** The EFI System Partition: its type, or the first vfat partition; EMT images put it first. */
function espPartition(facts: PlanImageFacts | null): number {
  const parts = facts?.partitions ?? [];
  const byType = parts.find((p) => p.type === 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B');
  return byType?.number ?? parts.find((p) => p.fs === 'vfat')?.number ?? 1;
}

function partitionNamed(facts: PlanImageFacts | null, name: string): number | undefined {
  return facts?.partitions?.find((p) => p.name === name)?.number;
}
