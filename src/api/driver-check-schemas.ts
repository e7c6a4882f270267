/**
 * `GET …/compute/hosts/{id}/driver-check`: edge-orch's answer, from stored facts only, to "does
 * this profile's image have drivers for this host's hardware?" (EMF has no such call).
 * @module
 */
import { Type, type Static } from 'typebox';
import { literals, nullable } from './schema-helpers.js';

const DeviceCoverageWire = Type.Object(
  {
    address: Type.String(),
    ids: Type.String({ description: '`vendor:device`, e.g. 8086:125c.' }),
    kind: Type.String({ description: "lspci's words for its class, e.g. Ethernet controller." }),
    modalias: Type.String({ description: 'The modalias the kernel would give it (pci:v…d…sv…sd…bc…sc…i…).' }),
    boundHere: nullable(Type.String(), 'The driver the provisioning OS bound.'),
    state: literals(
      ['covered', 'missing', 'accepted'] as const,
      '`accepted`: missing, but named in accepted-driver-gaps.',
    ),
    drivers: Type.Record(Type.String(), Type.Array(Type.String()), {
      description: 'Matching modules per kernel version (`nvme (built-in)`).',
    }),
    missingIn: Type.Array(Type.String(), { description: 'Kernels without a driver for it.' }),
    acceptedBy: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const DriverCheckQuery = Type.Object({
  osProfileId: Type.Optional(
    Type.String({
      maxLength: 64,
      description: "The OS profile to check against; default the host's instance's.",
    }),
  ),
});

/** The verdict. */
export const DriverCheckResult = Type.Object(
  {
    hostId: Type.String(),
    osProfileId: Type.String(),
    state: literals(
      ['covered', 'missing', 'unknown'] as const,
      '`unknown`: a fact is missing (`reason` says which).',
    ),
    reason: nullable(Type.String()),
    kernels: Type.Array(Type.String()),
    classes: Type.Array(Type.String(), {
      description: 'PCI class prefixes checked (01, 02 and the named ones).',
    }),
    devices: Type.Array(DeviceCoverageWire),
    missing: Type.Array(Type.String(), {
      description: 'One line per missing device, as DRIVER_MISSING says it.',
    }),
    accepted: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);
export type DriverCheckResult = Static<typeof DriverCheckResult>;
