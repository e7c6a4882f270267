/**
 * @module
 * Microsoft's db certificates as Debian's ovmf package enrolls them (OVMF_VARS_4M.ms.fd), as PEM
 * text an operator would give as secureBootCerts.
 */
import { readFile } from 'node:fs/promises';
import { X509Certificate } from '@peculiar/x509';
import { toPem } from '../../../src/core/certificates/index.js';
import { OVMF_MS_VARS, ovmfSignatureDatabase } from './ovmf-variables.js';

/** The db certificates of the ovmf package's Microsoft variable store, by common name. */
export async function microsoftDb(): Promise<Map<string, string>> {
  const db = ovmfSignatureDatabase(new Uint8Array(await readFile(OVMF_MS_VARS)));
  return new Map(
    db.certificates.map((der) => [new X509Certificate(der).subjectName.getField('CN')[0] ?? '', toPem(der)]),
  );
}

/** Microsoft Corporation UEFI CA 2011, the CA that signs shim for third parties. */
export async function microsoftUefiCa2011(): Promise<string> {
  const pem = (await microsoftDb()).get('Microsoft Corporation UEFI CA 2011');
  if (pem === undefined)
    throw new Error(`${OVMF_MS_VARS} has no Microsoft Corporation UEFI CA 2011 in its db`);
  return pem;
}
