/**
 * @module
 * `secureboot.signed`: the boot chain as firmware and shim verify it. The first stage
 * (\EFI\BOOT\BOOTX64.EFI, a shim) must chain to the profile's db (secureBootCerts) and not be in
 * its dbx; second stages (grub or systemd-boot, the UKI or kernel) must chain to db, the MOK list
 * or the verified shim's vendor certificate, and not be revoked by the dbx or the shim's deny
 * list. On SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION a binary that would not boot
 * fails the check; on any other feature the same findings are reported as information (pass).
 */
import type { EfiBinaryFacts } from '../inspect/image-facts.js';
import type { CheckContext, CheckVerdict, ImageCheck } from './check-types.js';

/** The security feature this check applies to. */
export const SECURE_BOOT_FEATURE = 'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION';

/** `p<n>:<path>` as the report names a binary. */
export const whereOf = (binary: EfiBinaryFacts): string => `p${binary.partition}:${binary.path}`;

/** One binary's line: who signed it and the anchor it chained to, or why it would not boot. */
export function binaryText(binary: EfiBinaryFacts): string {
  const where = whereOf(binary);
  if (binary.chainsToTrusted)
    return `${where} signed by ${binary.signedBy ?? 'an unknown signer'}, chained to ${binary.anchor ?? 'a trusted certificate'}`;
  if (binary.revoked !== undefined) return `${where} revoked: ${binary.revoked}`;
  if (!binary.signed)
    return binary.problem === undefined ? `${where} unsigned` : `${where} not verifiable (${binary.problem})`;
  const by = binary.signers.length > 0 ? binary.signers.map(commonName).join(' + ') : 'an unknown signer';
  return `${where} signed by ${by}, not trusted${binary.problem ? ` (${binary.problem})` : ''}`;
}

/** A subject's common name (`CN=`), or the whole subject when it has none. */
export const commonName = (subject: string): string => /(?:^|,\s*)CN=([^,]+)/.exec(subject)?.[1] ?? subject;

const CHAIN_ORDER: readonly EfiBinaryFacts['role'][] = ['loader', 'bootloader', 'uki', 'kernel'];

/** The binaries the chain needs, in boot order: first stages, second-stage loaders, UKIs, the kernel. */
export function chainBinaries(binaries: readonly EfiBinaryFacts[]): EfiBinaryFacts[] {
  return CHAIN_ORDER.flatMap((role) => binaries.filter((b) => b.role === role));
}

function judge({ facts, profile }: CheckContext): CheckVerdict {
  const evidence = { efiBinaries: facts.efiBinaries.map((b) => ({ ...b })) };
  if (!profile.hasSecureBootCerts) {
    return {
      status: 'fail',
      message: `the profile has ${SECURE_BOOT_FEATURE} but no secureBootCerts: supply the Secure Boot certificate(s) (PEM) of the node's db, which the first-stage loader must chain to`,
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
      message: `found no ${lacking} to verify; expected a verifiable boot chain`,
      evidence,
    };
  }
  const required = chainBinaries(facts.efiBinaries);
  const bad = required.filter((b) => !b.chainsToTrusted);
  if (bad.length > 0) {
    return {
      status: 'fail',
      message: `${bad.length} of ${required.length} boot binaries would not boot under Secure Boot: ${bad.map(binaryText).join('; ')}`,
      evidence,
    };
  }
  return { status: 'pass', message: `boot chain verified: ${required.map(binaryText).join('; ')}`, evidence };
}

/** What the chain looks like when Secure Boot is not required: information only. */
function inform({ facts, profile }: CheckContext): CheckVerdict {
  const evidence = { efiBinaries: facts.efiBinaries.map((b) => ({ ...b })) };
  const required = chainBinaries(facts.efiBinaries);
  const prefix = `not required by ${profile.securityFeature}; for information:`;
  if (required.length === 0) return { status: 'pass', message: `${prefix} no boot binaries found`, evidence };
  const trust = profile.hasSecureBootCerts ? '' : ' (no secureBootCerts to verify against)';
  return { status: 'pass', message: `${prefix}${trust} ${required.map(binaryText).join('; ')}`, evidence };
}

/** The boot chain verifies as firmware and shim verify it (information when Secure Boot is not required). */
export const secureBootSigned: ImageCheck = {
  id: 'secureboot.signed',
  needs: ['gpt'],
  run: (context) =>
    context.profile.securityFeature === SECURE_BOOT_FEATURE ? judge(context) : inform(context),
};
