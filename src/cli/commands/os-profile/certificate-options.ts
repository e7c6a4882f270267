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

/** Collects a repeatable option's values. */
export const collect = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
];
