/**
 * WIN_CERTIFICATE entries of a PE certificate table (PE format, "The Attribute Certificate Table").
 * @module
 */
import { OrchError } from '../../core/errors/index.js';

const HEADER_SIZE = 8; // dwLength u32, wRevision u16, wCertificateType u16
/** WIN_CERT_TYPE_PKCS_SIGNED_DATA */
export const WIN_CERT_TYPE_PKCS_SIGNED_DATA = 0x0002;
/** Entries are quadword aligned. */
const ALIGNMENT = 8;

/** One attribute certificate. */
export interface WinCertificate {
  readonly revision: number;
  readonly type: number;
  /** bCertificate: for PKCS_SIGNED_DATA, a DER ContentInfo holding SignedData. */
  readonly data: Uint8Array;
}

/** Splits the certificate table into its entries; CORRUPT_DATA when a length overruns it. */
export function decodeWinCertificates(table: Uint8Array): WinCertificate[] {
  const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const entries: WinCertificate[] = [];
  for (let at = 0; at + HEADER_SIZE <= table.byteLength;) {
    const length = view.getUint32(at, true);
    if (length < HEADER_SIZE || at + length > table.byteLength) {
      throw new OrchError(
        'CORRUPT_DATA',
        `PE: WIN_CERTIFICATE at table offset ${at} has dwLength ${length}, the table has ${table.byteLength - at} bytes left`,
        { details: { field: 'dwLength', offset: at, actual: length } },
      );
    }
    entries.push({
      revision: view.getUint16(at + 4, true),
      type: view.getUint16(at + 6, true),
      data: table.subarray(at + HEADER_SIZE, at + length),
    });
    at += Math.ceil(length / ALIGNMENT) * ALIGNMENT;
  }
  return entries;
}
