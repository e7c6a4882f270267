/**
 * Provisioning options carried in a profile's metadata. EMF documents `skip_kernel_upgrade` and
 * `kernelVersion` while its code reads `skipkernelupgrade` and `kernelversion` (EMF bug 12);
 * edge-orch reads every spelling by comparing keys lower-cased with '-' and '_' removed.
 */
export interface ProvisioningOptions {
  /** Keep the image's kernel instead of upgrading it during provisioning (Ubuntu). Default false. */
  readonly skipKernelUpgrade: boolean;
  /** Kernel package to install, e.g. `linux-image-5.15.0-1035-generic`; absent: the default one. */
  readonly kernelVersion?: string;
  /** The node runs without the orchestrator after provisioning (EMT standalone). Default false. */
  readonly standaloneNode: boolean;
}

/** The options metadata may carry, by folded key; values are booleans except the kernel version. */
export const PROVISIONING_OPTION_KEYS = Object.freeze({
  skipkernelupgrade: 'boolean',
  standalonenode: 'boolean',
  kernelversion: 'kernel-package',
} as const);
export type ProvisioningOptionKey = keyof typeof PROVISIONING_OPTION_KEYS;

/** Folds a metadata key for option lookup: `skip_kernel_upgrade`, `Skip-Kernel-Upgrade` -> `skipkernelupgrade`. */
export function foldOptionKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

/** The option a metadata key sets, if any. */
export function optionOfKey(key: string): ProvisioningOptionKey | undefined {
  const folded = foldOptionKey(key);
  return Object.hasOwn(PROVISIONING_OPTION_KEYS, folded) ? (folded as ProvisioningOptionKey) : undefined;
}

/**
 * Reads the provisioning options from (rule-checked) metadata. Booleans are true only for "true" in
 * any case; the rules refuse anything but true/false, so nothing else reaches here from the store.
 */
export function readProvisioningOptions(metadata: Readonly<Record<string, string>>): ProvisioningOptions {
  const values = new Map<ProvisioningOptionKey, string>();
  for (const [key, value] of Object.entries(metadata)) {
    const option = optionOfKey(key);
    if (option !== undefined) values.set(option, value.trim());
  }
  const kernelVersion = values.get('kernelversion');
  return {
    skipKernelUpgrade: values.get('skipkernelupgrade')?.toLowerCase() === 'true',
    ...(kernelVersion ? { kernelVersion } : {}),
    standaloneNode: values.get('standalonenode')?.toLowerCase() === 'true',
  };
}
