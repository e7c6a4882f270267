/**
 * The part of an image's alias tables that concerns one node: the aliases that match at least one
 * of its checked devices. orchd puts it in the node's plan, so en-agent re-runs the check on the
 * devices it sees without carrying the whole table (tens of thousands of aliases) to every node.
 * @module
 */
import type { PciDevice } from '../workflow/agent-protocol.js';
import { isCheckedDevice } from './driver-coverage.js';
import type { DriverModule, KernelDrivers } from './driver-table.js';
import { modaliasMatches } from './modalias-pattern.js';
import { pciModalias } from './pci-modalias.js';

/** A kernel narrowed to what a plan carries. */
export type PlannedKernel = Pick<KernelDrivers, 'version' | 'modules' | 'truncated'>;

/** Each kernel with only the aliases matching one of `devices` in `classes` (kernels kept even when empty). */
export function driverTableSubset(
  kernels: readonly PlannedKernel[],
  devices: readonly PciDevice[],
  classes: readonly string[],
): PlannedKernel[] {
  const aliases = devices.filter((d) => isCheckedDevice(d, classes)).map((d) => pciModalias(d).slice(4));
  return kernels.map((kernel) => {
    const modules: DriverModule[] = [];
    for (const m of kernel.modules) {
      const hits = m.aliases.filter((pattern) => aliases.some((alias) => modaliasMatches(pattern, alias)));
      if (hits.length > 0) modules.push({ module: m.module, builtin: m.builtin, aliases: hits });
    }
    return { version: kernel.version, truncated: kernel.truncated, modules };
  });
}
