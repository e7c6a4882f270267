/**
 * What en-agent and orchd say to each other (the wire shapes as plain types; the TypeBox schemas
 * that routes validate against mirror these). Three calls:
 *
 *   POST /v1/onboard            {uuid, serialNumber, macs, inventory?}  no operator token
 *        200 OnboardAccepted    the node's credential (rotated at each onboarding)
 *        202 OnboardWaiting     registered without autoOnboard: poll again after Retry-After
 *        404                    unknown node, nothing else said
 *        400 FailedPrecondition UUID or serial mismatch (recorded in the host's registration status)
 *   GET  /v1/agent/workflow     Authorization: Bearer <node credential>  ->  AgentWorkflow
 *   POST /v1/agent/events       Authorization: Bearer <node credential>  AgentEvent -> AgentEventAck
 *
 * Events are idempotent by (attempt, seq): orchd keeps the highest seq of the current attempt and
 * ignores anything at or below it, and anything from another attempt (a reprovision starts a new
 * one). A `failed` event is terminal for the attempt; the agent retries retryable failures itself,
 * within a budget, before it reports one.
 */
import type { WorkflowPlan, WorkflowStepKind } from './workflow-steps.js';

export interface OnboardRequest {
  readonly uuid: string;
  readonly serialNumber: string;
  /** MACs of the node's NICs, lower-case `aa:bb:cc:dd:ee:ff`; the first is the provisioning NIC. */
  readonly macs: readonly string[];
  readonly inventory?: NodeInventory;
}

/** A NIC as /sys/class/net shows it (EMF hostNics); a virtual node without sysfs has name and MAC only. */
export interface NodeNic {
  readonly name: string;
  /** Lower-case `aa:bb:cc:dd:ee:ff`. */
  readonly mac: string;
  /** The PCI function it is (`0000:00:03.0`), for a PCI NIC. */
  readonly pciAddress?: string;
  /** The USB device it hangs off (`2-1`, as in usbDevices), for a USB NIC. */
  readonly usbAddress?: string;
  readonly mtu?: number;
  /** The kernel's `operstate`: `up`, `down`, `lowerlayerdown`, `dormant`, `unknown`… */
  readonly operState?: string;
}

/** Hardware facts the node reports at onboarding (EMF hostNics/hostStorages, plus PCI and USB devices). */
export interface NodeInventory {
  readonly nics?: readonly NodeNic[];
  readonly storages?: readonly {
    readonly name: string;
    readonly sizeBytes: number;
    readonly model?: string;
    readonly serial?: string;
    readonly removable?: boolean;
  }[];
  readonly pciDevices?: readonly PciDevice[];
  readonly usbDevices?: readonly UsbDevice[];
  readonly ramBytes?: number;
  readonly secureBoot?: boolean;
}

/** One PCI function as /sys/bus/pci/devices shows it; ids are 4 lower-case hex digits, class 6. */
export interface PciDevice {
  readonly address: string;
  readonly vendor: string;
  readonly device: string;
  readonly subsystemVendor: string;
  readonly subsystemDevice: string;
  readonly class: string;
  /** The driver the provisioning OS bound, when any. */
  readonly driver: string | null;
}

/**
 * One USB device as /sys/bus/usb/devices/<port path> shows it (`2-1`, `1-1.4`; root hubs are
 * left out). Ids are 4 lower-case hex digits, the class triple 2 each. Drivers bind interfaces,
 * so the driver check looks at each interface with the device's ids.
 */
export interface UsbDevice {
  readonly address: string;
  /** idVendor, idProduct, bcdDevice. */
  readonly vendor: string;
  readonly product: string;
  readonly bcdDevice: string;
  /** bDeviceClass, bDeviceSubClass, bDeviceProtocol. */
  readonly class: string;
  readonly subClass: string;
  readonly protocol: string;
  readonly interfaces: readonly UsbInterface[];
}

/** One interface of the active configuration: /sys/bus/usb/devices/<port path>:<config>.<number>. */
export interface UsbInterface {
  /** `2-1:1.0` */
  readonly name: string;
  /** bInterfaceNumber, bInterfaceClass, bInterfaceSubClass, bInterfaceProtocol. */
  readonly number: string;
  readonly class: string;
  readonly subClass: string;
  readonly protocol: string;
  /** The driver the provisioning OS bound, when any. */
  readonly driver: string | null;
  /** Network interfaces whose device is this interface (/sys/class/net/<name>/device): a NIC. */
  readonly netDevices: readonly string[];
  /** Block devices below this interface (/sys/class/block/<name>/device): a disk. */
  readonly blockDevices: readonly string[];
}

export interface OnboardAccepted {
  readonly state: 'onboarded';
  readonly hostId: string;
  readonly projectName: string;
  /** Shown once; orchd keeps only its sha256. Send as `Authorization: Bearer <credential>`. */
  readonly credential: string;
}

export interface OnboardWaiting {
  readonly state: 'awaiting-approval';
  readonly message: string;
  readonly retryAfterSeconds: number;
}

/** Where a workflow attempt stands, as orchd sees it. */
export const WORKFLOW_STATES = ['waiting', 'ready', 'running', 'succeeded', 'failed'] as const;
export type WorkflowState = (typeof WORKFLOW_STATES)[number];

export const STEP_STATES = ['pending', 'running', 'succeeded', 'failed'] as const;
export type StepState = (typeof STEP_STATES)[number];

export interface AgentWorkflow {
  /**
   * `waiting`: no instance yet, or its profile's validation has not ended (`reason` says which);
   * poll again after `retryAfterSeconds`. `ready`/`running`: run `plan` from `resumeFrom`.
   * `succeeded`/`failed`: nothing to do (a failed attempt waits for the operator's reprovision).
   */
  readonly state: WorkflowState;
  readonly reason: string | null;
  readonly retryAfterSeconds: number | null;
  /** Increments with each reprovision; every event carries it. */
  readonly attempt: number;
  readonly plan: WorkflowPlan | null;
  /** Index into plan.steps of the first step not yet succeeded. */
  readonly resumeFrom: number;
  /** The highest seq orchd accepted in this attempt: a restarted agent continues above it. */
  readonly lastSeq: number;
  readonly steps: readonly { readonly id: WorkflowStepKind; readonly state: StepState }[];
}

export const AGENT_EVENT_STATES = ['running', 'progress', 'succeeded', 'failed'] as const;
export type AgentEventState = (typeof AGENT_EVENT_STATES)[number];

export interface AgentEvent {
  readonly attempt: number;
  /** Strictly increasing within an attempt, starting at lastSeq + 1. */
  readonly seq: number;
  readonly step: WorkflowStepKind;
  readonly state: AgentEventState;
  readonly bytesDone?: number;
  readonly bytesTotal?: number;
  /** Bytes per second over the last few seconds, when the step moves bytes. */
  readonly rate?: number;
  /** Set with `failed`: the error registry's code, the real message, and whether a retry may help. */
  readonly error?: { readonly code: string; readonly message: string; readonly retryable: boolean };
  /** A short human detail for the timeline (e.g. "gpt: backup header moved to the disk's end"). */
  readonly detail?: string;
  /**
   * Optional: the host the node believes it is (AgentWorkflow.plan.hostId). When sent and not the
   * credential's host, orchd answers 403 PermissionDenied. (`GET /v1/agent/workflow?hostId=` alike.)
   */
  readonly hostId?: string;
}

export interface AgentEventAck {
  /** False when the event was a duplicate, out of order or of another attempt (harmless). */
  readonly accepted: boolean;
  readonly state: WorkflowState;
}
