/**
 * @module
 * Reads UEFI variables out of an OVMF variable store image (OVMF_VARS*.fd): the firmware volume
 * header (PI spec vol. 3, EFI_FIRMWARE_VOLUME_HEADER), the authenticated variable store header and
 * its AUTHENTICATED_VARIABLE_HEADER records (EDK2 MdeModulePkg/Include/Guid/VariableFormat.h).
 * The tests take the Secure Boot db that Debian's ovmf package enrolls (Microsoft's CAs) from it.
 */
import {
  decodeSignatureLists,
  guidText,
  signatureDatabase,
  type SignatureDatabase,
} from '../../../src/image/authenticode/index.js';

/** The Debian ovmf package's variable store with Microsoft's keys enrolled. */
export const OVMF_MS_VARS = '/usr/share/OVMF/OVMF_VARS_4M.ms.fd';
/** EFI_IMAGE_SECURITY_DATABASE_GUID: the vendor GUID of db and dbx. */
export const IMAGE_SECURITY_DATABASE_GUID = 'd719b2cb-3d3a-4596-a3bc-dad00e67656f';

const FV_SIGNATURE = '_FVH';
const FV_SIGNATURE_OFFSET = 0x28;
const FV_HEADER_LENGTH_OFFSET = 0x30;
const VARIABLE_STORE_HEADER_SIZE = 28;
const VARIABLE_START_ID = 0x55aa;
/** VAR_ADDED with no transition bits cleared: a live variable. */
const VAR_ADDED = 0x3f;
const AUTH_VARIABLE_HEADER_SIZE = 60;

/** One variable of the store. */
export interface UefiVariable {
  readonly name: string;
  readonly vendor: string;
  readonly attributes: number;
  readonly data: Uint8Array;
}

/** Every live variable of an OVMF variable store image; throws when the headers are not there. */
export function readOvmfVariables(fd: Uint8Array): UefiVariable[] {
  const view = new DataView(fd.buffer, fd.byteOffset, fd.byteLength);
  const signature = new TextDecoder('latin1').decode(
    fd.subarray(FV_SIGNATURE_OFFSET, FV_SIGNATURE_OFFSET + 4),
  );
  if (signature !== FV_SIGNATURE) throw new Error(`no firmware volume header (signature "${signature}")`);
  const store = view.getUint16(FV_HEADER_LENGTH_OFFSET, true);
  const storeSize = view.getUint32(store + 16, true);
  const end = Math.min(fd.byteLength, store + storeSize);
  const variables: UefiVariable[] = [];
  for (let at = store + VARIABLE_STORE_HEADER_SIZE; at + AUTH_VARIABLE_HEADER_SIZE <= end;) {
    if (view.getUint16(at, true) !== VARIABLE_START_ID) break;
    const state = fd[at + 2]!;
    const attributes = view.getUint32(at + 4, true);
    const nameSize = view.getUint32(at + 36, true);
    const dataSize = view.getUint32(at + 40, true);
    const vendor = guidText(fd.subarray(at + 44, at + 60));
    const nameStart = at + AUTH_VARIABLE_HEADER_SIZE;
    const name = new TextDecoder('utf-16le')
      .decode(fd.subarray(nameStart, nameStart + nameSize))
      .replace(/\0+$/, '');
    const data = fd.subarray(nameStart + nameSize, nameStart + nameSize + dataSize);
    if (state === VAR_ADDED) variables.push({ name, vendor, attributes, data });
    at = (nameStart + nameSize + dataSize + 3) & ~3;
  }
  return variables;
}

/** The certificates and hashes of the db (or dbx) variable of an OVMF variable store image. */
export function ovmfSignatureDatabase(fd: Uint8Array, name: 'db' | 'dbx' = 'db'): SignatureDatabase {
  const variable = readOvmfVariables(fd).find(
    (v) => v.name === name && v.vendor === IMAGE_SECURITY_DATABASE_GUID,
  );
  if (variable === undefined) throw new Error(`the variable store has no ${name}`);
  return signatureDatabase(decodeSignatureLists(variable.data, name));
}
