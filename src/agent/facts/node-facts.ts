/**
 * What the agent knows of its node: identity (SMBIOS UUID and serial), firmware (UEFI, Secure
 * Boot), NICs, RAM and disks. Read from /sys on hardware (node-facts-reader.ts); given by flags for
 * a virtual edge node.
 * @module
 */
import type { NodeInventory } from '../../core/workflow/index.js';

/** The node's facts. */
export interface NodeFacts {
  readonly uuid: string;
  readonly serialNumber: string;
  /** Secure Boot as the firmware reports it; null when the node did not boot through UEFI. */
  readonly secureBoot: boolean | null;
  /** Booted through UEFI (efivars present): boot entries can be set. */
  readonly uefi: boolean;
  /** A TPM 2.0 resource manager device (/dev/tpmrm0) is present. */
  readonly tpm: boolean;
  /** NIC MACs, lower-case, the provisioning NIC first. */
  readonly macs: readonly string[];
  readonly ramBytes: number | null;
  readonly inventory: NodeInventory;
}
