/**
 * Driver check, before anything is written: each storage and network controller of the node, each
 * USB NIC and disk (by the interface it hangs off), and each device of a class the profile names
 * must have a driver in the image's kernel, judged with the kernel's own modalias wildcard rules
 * against the aliases orchd put in the plan (the image's table narrowed to this node's devices).
 * The devices are the ones this node sees now (/sys/bus/pci/devices and /sys/bus/usb/devices,
 * read at start-up). A gap the operator accepted is reported, not failed.
 * @module
 */
import {
  checkDriverCoverage,
  DEFAULT_DRIVER_CLASSES,
  DEFAULT_USB_DRIVER_CLASSES,
  DRIVER_TABLE_BUSES,
  type DriverModule,
  type DriverTableBus,
  type PlannedKernel,
} from '../../core/drivers/index.js';
import { OrchError } from '../../core/errors/index.js';
import { paramsObject } from './step-params.js';
import { outcomeOf, type StepExecutor } from './step-executor.js';

const KIND = 'driver-check';
/** Devices named one by one in the message (orchd keeps 4,096 characters of it); the rest counted. */
const MAX_NAMED = 8;

const invalid = (field: string) =>
  new OrchError('STEP_PARAMS_INVALID', `step ${KIND}: ${field} is malformed`, {
    details: { step: KIND, field },
  });

const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string');

function parseKernels(value: unknown): PlannedKernel[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid('kernels');
  return value.map((k: unknown) => {
    const kernel = k as Partial<PlannedKernel> | null;
    if (typeof kernel?.version !== 'string' || !Array.isArray(kernel.modules)) throw invalid('kernels');
    const modules = kernel.modules.map((m: Partial<DriverModule>) => {
      if (typeof m?.module !== 'string' || typeof m.builtin !== 'boolean' || !isStrings(m.aliases))
        throw invalid('kernels.modules');
      return { module: m.module, builtin: m.builtin, aliases: m.aliases };
    });
    const buses = kernel.buses as unknown;
    if (
      buses !== undefined &&
      !(Array.isArray(buses) && buses.every((b) => DRIVER_TABLE_BUSES.includes(b as DriverTableBus)))
    )
      throw invalid('kernels.buses');
    return {
      version: kernel.version,
      truncated: kernel.truncated === true,
      modules,
      ...(buses === undefined ? {} : { buses: buses as DriverTableBus[] }),
    };
  });
}

export const driverCheckStep: StepExecutor<'driver-check'> = {
  kind: KIND,
  parse(params) {
    const p = paramsObject(KIND, params);
    if (!isStrings(p.acceptedGaps)) throw invalid('acceptedGaps');
    if (p.classes !== undefined && !isStrings(p.classes)) throw invalid('classes');
    if (p.usbClasses !== undefined && !isStrings(p.usbClasses)) throw invalid('usbClasses');
    const reason = p.uncheckedReason;
    if (reason !== undefined && reason !== null && typeof reason !== 'string')
      throw invalid('uncheckedReason');
    const kernels = parseKernels(p.kernels);
    return {
      acceptedGaps: p.acceptedGaps,
      classes: (p.classes as string[] | undefined) ?? [...DEFAULT_DRIVER_CLASSES],
      usbClasses: (p.usbClasses as string[] | undefined) ?? [...DEFAULT_USB_DRIVER_CLASSES],
      kernels,
      uncheckedReason:
        typeof reason === 'string'
          ? reason
          : kernels.length === 0
            ? 'the plan carries no driver table'
            : null,
    };
  },
  run: (ctx, params) =>
    outcomeOf(async () => {
      if (params.uncheckedReason !== null || params.kernels.length === 0)
        return `drivers not checked: ${params.uncheckedReason ?? 'the plan carries no driver table'}`;
      const verdict = checkDriverCoverage({
        devices: ctx.facts.inventory.pciDevices ?? [],
        usbDevices: ctx.facts.inventory.usbDevices ?? [],
        kernels: params.kernels,
        extraClasses: params.classes,
        extraUsbClasses: params.usbClasses,
        acceptedGaps: params.acceptedGaps,
      });
      const kernels = verdict.kernels.join(', ');
      if (!verdict.ok) {
        const missing = verdict.devices.filter((d) => d.state === 'missing');
        const named = verdict.missing.slice(0, MAX_NAMED).join('; ');
        const more = verdict.missing.length - MAX_NAMED;
        throw new OrchError('DRIVER_MISSING', more > 0 ? `${named}; and ${more} more device(s)` : named, {
          details: {
            kernels: verdict.kernels,
            devices: missing.map((d) => ({
              bus: d.bus,
              address: d.address,
              ids: d.ids,
              kind: d.kind,
              modalias: d.modalias,
              boundHere: d.boundHere,
              missingIn: d.missingIn,
            })),
          },
        });
      }
      const covered = verdict.devices.filter((d) => d.state === 'covered');
      const usb = covered.filter((d) => d.bus === 'usb').length;
      const what = usb > 0 ? ` and ${usb} USB interface(s)` : '';
      const accepted = verdict.accepted.length > 0 ? `; accepted gaps: ${verdict.accepted.join('; ')}` : '';
      const unchecked = verdict.usbUnchecked === null ? '' : `; ${verdict.usbUnchecked}`;
      return `${covered.length - usb} device(s) of classes ${verdict.classes.join(', ')}${what} have a driver in kernel ${kernels}${accepted}${unchecked}`;
    }),
};
