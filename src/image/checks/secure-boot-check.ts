/**
 * @module
 * SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION: the first-stage loader(s) and the UKI or
 * kernel must be Authenticode-signed by a certificate chaining to the profile's Secure Boot
 * certificates, or the node's firmware refuses to boot them. The report names every EFI binary.
 */
import type { EfiBinaryFacts } from '../inspect/image-facts.js';
import type { ImageCheck } from './check-types.js';

/** The security feature this check applies to. */
export const SECURE_BOOT_FEATURE = 'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION';

function binaryText(binary: EfiBinaryFacts): string {
  const where = `p${binary.partition}:${binary.path}`;
  if (!binary.signed)
    return binary.problem === undefined ? `${where} unsigned` : `${where} not verifiable (${binary.problem})`;
  const by = binary.signers.length > 0 ? binary.signers.join(' + ') : 'an unknown signer';
  return binary.chainsToTrusted
    ? `${where} signed by ${by}`
    : `${where} signed by ${by}, not trusted${binary.problem ? ` (${binary.problem})` : ''}`;
}

/** Loaders and the UKI or kernel are signed by a certificate chaining to secureBootCerts. */
export const secureBootSigned: ImageCheck = {
  id: 'secureboot.signed',
  needs: ['gpt'],
  run: ({ facts, profile }) => {
    const evidence = { efiBinaries: facts.efiBinaries.map((b) => ({ ...b })) };
    if (!profile.hasSecureBootCerts) {
      return {
        status: 'fail',
        message: `the profile has ${SECURE_BOOT_FEATURE} but no secureBootCerts: supply the Secure Boot certificate(s) (PEM) that sign its boot chain`,
        evidence,
      };
    }
    const loaders = facts.efiBinaries.filter((b) => b.role === 'loader');
    const kernels = facts.efiBinaries.filter((b) => b.role === 'uki' || b.role === 'kernel');
    if (loaders.length === 0 || kernels.length === 0) {
      const lacking =
        loaders.length === 0 ? 'first-stage loader (\\EFI\\BOOT\\BOOTX64.EFI or shim)' : 'UKI or kernel';
      return {
        status: 'fail',
        message: `found no ${lacking} to verify; expected both signed by secureBootCerts`,
        evidence,
      };
    }
    const required = [...loaders, ...kernels];
    const bad = required.filter((b) => !b.signed || !b.chainsToTrusted);
    if (bad.length > 0) {
      return {
        status: 'fail',
        message: `${bad.length} of ${required.length} boot binaries not signed by a certificate chaining to secureBootCerts: ${bad.map(binaryText).join('; ')}`,
        evidence,
      };
    }
    return { status: 'pass', message: `boot chain signed: ${required.map(binaryText).join('; ')}`, evidence };
  },
};
