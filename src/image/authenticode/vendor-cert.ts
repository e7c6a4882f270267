/**
 * shim's `.vendor_cert` section: the certificate (or db) shim trusts beyond the firmware's db, and
 * its built-in deny list. The section opens with shim's `struct cert_table` (cert.S):
 *   u32 vendor_authorized_size, u32 vendor_deauthorized_size,
 *   u32 vendor_authorized_offset, u32 vendor_deauthorized_offset
 * (offsets from the start of the section). The authorized part is one DER certificate
 * (VENDOR_CERT_FILE) or EFI_SIGNATURE_LISTs (VENDOR_DB_FILE); the deauthorized part is
 * EFI_SIGNATURE_LISTs (VENDOR_DBX_FILE).
 * @module
 */
import { OrchError } from '../../core/errors/index.js';
import { decodeSignatureLists, signatureDatabase, type SignatureDatabase } from './efi-signature-list.js';

const HEADER_SIZE = 16;
/** A DER certificate opens with a SEQUENCE tag. */
const DER_SEQUENCE_TAG = 0x30;

/** What shim trusts and denies on its own. */
export interface VendorCert {
  readonly authorized: SignatureDatabase;
  readonly deauthorized: SignatureDatabase;
}

function part(section: Uint8Array, view: DataView, index: number, name: string): Uint8Array {
  const size = view.getUint32(4 * index, true);
  const offset = view.getUint32(8 + 4 * index, true);
  if (size === 0) return new Uint8Array(0);
  if (offset < HEADER_SIZE || offset + size > section.byteLength) {
    throw new OrchError(
      'CORRUPT_DATA',
      `shim .vendor_cert: ${name} ${offset}+${size} lies outside the ${section.byteLength}-byte section`,
      { details: { field: name, offset, size } },
    );
  }
  return section.subarray(offset, offset + size);
}

/** Decodes a `.vendor_cert` section; CORRUPT_DATA when its header or lists overrun it. */
export function decodeVendorCert(section: Uint8Array): VendorCert {
  if (section.byteLength < HEADER_SIZE) {
    throw new OrchError(
      'CORRUPT_DATA',
      `shim .vendor_cert: ${section.byteLength} bytes, shorter than its header`,
    );
  }
  const view = new DataView(section.buffer, section.byteOffset, section.byteLength);
  const authorized = part(section, view, 0, 'vendor_authorized');
  const deauthorized = part(section, view, 1, 'vendor_deauthorized');
  return {
    authorized:
      authorized.byteLength === 0
        ? { certificates: [], sha256: [] }
        : authorized[0] === DER_SEQUENCE_TAG
          ? { certificates: [authorized], sha256: [] }
          : signatureDatabase(decodeSignatureLists(authorized, 'shim vendor db')),
    deauthorized:
      deauthorized.byteLength === 0
        ? { certificates: [], sha256: [] }
        : signatureDatabase(decodeSignatureLists(deauthorized, 'shim vendor dbx')),
  };
}
