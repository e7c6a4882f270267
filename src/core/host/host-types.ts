import type { SecurityFeature } from '../os-profile/os-profile-types.js';
import type { PciDevice, UsbDevice } from '../workflow/agent-protocol.js';

/**
 * Hosts (edge nodes) and instances as edge-orch keeps them. Words and enum values are EMF's
 * (HostResource, InstanceResource) so that EMF clients read the same JSON.
 */

/** EMF's host states; desiredState and currentState take these values. */
export const HOST_STATES = [
  'HOST_STATE_UNSPECIFIED',
  'HOST_STATE_DELETED',
  'HOST_STATE_ONBOARDED',
  'HOST_STATE_UNTRUSTED',
  'HOST_STATE_REGISTERED',
] as const;
export type HostState = (typeof HOST_STATES)[number];

/** The moves EMF allows for desiredState: REGISTERED>{ONBOARDED,DELETED}, ONBOARDED>{UNTRUSTED,DELETED}, UNTRUSTED>{DELETED}. */
export const HOST_STATE_MOVES: Readonly<Record<HostState, readonly HostState[]>> = {
  HOST_STATE_UNSPECIFIED: ['HOST_STATE_REGISTERED'],
  HOST_STATE_REGISTERED: ['HOST_STATE_ONBOARDED', 'HOST_STATE_DELETED'],
  HOST_STATE_ONBOARDED: ['HOST_STATE_UNTRUSTED', 'HOST_STATE_DELETED'],
  HOST_STATE_UNTRUSTED: ['HOST_STATE_DELETED'],
  HOST_STATE_DELETED: [],
};

/** True when desiredState may move from `from` to `to` (staying put is always allowed). */
export function hostStateMoveAllowed(from: HostState, to: HostState): boolean {
  return from === to || HOST_STATE_MOVES[from].includes(to);
}

/** EMF's status indicators. */
export const STATUS_INDICATORS = [
  'STATUS_INDICATION_UNSPECIFIED',
  'STATUS_INDICATION_ERROR',
  'STATUS_INDICATION_IN_PROGRESS',
  'STATUS_INDICATION_IDLE',
] as const;
export type StatusIndicator = (typeof STATUS_INDICATORS)[number];

/** One of EMF's status triples: words, indicator, Unix seconds (0 when never set). */
export interface StatusTriple {
  readonly text: string;
  readonly indicator: StatusIndicator;
  readonly timestamp: number;
}

/** A NIC as the node reported it at onboarding. */
export interface HostNic {
  readonly name: string;
  readonly mac: string;
  readonly pciAddress?: string;
  /** The USB device (`2-1`) a USB NIC hangs off. */
  readonly usbAddress?: string;
  readonly mtu?: number;
  /** The kernel's operstate (`up`, `down`…). */
  readonly operState?: string;
}

/** A disk as the node reported it at onboarding. */
export interface HostStorage {
  readonly name: string;
  readonly sizeBytes: number;
  readonly model?: string;
  readonly serial?: string;
  readonly removable?: boolean;
}

/** EMF metadata entry of a host. */
export interface MetadataItem {
  readonly key: string;
  readonly value: string;
}

/** The fields `POST …/hosts/register` sets. */
export interface HostRegistration {
  readonly name: string;
  readonly serialNumber: string;
  /** Lower-case RFC 4122 text, '' when unset. */
  readonly uuid: string;
  readonly autoOnboard: boolean;
  readonly enableVpro: boolean;
  /** EMF `userLvmSize` in GiB; 0 for none. */
  readonly userLvmSize: number;
}

/** A stored host. */
export interface Host extends HostRegistration {
  readonly project: string;
  /** `host-` + 8 hex. */
  readonly resourceId: string;
  readonly desiredState: HostState;
  readonly currentState: HostState;
  readonly hostname: string;
  readonly hostStatus: StatusTriple;
  readonly onboardingStatus: StatusTriple;
  readonly registrationStatus: StatusTriple;
  readonly siteId: string;
  readonly metadata: readonly MetadataItem[];
  readonly nics: readonly HostNic[];
  readonly storages: readonly HostStorage[];
  /** PCI functions the node reported at onboarding (ids, class, driver bound); [] before. */
  readonly pciDevices: readonly PciDevice[];
  /** USB devices the node reported at onboarding (ids, interfaces, drivers bound, NICs and disks); [] before. */
  readonly usbDevices: readonly UsbDevice[];
  /** RAM in bytes as the node reported it; null before onboarding. */
  readonly ramBytes: number | null;
  /** Secure Boot state the node reported; null before onboarding. */
  readonly secureBoot: boolean | null;
  /** Note of the last invalidation ('' when none). */
  readonly note: string;
  readonly timestamps: { readonly createdAt: string; readonly updatedAt: string };
}

/** EMF instance kinds. */
export const INSTANCE_KINDS = ['INSTANCE_KIND_UNSPECIFIED', 'INSTANCE_KIND_METAL'] as const;
export type InstanceKind = (typeof INSTANCE_KINDS)[number];

/** What `POST …/instances` sets (plus edge-orch's per-host cloud-init inputs). */
export interface InstanceFields {
  readonly name: string;
  readonly hostId: string;
  readonly osId: string;
  readonly kind: InstanceKind;
  readonly securityFeature: SecurityFeature;
  /** OpenSSH public keys installed for the default user. */
  readonly sshKeys: readonly string[];
  /** A `#cloud-config` document merged into the generated user-data ('' when none). */
  readonly customCloudInit: string;
}

/** A stored instance. */
export interface Instance extends InstanceFields {
  readonly project: string;
  /** `inst-` + 8 hex. */
  readonly resourceId: string;
  readonly timestamps: { readonly createdAt: string; readonly updatedAt: string };
}
