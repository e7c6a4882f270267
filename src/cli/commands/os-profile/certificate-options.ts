import type { Command } from 'commander';

/** Adds `--tls-cert` and `--tls-cert-file` (create and update share them). */
export function addCertificateOptions(command: Command): Command {
  return command
    .option(
      '--tls-cert <cert>',
      'image server certificate: base64 of its PEM (as $TLS_CERT from base64 -w0 server_cert.pem), PEM text, or base64 DER',
    )
    .option('--tls-cert-file <path>', 'image server certificate as a PEM (or DER) file');
}

/**
 * Adds the Secure Boot policy flags (create, update and the dry run share them), each inline or
 * as a file, like `--tls-cert`/`--tls-cert-file`.
 */
export function addSecureBootOptions(command: Command): Command {
  return command
    .option(
      '--secure-boot-cert <cert>',
      'Secure Boot db certificate(s) the first-stage loader (shim) must chain to: PEM text, base64 of PEM, or base64 DER',
    )
    .option('--secure-boot-cert-file <path>', 'Secure Boot db certificate(s) as a PEM (or DER) file')
    .option(
      '--secure-boot-dbx <text>',
      'Secure Boot deny list: PEM certificates and SHA-256 Authenticode hashes (64 hex), one per line',
    )
    .option('--secure-boot-dbx-file <path>', 'Secure Boot deny list as a file')
    .option('--secure-boot-mok-cert <cert>', 'MOK certificate(s) shim trusts for grub and the kernel')
    .option('--secure-boot-mok-cert-file <path>', 'MOK certificate(s) as a PEM (or DER) file')
    .option(
      '--sbat-level <text>',
      "SBAT revocation level (sbat,1,<date> then component,generation lines; default: shim's own)",
    )
    .option('--sbat-level-file <path>', 'SBAT revocation level as a file');
}

/** Collects a repeatable option's values. */
export const collect = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
];
