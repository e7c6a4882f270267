/**
 * Wire schemas of hosts, instances, regions, sites and the node protocol (TypeBox), shared by
 * orchd's routes and the clients that read them. Field names and enum words are EMF's
 * (HostResource, InstanceResource); `provisioning` is edge-orch's addition that EMF clients ignore.
 * @module
 */
import { Type, type Static } from 'typebox';
import { HOST_STATES, INSTANCE_KINDS, STATUS_INDICATORS } from '../core/host/host-types.js';
import {
  AGENT_EVENT_STATES,
  STEP_STATES,
  WORKFLOW_STATES,
  WORKFLOW_STEP_KINDS,
} from '../core/workflow/index.js';

const literals = <T extends string>(values: readonly T[], description = '') =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

const Timestamps = Type.Object({ createdAt: Type.String(), updatedAt: Type.String() });
const Metadata = Type.Array(
  Type.Object({ key: Type.String(), value: Type.String() }, { additionalProperties: false }),
  {
    description: 'EMF metadata: key/value pairs.',
  },
);

/** A failure as the node or orchd reported it, verbatim. */
export const WorkflowFailureWire = Type.Object({
  code: Type.String({ description: 'Error registry code, e.g. CHECKSUM_MISMATCH or STEP_TIMEOUT.' }),
  message: Type.String(),
  retryable: Type.Boolean(),
  step: Type.Union([literals(WORKFLOW_STEP_KINDS), Type.Null()]),
});

/** edge-orch's structured provisioning view (EMF clients ignore it). */
export const ProvisioningView = Type.Object(
  {
    state: literals(WORKFLOW_STATES),
    attempt: Type.Integer({ description: 'Increments with each reprovision.' }),
    reason: Type.Union([Type.String(), Type.Null()], { description: 'Why it waits.' }),
    step: Type.Union([
      Type.Object({
        id: literals(WORKFLOW_STEP_KINDS),
        text: Type.String(),
        index: Type.Integer({ description: '1-based k of k/N.' }),
        count: Type.Integer({ description: 'N.' }),
      }),
      Type.Null(),
    ]),
    bytesDone: Type.Union([Type.Number(), Type.Null()]),
    bytesTotal: Type.Union([Type.Number(), Type.Null()]),
    rate: Type.Union([Type.Number(), Type.Null()], { description: 'Bytes per second.' }),
    error: Type.Union([WorkflowFailureWire, Type.Null()]),
    steps: Type.Array(
      Type.Object({
        id: literals(WORKFLOW_STEP_KINDS),
        text: Type.String(),
        state: literals(STEP_STATES),
        startedAt: Type.Union([Type.String(), Type.Null()]),
        endedAt: Type.Union([Type.String(), Type.Null()]),
        durationMs: Type.Union([Type.Number(), Type.Null()]),
        detail: Type.Union([Type.String(), Type.Null()]),
        bytes: Type.Union([Type.Number(), Type.Null()], {
          description: 'edge-orch: the bytes the step moved, once it ended (null without counters).',
        }),
        error: Type.Union([WorkflowFailureWire, Type.Null()]),
      }),
    ),
    imageValidation: Type.String({
      description: "The profile's validation state, or why it is not validated.",
    }),
    updatedAt: Type.String(),
  },
  { description: 'edge-orch: where provisioning stands, step by step.' },
);

const Indicator = literals(STATUS_INDICATORS);
const UnixSeconds = Type.Integer({ description: 'Unix seconds; 0 when never set.' });

/** EMF's InstanceResource (with `host` and `os` as upstream nests them). */
export const InstanceResource = Type.Object({
  resourceId: Type.String({ description: '`inst-` + 8 hex.' }),
  instanceID: Type.String(),
  name: Type.String(),
  kind: literals(INSTANCE_KINDS),
  desiredState: Type.String(),
  currentState: Type.String(),
  hostID: Type.String(),
  osID: Type.String(),
  securityFeature: Type.String(),
  host: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
  os: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
  provisioningStatus: Type.String(),
  provisioningStatusIndicator: Indicator,
  provisioningStatusTimestamp: UnixSeconds,
  instanceStatus: Type.String(),
  instanceStatusIndicator: Indicator,
  instanceStatusTimestamp: UnixSeconds,
  updateStatus: Type.String(),
  updateStatusIndicator: Indicator,
  updateStatusTimestamp: UnixSeconds,
  instanceStatusDetail: Type.String(),
  workloadMembers: Type.Array(Type.Unknown()),
  localAccountID: Type.String(),
  customConfigID: Type.Array(Type.String()),
  provisioning: Type.Union([ProvisioningView, Type.Null()]),
  timestamps: Timestamps,
});

