/**
 * `GET …/compute/hosts/{id}/driver-check`: edge-orch's answer, from stored facts only, to "does
 * this profile's image have drivers for this host's hardware?" (EMF has no such call).
 * @module
 */
import { Type, type Static } from 'typebox';
import { literals, nullable } from './schema-helpers.js';

const DeviceCoverageWire = Type.Object(
  {
    bus: literals(['pci', 'usb'] as const, 'USB devices are judged per interface (drivers bind those).'),
    address: Type.String({ description: 'PCI address (0000:03:00.0) or USB interface (2-1:1.0).' }),
    ids: Type.String({ description: '`vendor:device`, e.g. 8086:125c, 0bda:8153.' }),
    kind: Type.String({
      description: "lspci's words for its class, e.g. Ethernet controller; USB network adapter.",
    }),
    modalias: Type.String({
      description:
        'The modalias the kernel would give it (pci:v…d…sv…sd…bc…sc…i…, usb:v…p…d…dc…dsc…dp…ic…isc…ip…in…).',
    }),
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
    usbClasses: Type.Array(Type.String(), {
      description:
        'USB interface class prefixes checked besides NICs and disks (08, 0206, 020d and the named ones).',
    }),
    usbUnchecked: nullable(
      Type.String(),
      "Why the host's USB interfaces were not judged (the image's report predates USB alias tables).",
    ),
    devices: Type.Array(DeviceCoverageWire),
    missing: Type.Array(Type.String(), {
      description: 'One line per missing device, as DRIVER_MISSING says it.',
    }),
    accepted: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);
export type DriverCheckResult = Static<typeof DriverCheckResult>;
