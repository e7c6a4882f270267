/**
 * Driver check: every PCI device the node reported has a driver bound by the provisioning OS,
 * unless the operator accepted the gap (by driver name or `vendor:device`). The facts come from
 * /sys/bus/pci/devices at start-up.
 * @module
 */
import { OrchError } from '../../core/errors/index.js';
import { paramsObject } from './step-params.js';
import { outcomeOf, type StepExecutor } from './step-executor.js';

const KIND = 'driver-check';

export const driverCheckStep: StepExecutor<'driver-check'> = {
  kind: KIND,
  parse(params) {
    const p = paramsObject(KIND, params);
    const gaps = p.acceptedGaps;
    if (!Array.isArray(gaps) || !gaps.every((g) => typeof g === 'string')) {
      throw new OrchError('STEP_PARAMS_INVALID', `step ${KIND}: acceptedGaps must be a list of strings`, {
        details: { step: KIND, field: 'acceptedGaps' },
      });
    }
    return { acceptedGaps: gaps as string[] };
  },
  run: (ctx, params) =>
    outcomeOf(async () => {
      const devices = ctx.facts.inventory.pciDevices ?? [];
      const missing = devices.filter(
        (d) => d.driver === null && !params.acceptedGaps.includes(`${d.vendor}:${d.device}`),
      );
      if (missing.length > 0) {
        throw new OrchError(
          'LAYOUT_UNEXPECTED',
          `${missing.length} PCI device(s) have no driver: ${missing.map((d) => `${d.address} (${d.vendor}:${d.device})`).join(', ')}`,
          {
            details: { devices: missing.map((d) => d.address) },
          },
        );
      }
      return `${devices.length} PCI device(s) checked, none without a driver`;
    }),
};
