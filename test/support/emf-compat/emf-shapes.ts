/**
 * EMF's wire shapes of the OS, host and instance resources, as edge-orch's own definitions for
 * the compatibility tests. The facts (field names, types, enums, patterns, lengths, required and
 * read-only flags) were read from EMF's OpenAPI document, open-edge-platform/infra-core
 * `apiv2/api/openapi/openapi.yaml` at commit 805793633d4d62c277908aaa32caf7eace9e75ab
 * (2026-06-29). Only what a client can see is kept; `format` hints (date-time, uri-ref) are not
 * checked. Host and instance list the fields EMF's orch-cli reads and the ones every answer
 * carries; a nested host or instance leaves out its back-reference.
 */
import type { EmfField, EmfShape } from './emf-shape-check.js';

/** The commit of EMF's document these shapes were read from. */
export const EMF_API_COMMIT = '805793633d4d62c277908aaa32caf7eace9e75ab';

const str = (rules: Omit<Extract<EmfField, { type: 'string' }>, 'type'> = {}): EmfField => ({
  type: 'string',
  ...rules,
});
const ro = (rules: Omit<Extract<EmfField, { type: 'string' }>, 'type'> = {}): EmfField =>
  str({ ...rules, readOnly: true });
const int = { type: 'integer', readOnly: true } as const;

/** EMF's enums, with their protobuf zero values. */
export const EMF_ENUMS = {
  OsType: ['OS_TYPE_UNSPECIFIED', 'OS_TYPE_MUTABLE', 'OS_TYPE_IMMUTABLE'],
  OsProviderKind: ['OS_PROVIDER_KIND_UNSPECIFIED', 'OS_PROVIDER_KIND_INFRA', 'OS_PROVIDER_KIND_LENOVO'],
  SecurityFeature: [
    'SECURITY_FEATURE_UNSPECIFIED',
    'SECURITY_FEATURE_NONE',
    'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION',
  ],
  HostState: [
    'HOST_STATE_UNSPECIFIED',
    'HOST_STATE_DELETED',
    'HOST_STATE_ONBOARDED',
    'HOST_STATE_UNTRUSTED',
    'HOST_STATE_REGISTERED',
  ],
  InstanceState: [
    'INSTANCE_STATE_UNSPECIFIED',
    'INSTANCE_STATE_RUNNING',
    'INSTANCE_STATE_DELETED',
    'INSTANCE_STATE_UNTRUSTED',
  ],
  InstanceKind: ['INSTANCE_KIND_UNSPECIFIED', 'INSTANCE_KIND_METAL'],
  StatusIndication: [
    'STATUS_INDICATION_UNSPECIFIED',
    'STATUS_INDICATION_ERROR',
    'STATUS_INDICATION_IN_PROGRESS',
    'STATUS_INDICATION_IDLE',
  ],
} as const;

// EMF's patterns, character for character (its YAML scalars hold literal backslashes).
const TEXT_500 = String.raw`^$|^[a-zA-Z-_0-9./:;=@?!#,<>*()"\ ]+$`;
const TEXT_PLAIN = String.raw`^$|^[a-zA-Z-_0-9./:;=@?!#,<>*()" ]+$`;
const NAME = String.raw`^$|^[a-zA-Z-_0-9./: ()]+$`;
const SHORT_NAME = String.raw`^$|^[a-zA-Z-_0-9./: ]+$`;

const TIMESTAMPS: EmfShape = {
  name: 'Timestamps',
  fields: { createdAt: ro(), updatedAt: ro() },
};

/** OperatingSystemResource (EMF's OS profile). */
export const EMF_OS_RESOURCE: EmfShape = {
  name: 'OperatingSystemResource',
  required: ['sha256'],
  fields: {
    resourceId: ro({ maxLength: 11, pattern: '^os-[0-9a-f]{8}$' }),
    name: str({ maxLength: 128, pattern: NAME }),
    architecture: str({ maxLength: 20, pattern: TEXT_PLAIN }),
    imageUrl: str({ maxLength: 500, pattern: TEXT_500 }),
    imageId: str({ maxLength: 500, pattern: TEXT_500 }),
    description: str({
      maxLength: 1000,
      pattern: String.raw`^$|^[a-zA-Z-_0-9.:;=@?!#,<>*(){}&%$` + '`' + String.raw`^\+\- ]+$`,
    }),
    sha256: str({ maxLength: 64, minLength: 64, pattern: '^[a-f0-9]+$' }),
    profileName: str({ maxLength: 128, pattern: TEXT_500 }),
    profileVersion: ro(),
    installedPackages: ro({
      maxLength: 500000,
      pattern: String.raw`^$|^[a-zA-Z-_0-9./:;=@?!#,<>*()" \\\n]+$`,
    }),
    installedPackagesUrl: str({ maxLength: 200 }),
    securityFeature: str({ enum: EMF_ENUMS.SecurityFeature }),
    osType: str({ enum: EMF_ENUMS.OsType }),
    osProvider: str({ enum: EMF_ENUMS.OsProviderKind }),
    platformBundle: ro(),
    metadata: str({ maxLength: 500, pattern: String.raw`^$|^[a-z0-9,.\-_:/"\\ \\n{}\[\]]+$` }),
    tlsCaCert: str({
      maxLength: 10000,
      pattern: String.raw`^$|^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$`,
    }),
    existingCvesUrl: str({ maxLength: 500 }),
    existingCves: ro({
      maxLength: 500000,
      pattern: String.raw`^$|^[a-zA-Z-_0-9./:;=@?!#,<>*+~()"\\À-ÿ \\n\{\}\[\]]+$`,
    }),
    fixedCvesUrl: str({ maxLength: 500 }),
    fixedCves: ro({ maxLength: 500000, pattern: String.raw`^$|^[\p{L}\p{N}\p{P}\p{S}\p{Z}\n\{\}\[\]]+$` }),
    osResourceID: ro({ maxLength: 11, pattern: '^os-[0-9a-f]{8}$' }),
    repoUrl: str({ maxLength: 500, pattern: TEXT_PLAIN }),
    timestamps: { type: 'object', shape: TIMESTAMPS, readOnly: true },
  },
};