export const SiteResource = Type.Object({
  resourceId: Type.String({ description: '`site-` + 8 hex.' }),
  siteID: Type.String(),
  name: Type.String(),
  regionId: Type.String(),
  region: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
  metadata: Metadata,
  timestamps: Timestamps,
});

export const RegionResource = Type.Object({
  resourceId: Type.String({ description: '`region-` + 8 hex.' }),
  regionID: Type.String(),
  name: Type.String(),
  parentId: Type.String(),
  metadata: Metadata,
  timestamps: Timestamps,
});

const Hex = (digits: string, description: string) =>
  Type.String({ pattern: `^[0-9a-fA-F]${digits}$`, description });

/**
 * One PCI function as the node reported it from /sys/bus/pci/devices (edge-orch's addition: EMF's
 * HostResource has no PCI inventory). Ids are hex without `0x`.
 */
export const PciDeviceWire = Type.Object(
  {
    address: Type.String({ maxLength: 32, description: 'Domain:bus:slot.function, e.g. 0000:03:00.0.' }),
    vendor: Hex('{4}', 'Vendor id, e.g. 8086.'),
    device: Hex('{4}', 'Device id, e.g. 125c.'),
    subsystemVendor: Hex('{0,4}', "Subsystem vendor id ('' when the node has none)."),
    subsystemDevice: Hex('{0,4}', "Subsystem device id ('' when the node has none)."),
    class: Hex('{0,6}', 'Class, subclass and programming interface, e.g. 020000.'),
    driver: Type.Union([Type.String({ maxLength: 64 }), Type.Null()], {
      description: 'The driver the provisioning OS bound, null when none.',
    }),
  },
  { additionalProperties: false },
);
export type PciDeviceWire = Static<typeof PciDeviceWire>;

const Names = (maxItems: number, description: string) =>
  Type.Array(Type.String({ maxLength: 32 }), { maxItems, description });

/** One interface of a USB device (its driver binds here). */
export const UsbInterfaceWire = Type.Object(
  {
    name: Type.String({
      pattern: '^[0-9]+-[0-9]+(\\.[0-9]+)*:[0-9]+\\.[0-9]+$',
      maxLength: 40,
      description: 'sysfs name: port path, configuration and interface number, e.g. 2-1:1.0.',
    }),
    number: Hex('{2}', 'bInterfaceNumber, e.g. 00.'),
    class: Hex('{2}', 'bInterfaceClass, e.g. ff (vendor-specific), 08 (mass storage).'),
    subClass: Hex('{2}', 'bInterfaceSubClass.'),
    protocol: Hex('{2}', 'bInterfaceProtocol.'),
    driver: Type.Union([Type.String({ maxLength: 64 }), Type.Null()], {
      description: 'The driver the provisioning OS bound, null when none.',
    }),
    netDevices: Names(
      16,
      'Network interfaces whose device is this interface (a USB NIC), e.g. enx00e04c680001.',
    ),
    blockDevices: Names(64, 'Block devices below this interface (a USB disk), e.g. sda.'),
  },
  { additionalProperties: false },
);

/**
 * One USB device as the node reported it from /sys/bus/usb/devices (root hubs left out; edge-orch's
 * addition). Ids are hex without `0x`.
 */
export const UsbDeviceWire = Type.Object(
  {
    address: Type.String({
      pattern: '^[0-9]+-[0-9]+(\\.[0-9]+)*$',
      maxLength: 32,
      description: 'Bus and port path, e.g. 2-1 or 1-1.4.',
    }),
    vendor: Hex('{4}', 'idVendor, e.g. 0bda.'),
    product: Hex('{4}', 'idProduct, e.g. 8153.'),
    bcdDevice: Hex('{4}', 'bcdDevice (device release), e.g. 3000.'),
    class: Hex('{2}', 'bDeviceClass (00: per interface).'),
    subClass: Hex('{2}', 'bDeviceSubClass.'),
    protocol: Hex('{2}', 'bDeviceProtocol.'),
    interfaces: Type.Array(UsbInterfaceWire, {
      maxItems: 32,
      description: 'Interfaces of the active configuration.',
    }),
  },
  { additionalProperties: false },
);
export type UsbDeviceWire = Static<typeof UsbDeviceWire>;

