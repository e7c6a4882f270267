import {
  checkDriverCoverage,
  driverCheckOptions,
  hasDriverTable,
  type DriverCoverage,
  type KernelDrivers,
} from '../../core/drivers/index.js';
import { OrchError } from '../../core/errors/index.js';
import type { Host } from '../../core/host/index.js';
import type { OsProfile } from '../../core/os-profile/index.js';
import type { Store } from '../../store/store.js';
import { validationVerdict } from './validation-verdict.js';

/** The driver check from stored facts: the verdict, or why none can be given. */
export type StoredDriverCheck =
  | { readonly state: 'covered' | 'missing'; readonly reason: null; readonly coverage: DriverCoverage }
  | { readonly state: 'unknown'; readonly reason: string; readonly coverage: null };

/**
 * The driver check orchd can run before any node is touched: the host's PCI and USB devices from its last
 * onboarding against the kernels of the profile's latest validation report, with the host's and
 * the profile's accepted gaps and classes. `unknown` (with the reason) when a fact is missing.
 */
export async function storedDriverCheck(
  store: Store,
  host: Host,
  profile: OsProfile,
): Promise<StoredDriverCheck> {
  const unknown = (reason: string): StoredDriverCheck => ({ state: 'unknown', reason, coverage: null });
  if (host.pciDevices.length === 0 && host.usbDevices.length === 0)
    return unknown('the node has reported no PCI or USB devices (not onboarded yet)');
  const verdict = await validationVerdict(store, host.project, profile);
  if (verdict.kind === 'pending') return unknown("the profile's image validation has not ended");
  if (verdict.kind === 'failed') return unknown(verdict.message);
  const kernels = ((verdict.facts?.kernels ?? []) as readonly KernelDrivers[]).filter(hasDriverTable);
  if (verdict.facts === null) return unknown('default profiles are not validated: no kernel facts');
  if (kernels.length === 0) return unknown("the image's validation found no kernel module alias table");
  const options = driverCheckOptions(profile.metadata, host.metadata);
  const coverage = checkDriverCoverage({
    devices: host.pciDevices,
    usbDevices: host.usbDevices,
    kernels,
    ...options,
  });
  return { state: coverage.ok ? 'covered' : 'missing', reason: null, coverage };
}

/**
 * Refuses an instance whose image is known to lack a driver for the host (DRIVER_MISSING, 422),
 * the same verdict the node would reach before erasing its disk; nothing when a fact is missing.
 */
export async function refuseMissingDrivers(store: Store, host: Host, profile: OsProfile): Promise<void> {
  const check = await storedDriverCheck(store, host, profile);
  if (check.state !== 'missing') return;
  throw new OrchError('DRIVER_MISSING', check.coverage.missing.slice(0, 8).join('; '), {
    details: {
      field: 'osID',
      hostId: host.resourceId,
      kernels: check.coverage.kernels,
      devices: check.coverage.devices.filter((d) => d.state === 'missing').map((d) => d.ids),
      override: 'host or profile metadata accepted-driver-gaps',
    },
  });
}
