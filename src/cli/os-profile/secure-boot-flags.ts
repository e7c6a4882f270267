import { resolvePairedInput, type CertificateInputIo } from './certificate-input.js';

/** The Secure Boot policy flags of create, update and the dry run (commander's camelCase names). */
export interface SecureBootFlags {
  /** `--secure-boot-cert`: the db certificate(s) a first-stage loader must chain to. */
  readonly secureBootCert?: string;
  readonly secureBootCertFile?: string;
  /** `--secure-boot-dbx`: revoked certificates and SHA-256 Authenticode hashes. */
  readonly secureBootDbx?: string;
  readonly secureBootDbxFile?: string;
  /** `--secure-boot-mok-cert`: MOK certificates shim trusts for second stages. */
  readonly secureBootMokCert?: string;
  readonly secureBootMokCertFile?: string;
  /** `--sbat-level`: an SBAT revocation level. */
  readonly sbatLevel?: string;
  readonly sbatLevelFile?: string;
}

/** Each flag pair, the API field it fills and the flag's name. */
const PAIRS = [
  ['secureBootCert', 'secureBootCertFile', 'secureBootCerts', '--secure-boot-cert'],
  ['secureBootDbx', 'secureBootDbxFile', 'secureBootDbx', '--secure-boot-dbx'],
  ['secureBootMokCert', 'secureBootMokCertFile', 'secureBootMokCerts', '--secure-boot-mok-cert'],
  ['sbatLevel', 'sbatLevelFile', 'sbatLevel', '--sbat-level'],
] as const;

/** The commander attribute names of every Secure Boot flag. */
export const SECURE_BOOT_FLAG_NAMES: readonly string[] = PAIRS.flatMap(([value, file]) => [value, file]);

/**
 * The body fields the Secure Boot flags give (only those given): each from its inline flag or
 * its `-file` twin; both at once or an unreadable file is a usage error (exit 2). The content is
 * checked later by core's rules, as every other field.
 */
export async function secureBootFields(
  flags: SecureBootFlags,
  io: Pick<CertificateInputIo, 'readFile'>,
): Promise<Record<string, string>> {
  const body: Record<string, string> = {};
  for (const [value, file, field, flag] of PAIRS) {
    const given = await resolvePairedInput(flags[value], flags[file], flag, io);
    if (given !== undefined) body[field] = given;
  }
  return body;
}