/** EMF's HostResource. */
export const HostResource = Type.Object({
  resourceId: Type.String({ description: '`host-` + 8 hex.' }),
  name: Type.String(),
  desiredState: literals(HOST_STATES),
  currentState: literals(HOST_STATES),
  serialNumber: Type.String(),
  uuid: Type.String(),
  hostname: Type.String(),
  hostStatus: Type.String(),
  hostStatusIndicator: Indicator,
  hostStatusTimestamp: UnixSeconds,
  onboardingStatus: Type.String(),
  onboardingStatusIndicator: Indicator,
  onboardingStatusTimestamp: UnixSeconds,
  registrationStatus: Type.String(),
  registrationStatusIndicator: Indicator,
  registrationStatusTimestamp: UnixSeconds,
  hostStorages: Type.Array(Type.Object({}, { additionalProperties: true })),
  hostNics: Type.Array(Type.Object({}, { additionalProperties: true })),
  hostPciDevices: Type.Array(PciDeviceWire, {
    description: "edge-orch's addition: the node's PCI functions from its last onboarding ([] before).",
  }),
  hostUsbDevices: Type.Array(UsbDeviceWire, {
    description: "edge-orch's addition: the node's USB devices from its last onboarding ([] before).",
  }),
  instance: Type.Union([InstanceResource, Type.Null()]),
  site: Type.Union([SiteResource, Type.Null()]),
  siteId: Type.String(),
  metadata: Metadata,
  note: Type.String(),
  autoOnboard: Type.Boolean(),
  enableVpro: Type.Boolean(),
  userLvmSize: Type.Integer(),
  timestamps: Timestamps,
});

export const HostList = Type.Object({
  hosts: Type.Array(HostResource),
  totalElements: Type.Integer(),
  hasNext: Type.Boolean(),
});

export const InstanceList = Type.Object({
  instances: Type.Array(InstanceResource),
  totalElements: Type.Integer(),
  hasNext: Type.Boolean(),
});

export const HostSummary = Type.Object({
  total: Type.Integer(),
  error: Type.Integer(),
  running: Type.Integer(),
  unallocated: Type.Integer(),
});

const SerialNumber = Type.String({ maxLength: 20, description: '^[A-Za-z0-9]{5,20}$ or empty.' });
const Uuid = Type.String({ maxLength: 36, description: 'RFC 4122 or empty.' });

/** `POST …/hosts/register` (not wrapped). */
export const RegisterHostInput = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 20 })),
    serialNumber: Type.Optional(SerialNumber),
    uuid: Type.Optional(Uuid),
    autoOnboard: Type.Optional(Type.Boolean()),
    enableVpro: Type.Optional(Type.Boolean()),
    userLvmSize: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type RegisterHostInput = Static<typeof RegisterHostInput>;

/** `PATCH/PUT …/hosts/{id}`: the fields a client may change. Read-only fields of a GET body are ignored. */
export const HostChangeInput = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 50 })),
    siteId: Type.Optional(Type.String({ maxLength: 64 })),
    metadata: Type.Optional(Metadata),
    desiredState: Type.Optional(literals(HOST_STATES)),
  },
  { additionalProperties: true },
);
export type HostChangeInput = Static<typeof HostChangeInput>;

/** `POST …/instances`. */
export const InstanceInput = Type.Object(
  {
    hostID: Type.String({ maxLength: 64 }),
    osID: Type.String({ maxLength: 64 }),
    name: Type.Optional(Type.String({ maxLength: 50 })),
    kind: Type.Optional(Type.String({ maxLength: 64 })),
    securityFeature: Type.Optional(Type.String({ maxLength: 80 })),
    localAccountID: Type.Optional(Type.String({ maxLength: 64 })),
    customConfigID: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 32 })),
    sshKeys: Type.Optional(
      Type.Array(Type.String({ maxLength: 16384 }), {
        maxItems: 32,
        description: 'edge-orch: OpenSSH public keys.',
      }),
    ),
    customCloudInit: Type.Optional(
      Type.String({ maxLength: 65536, description: 'edge-orch: a #cloud-config merged into the user-data.' }),
    ),
  },
  { additionalProperties: false },
);
export type InstanceInput = Static<typeof InstanceInput>;

