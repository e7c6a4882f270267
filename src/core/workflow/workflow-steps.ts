/**
 * The provisioning workflow as orchd plans it and en-agent runs it: a closed set of step kinds,
 * each with its own parameters. orchd builds a plan (a pure function of profile, host and
 * instance), snapshots it when provisioning starts, and hands it to the node; the node runs the
 * steps in order and reports each one. EMF's step texts are kept so that status lines read the same
 * ("Provisioning In Progress: 3/8: Streaming OS image").
 */
import type { PlannedKernel } from '../drivers/driver-table-subset.js';
import type { OsFamily, OsType, SecurityFeature } from '../os-profile/os-profile-types.js';

/** Every step kind, in the order a plan may contain them. */
export const WORKFLOW_STEP_KINDS = [
  'secure-boot-check',
  'driver-check',
  'erase-disk',
  'stream-image',
  'grow-root',
  'emt-layout',
  'encrypt-disk',
  'write-cloud-init',
  'set-boot-entry',
  'reboot',
] as const;
export type WorkflowStepKind = (typeof WORKFLOW_STEP_KINDS)[number];

/** EMF-like text of each step, as shown in status lines and timelines. */
export const WORKFLOW_STEP_TEXT: Readonly<Record<WorkflowStepKind, string>> = {
  'secure-boot-check': 'Verifying Secure Boot setting',
  'driver-check': 'Checking drivers for this hardware',
  'erase-disk': 'Erasing disk',
  'stream-image': 'Streaming OS image',
  'grow-root': 'Growing root partition',
  'emt-layout': 'Enabling security features (dm-verity layout)',
  'encrypt-disk': 'Enabling full disk encryption',
  'write-cloud-init': 'Installing cloud-init configuration',
  'set-boot-entry': 'Setting EFI boot order',
  reboot: 'Rebooting',
};

/** Parameters of each step kind. Sizes are bytes unless the name says otherwise. */
export interface WorkflowStepParams {
  'secure-boot-check': {
    /** What the node's firmware must report: `on` for SB_FDE profiles, `off` for NONE (strict both ways). */
    readonly expected: 'on' | 'off';
  };
  'driver-check': {
    /**
     * Gaps the operator accepted (host and profile metadata `accepted-driver-gaps`): `vendor:device`,
     * a PCI address or USB port path, the driver the provisioning OS bound, or `*`.
     */
    readonly acceptedGaps: readonly string[];
    /** PCI class prefixes checked: `01` (storage), `02` (network) and the ones the metadata names. */
    readonly classes: readonly string[];
    /** USB interface class prefixes checked besides NICs and disks (`08`, `0206`, `020d` and the metadata's). */
    readonly usbClasses: readonly string[];
    /**
     * The image's kernels with the aliases matching this host's reported devices (the rest of the
     * table is left out). Empty: nothing to check against, and `uncheckedReason` says why.
     */
    readonly kernels: readonly PlannedKernel[];
    /** Why the check cannot run (no image facts, no alias table, no inventory), or null. */
    readonly uncheckedReason: string | null;
  };
  'erase-disk': Record<string, never>;
  'stream-image': {
    /** Absolute https:// URL of the image as hosted. */
    readonly url: string;
    /** 64 lower-case hex: sha256 of the file exactly as hosted. */
    readonly sha256: string;
    /** PEM of the image server's certificate(s): the only trust anchor; '' means system roots. */
    readonly tlsCaCert: string;
    /** Decoded (virtual) size from the validation report when known, for progress and early refusal. */
    readonly expectedDiskBytes: number | null;
  };
  'grow-root': {
    /** GPT partition number of the root filesystem (Ubuntu cloud images: 1, label `cloudimg-rootfs`). */
    readonly rootPartition: number;
    /** Space left free at the end of the disk for the CIDATA partition, in MiB. */
    readonly reserveMiB: number;
  };
  'emt-layout': {
    readonly espPartition: number;
    readonly rootfsPartition: number;
    readonly persistentPartition: number;
    /** Optional `lvm` partition size in GiB (EMF `userLvmSize`); 0 for none. */
    readonly lvmSizeGiB: number;
    /** Node RAM in GiB when known, for the swap size (sqrt of RAM); null: 1 GiB of swap is assumed. */
    readonly ramGiB: number | null;
  };
  'encrypt-disk': Record<string, never>;
  'write-cloud-init': {
    /** NoCloud `meta-data`: instance-id and local-hostname, both the host id. */
    readonly instanceId: string;
    readonly localHostname: string;
    /** The whole `user-data` document (`#cloud-config` ...), rendered by orchd. */
    readonly userData: string;
    /** MAC of the provisioning NIC, matched by `network-config`; null: DHCP on every NIC. */
    readonly provisioningMac: string | null;
  };
  'set-boot-entry': {
    /** ubuntu: \EFI\BOOT\BOOTX64.EFI (shim) on the ESP; emt: a UKI under \EFI\Linux or the fallback. */
    readonly osFamily: OsFamily;
  };
  reboot: Record<string, never>;
}

/** One planned step: a `kind`-discriminated union, so each kind carries exactly its parameters. */
export type WorkflowStep = {
  [K in WorkflowStepKind]: {
    readonly kind: K;
    /** Stable within a plan: equals `kind` (a plan holds each kind at most once). */
    readonly id: K;
    readonly text: string;
    /** orchd fails the step with STEP_TIMEOUT when the node is silent this long while it runs. */
    readonly timeoutSeconds: number;
    readonly params: WorkflowStepParams[K];
  };
}[WorkflowStepKind];

/** The plan of one provisioning attempt, snapshotted when provisioning starts. */
export interface WorkflowPlan {
  readonly hostId: string;
  readonly instanceId: string;
  /** The OS profile's resource id and name at the time of the snapshot. */
  readonly osProfileId: string;
  readonly osProfileName: string;
  readonly osFamily: OsFamily;
  readonly osType: OsType;
  readonly securityFeature: SecurityFeature;
  /** orchd's URL as the node should reach it after reboot (agent configuration). */
  readonly orchestratorUrl: string;
  readonly steps: readonly WorkflowStep[];
}

/**
 * Space every layout leaves free at the end of the disk for the cloud-init seed (a FAT partition
 * labelled CIDATA that `write-cloud-init` adds), in MiB: the `grow-root` plan's `reserveMiB`, and
 * what `emt-layout` keeps free on its own.
 */
export const CIDATA_RESERVE_MIB = 64;
