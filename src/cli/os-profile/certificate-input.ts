import { readFile } from 'node:fs/promises';
import { CliError, EXIT, usageError } from '../cli-error.js';

/** Where a certificate may come from on the command line. */
export interface CertificateFlags {
  /** `--tls-cert`: base64 of PEM (as `base64 -w0 server_cert.pem` exports it), PEM text, or base64 DER. */
  readonly tlsCert?: string;
  /** `--tls-cert-file`: a PEM (or DER) file. */
  readonly tlsCertFile?: string;
}

/** What {@link resolveCertificateInput} needs from outside. */
export interface CertificateInputIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where to say that `$TLS_CERT` was used. */
  note(text: string): void;
  readFile?(path: string): Promise<Buffer>;
}

/**
 * The certificate text to send, or undefined for none: `--tls-cert` as given, the content of
 * `--tls-cert-file` (DER files sent as base64), else `$TLS_CERT` when `useEnv` (create: the documented flow
 * exports it) and set, saying so on stderr. Both flags at once is a usage error; so is an
 * unreadable file (exit 2). The content is checked later by core's rules.
 */
export async function resolveCertificateInput(
  flags: CertificateFlags,
  io: CertificateInputIo,
  useEnv: boolean,
): Promise<string | undefined> {
  const given = await resolvePairedInput(flags.tlsCert, flags.tlsCertFile, '--tls-cert', io);
  if (given !== undefined) return given;
  const fromEnv = io.env['TLS_CERT'];
  if (useEnv && fromEnv !== undefined && fromEnv.trim() !== '') {
    io.note(`using the image server certificate from $TLS_CERT (${fromEnv.trim().length} characters)`);
    return fromEnv;
  }
  return undefined;
}

/**
 * A value given inline (`--<flag>`) or as a file (`--<flag>-file`), or undefined when neither:
 * both at once and an unreadable file are usage errors (exit 2). A binary (DER) file is sent as
 * base64, which core reads.
 */
export async function resolvePairedInput(
  value: string | undefined,
  file: string | undefined,
  flag: string,
  io: Pick<CertificateInputIo, 'readFile'>,
): Promise<string | undefined> {
  if (value !== undefined && file !== undefined)
    throw usageError(`give either ${flag} or ${flag}-file, not both`);
  if (value !== undefined) return value;
  return file === undefined ? undefined : readTextOrDer(file, `${flag}-file`, io);
}

async function readTextOrDer(
  path: string,
  flag: string,
  io: Pick<CertificateInputIo, 'readFile'>,
): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await (io.readFile ?? readFile)(path);
  } catch (error) {
    throw new CliError(`cannot read ${flag} ${path}: ${(error as Error).message}`, EXIT.usage);
  }
  const text = bytes.toString('utf8');
  // A DER file is binary; core reads base64 DER, so it travels as that.
  return text.includes('-----BEGIN') || /^[\s\x20-\x7e]*$/.test(text) ? text : bytes.toString('base64');
}