export const RegionInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 50 }),
    parentId: Type.Optional(Type.String({ maxLength: 64 })),
    metadata: Type.Optional(Metadata),
  },
  { additionalProperties: false },
);
export type RegionInput = Static<typeof RegionInput>;

export const SiteInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 50 }),
    regionId: Type.Optional(Type.String({ maxLength: 64 })),
    metadata: Type.Optional(Metadata),
  },
  { additionalProperties: false },
);
export type SiteInput = Static<typeof SiteInput>;

const Mac = Type.String({ pattern: '^[0-9a-f]{2}(:[0-9a-f]{2}){5}$' });

/** `POST /v1/onboard` (the node, no operator token). */
export const OnboardInput = Type.Object(
  {
    uuid: Type.String({ maxLength: 36 }),
    serialNumber: Type.String({ maxLength: 64 }),
    macs: Type.Array(Mac, { maxItems: 64 }),
    inventory: Type.Optional(
      Type.Object(
        {
          nics: Type.Optional(
            Type.Array(
              Type.Object({
                name: Type.String({ maxLength: 64 }),
                mac: Mac,
                pciAddress: Type.Optional(Type.String({ maxLength: 32 })),
                usbAddress: Type.Optional(Type.String({ maxLength: 32 })),
                mtu: Type.Optional(Type.Integer({ minimum: 1, maximum: 1048576 })),
                operState: Type.Optional(Type.String({ maxLength: 16 })),
              }),
              { maxItems: 64 },
            ),
          ),
          storages: Type.Optional(
            Type.Array(
              Type.Object({
                name: Type.String({ maxLength: 64 }),
                sizeBytes: Type.Number({ minimum: 0 }),
                model: Type.Optional(Type.String({ maxLength: 128 })),
                serial: Type.Optional(Type.String({ maxLength: 128 })),
                removable: Type.Optional(Type.Boolean()),
              }),
              { maxItems: 64 },
            ),
          ),
          pciDevices: Type.Optional(Type.Array(PciDeviceWire, { maxItems: 512 })),
          usbDevices: Type.Optional(Type.Array(UsbDeviceWire, { maxItems: 128 })),
          ramBytes: Type.Optional(Type.Number({ minimum: 0 })),
          secureBoot: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: true },
      ),
    ),
  },
  { additionalProperties: true },
);
export type OnboardInput = Static<typeof OnboardInput>;

/** `POST /v1/agent/events`. */
export const AgentEventInput = Type.Object(
  {
    attempt: Type.Integer({ minimum: 0 }),
    seq: Type.Integer({ minimum: 1 }),
    step: literals(WORKFLOW_STEP_KINDS),
    state: literals(AGENT_EVENT_STATES),
    bytesDone: Type.Optional(Type.Number({ minimum: 0 })),
    bytesTotal: Type.Optional(Type.Number({ minimum: 0 })),
    rate: Type.Optional(Type.Number({ minimum: 0 })),
    error: Type.Optional(
      Type.Object({
        code: Type.String({ minLength: 1, maxLength: 64 }),
        message: Type.String({ maxLength: 4096 }),
        retryable: Type.Boolean(),
      }),
    ),
    detail: Type.Optional(Type.String({ maxLength: 1024 })),
    hostId: Type.Optional(
      Type.String({
        maxLength: 64,
        description: "When sent, must be the credential's host (403 otherwise).",
      }),
    ),
  },
  { additionalProperties: true },
);
export type AgentEventInput = Static<typeof AgentEventInput>;

/** `GET /v1/orchestrator`: EMF's feature flags, as orch-cli reads them at login. */
export const OrchestratorInfo = Type.Object({
  schemaVersion: Type.String(),
  orchestrator: Type.Object({
    version: Type.String(),
    features: Type.Record(Type.String(), Type.Unknown()),
  }),
});