/** ListOperatingSystemsResponse. */
export const EMF_OS_LIST: EmfShape = {
  name: 'ListOperatingSystemsResponse',
  required: ['OperatingSystemResources', 'totalElements', 'hasNext'],
  fields: {
    OperatingSystemResources: { type: 'array', items: { type: 'object', shape: EMF_OS_RESOURCE } },
    totalElements: { type: 'integer' },
    hasNext: { type: 'boolean' },
  },
};

/** DeleteOperatingSystemResponse: an empty object (additionalProperties: false). */
export const EMF_OS_DELETE: EmfShape = { name: 'DeleteOperatingSystemResponse', fields: {} };

const status = (prefix: string): Record<string, EmfField> => ({
  [`${prefix}Status`]: ro({ maxLength: 1024 }),
  [`${prefix}StatusIndicator`]: ro({ enum: EMF_ENUMS.StatusIndication }),
  [`${prefix}StatusTimestamp`]: int,
});

const HOST_FIELDS: Record<string, EmfField> = {
  resourceId: ro({ maxLength: 13, pattern: '^host-[0-9a-f]{8}$' }),
  name: str({ maxLength: 50, pattern: SHORT_NAME }),
  desiredState: ro({ enum: EMF_ENUMS.HostState }),
  currentState: ro({ enum: EMF_ENUMS.HostState }),
  serialNumber: ro(),
  uuid: str({
    maxLength: 36,
    pattern: '^$|^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
  }),
  hostname: ro(),
  ...status('host'),
  ...status('onboarding'),
  ...status('registration'),
  siteId: str({ maxLength: 13, pattern: '^$|^site-[0-9a-f]{8}$' }),
  timestamps: { type: 'object', shape: TIMESTAMPS, readOnly: true },
};

const INSTANCE_FIELDS: Record<string, EmfField> = {
  resourceId: ro({ maxLength: 13, pattern: '^inst-[0-9a-f]{8}$' }),
  instanceID: ro({ maxLength: 13, pattern: '^inst-[0-9a-f]{8}$' }),
  kind: str({ enum: EMF_ENUMS.InstanceKind }),
  name: str({ maxLength: 50, pattern: SHORT_NAME }),
  desiredState: ro({ enum: EMF_ENUMS.InstanceState }),
  currentState: ro({ enum: EMF_ENUMS.InstanceState }),
  os: { type: 'object', shape: EMF_OS_RESOURCE, readOnly: true, nullable: true },
  securityFeature: str({ enum: EMF_ENUMS.SecurityFeature }),
  ...status('instance'),
  ...status('provisioning'),
  ...status('update'),
  instanceStatusDetail: ro({ maxLength: 1024, pattern: String.raw`^$|^[a-zA-Z-_0-9./:;=?@!#,<>*() ]+$` }),
  workloadMembers: {
    type: 'array',
    items: { type: 'object', shape: { name: 'WorkloadMember', fields: {} } },
    readOnly: true,
  },
  hostID: str({ maxLength: 13, pattern: '^host-[0-9a-f]{8}$' }),
  osID: str({ maxLength: 11, pattern: '^os-[0-9a-f]{8}$' }),
  timestamps: { type: 'object', shape: TIMESTAMPS, readOnly: true },
};

/** HostResource (the fields orch-cli reads and every answer carries); `instance` without its host. */
export const EMF_HOST_RESOURCE: EmfShape = {
  name: 'HostResource',
  fields: {
    ...HOST_FIELDS,
    instance: {
      type: 'object',
      shape: { name: 'InstanceResource', fields: INSTANCE_FIELDS },
      readOnly: true,
      nullable: true,
    },
  },
};

/** InstanceResource; `host` without its instance. */
export const EMF_INSTANCE_RESOURCE: EmfShape = {
  name: 'InstanceResource',
  fields: {
    ...INSTANCE_FIELDS,
    host: {
      type: 'object',
      shape: { name: 'HostResource', fields: HOST_FIELDS },
      readOnly: true,
      nullable: true,
    },
  },
};

/** The list envelopes of hosts and instances. */
export const EMF_HOST_LIST: EmfShape = {
  name: 'ListHostsResponse',
  required: ['hosts', 'totalElements', 'hasNext'],
  fields: {
    hosts: { type: 'array', items: { type: 'object', shape: EMF_HOST_RESOURCE } },
    totalElements: { type: 'integer' },
    hasNext: { type: 'boolean' },
  },
};
export const EMF_INSTANCE_LIST: EmfShape = {
  name: 'ListInstancesResponse',
  required: ['instances', 'totalElements', 'hasNext'],
  fields: {
    instances: { type: 'array', items: { type: 'object', shape: EMF_INSTANCE_RESOURCE } },
    totalElements: { type: 'integer' },
    hasNext: { type: 'boolean' },
  },
};
