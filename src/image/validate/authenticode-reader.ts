/**
 * @module
 * The EFI binary reader inspection uses, backed by our Authenticode verifier and UKI reader.
 */
import { inspectAuthenticode, readUkiCmdline } from '../authenticode/index.js';
import type { EfiBinaryReader } from '../inspect/efi-binary-reader.js';

/**
 * A reader that verifies signatures against `secureBootCerts` (PEM or base64); without them a
 * signed binary is reported with its signers but never as chaining to a trusted certificate.
 */
export function authenticodeReader(secureBootCerts: string | undefined): EfiBinaryReader {
  return {
    async verify(bytes) {
      const report = await inspectAuthenticode(bytes, secureBootCerts);
      const chainsToTrusted = report.chainsToTrusted === true && report.hashMatches && report.signatureValid;
      // An unsigned binary needs no further reason; a signed one that does not chain says why.
      const problem =
        chainsToTrusted || !report.signed
          ? undefined
          : secureBootCerts === undefined
            ? 'no Secure Boot certificates to verify against'
            : report.problems.join('; ') || undefined;
      return {
        signed: report.signed,
        signers: report.signers.map((signer) => signer.subject),
        chainsToTrusted,
        ...(problem === undefined ? {} : { problem }),
      };
    },
    ukiCmdline: (bytes) => readUkiCmdline(bytes).cmdline,
  };
}
