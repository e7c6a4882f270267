/**
 * EFI_SIGNATURE_LIST (UEFI 2.10, section 32.4.1): the format of db, dbx, MokList and of shim's
 * built-in vendor db/dbx. A list is a header (SignatureType GUID, SignatureListSize,
 * SignatureHeaderSize, SignatureSize), a header blob, then entries of SignatureOwner GUID + data.
 * @module
 */
import { OrchError } from '../../core/errors/index.js';

/** EFI_CERT_X509_GUID a5c059a1-94e4-4aa7-87b5-ab155c2bf072: data is a DER certificate. */
export const EFI_CERT_X509_GUID = 'a5c059a1-94e4-4aa7-87b5-ab155c2bf072';
/** EFI_CERT_SHA256_GUID c1c41626-504c-4092-aca9-41f936934328: data is an Authenticode SHA-256. */
export const EFI_CERT_SHA256_GUID = 'c1c41626-504c-4092-aca9-41f936934328';

const LIST_HEADER_SIZE = 28;
const OWNER_SIZE = 16;

/** One entry of a signature list. */
export interface EfiSignature {
  /** SignatureType GUID of its list, lower case. */
  readonly type: string;
  readonly owner: string;
  readonly data: Uint8Array;
}

/** The X.509 certificates and SHA-256 hashes of a set of signature lists. */
export interface SignatureDatabase {
  readonly certificates: readonly Uint8Array[];
  readonly sha256: readonly Uint8Array[];
}

/** A GUID in its registry form (mixed-endian as EFI_GUID stores it), lower case. */
export function guidText(bytes: Uint8Array): string {
  const hex = (from: number, to: number, reverse: boolean): string => {
    const part = [...bytes.subarray(from, to)];
    return (reverse ? part.reverse() : part).map((b) => b.toString(16).padStart(2, '0')).join('');
  };
  return `${hex(0, 4, true)}-${hex(4, 6, true)}-${hex(6, 8, true)}-${hex(8, 10, false)}-${hex(10, 16, false)}`;
}

/** Splits concatenated EFI_SIGNATURE_LISTs into entries; CORRUPT_DATA when a size overruns them. */
export function decodeSignatureLists(bytes: Uint8Array, what: string): EfiSignature[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: EfiSignature[] = [];
  for (let at = 0; at < bytes.byteLength;) {
    const fail = (message: string): OrchError =>
      new OrchError('CORRUPT_DATA', `${what}: EFI_SIGNATURE_LIST at offset ${at}: ${message}`, {
        details: { offset: at },
      });
    if (at + LIST_HEADER_SIZE > bytes.byteLength) throw fail('truncated header');
    const type = guidText(bytes.subarray(at, at + 16));
    const listSize = view.getUint32(at + 16, true);
    const headerSize = view.getUint32(at + 20, true);
    const signatureSize = view.getUint32(at + 24, true);
    if (listSize < LIST_HEADER_SIZE || at + listSize > bytes.byteLength)
      throw fail(`SignatureListSize ${listSize} overruns the ${bytes.byteLength - at} bytes left`);
    const first = at + LIST_HEADER_SIZE + headerSize;
    const body = at + listSize - first;
    if (signatureSize <= OWNER_SIZE || body < 0 || body % signatureSize !== 0)
      throw fail(`SignatureSize ${signatureSize} does not divide the ${body} bytes of entries`);
    for (let entry = first; entry < at + listSize; entry += signatureSize) {
      entries.push({
        type,
        owner: guidText(bytes.subarray(entry, entry + OWNER_SIZE)),
        data: bytes.subarray(entry + OWNER_SIZE, entry + signatureSize),
      });
    }
    at += listSize;
  }
  return entries;
}

/** The certificates and SHA-256 hashes among `entries` (other types are not used by Secure Boot here). */
export function signatureDatabase(entries: readonly EfiSignature[]): SignatureDatabase {
  return {
    certificates: entries.filter((e) => e.type === EFI_CERT_X509_GUID).map((e) => e.data),
    sha256: entries
      .filter((e) => e.type === EFI_CERT_SHA256_GUID && e.data.byteLength === 32)
      .map((e) => e.data),
  };
}
