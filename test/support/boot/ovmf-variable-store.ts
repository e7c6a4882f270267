/**
 * @module
 * Enrols our own Secure Boot keys into a blank OVMF variable store (OVMF_VARS_4M.fd): PK, KEK and
 * db as authenticated variables holding one X.509 EFI_SIGNATURE_LIST each, plus SecureBootEnable,
 * so the firmware starts in user mode with Secure Boot enforced. The records are written the way
 * edk2's variable driver keeps them (MdeModulePkg/Include/Guid/VariableFormat.h, UEFI 2.10 §32.4
 * for the signature lists); the firmware reads them as if it had enrolled the keys itself.
 */
import { encodeGuid } from '../../../src/image/gpt/gpt-guid.js';

/** EFI_GLOBAL_VARIABLE: PK, KEK, SecureBoot, SetupMode. */
export const EFI_GLOBAL_VARIABLE = '8BE4DF61-93CA-11D2-AA0D-00E098032B8C';
/** EFI_IMAGE_SECURITY_DATABASE_GUID: db, dbx. */
export const EFI_IMAGE_SECURITY_DATABASE = 'D719B2CB-3D3A-4596-A3BC-DAD00E67656F';
/** edk2's SecureBootEnable switch (EFI_SECURE_BOOT_ENABLE_DISABLE). */
const SECURE_BOOT_ENABLE = 'F0A30BC7-AF08-4556-99C4-001009C93A44';
/** edk2's CustomMode (0 = standard mode: keys only change through signed updates). */
const CUSTOM_MODE = 'C076EC0C-7028-4399-A072-71EE5C448B9F';
/** EFI_CERT_X509_GUID: a signature list of DER certificates. */
const CERT_X509 = 'A5C059A1-94E4-4AA7-87B5-AB155C2BF072';
/** gEfiAuthenticatedVariableGuid: the store header of a store with time-based authenticated variables. */
const AUTHENTICATED_STORE = 'AAF32C78-947B-439A-A180-2E144EC37792';

const FV_SIGNATURE_OFFSET = 40; // EFI_FIRMWARE_VOLUME_HEADER.Signature, "_FVH"
const FV_HEADER_LENGTH_OFFSET = 48; // .HeaderLength (u16)
const STORE_SIZE_OFFSET = 16; // VARIABLE_STORE_HEADER.Size, after its GUID
const STORE_HEADER_SIZE = 0x1c;
const VARIABLE_START_ID = 0x55aa;
const VAR_ADDED = 0x3f;
/** NV | BS | RT | TIME_BASED_AUTHENTICATED_WRITE_ACCESS. */
const TIME_AUTHENTICATED = 0x27;
/** NV | BS. */
const NV_BOOT_SERVICE = 0x03;
const AUTH_HEADER_SIZE = 60; // AUTHENTICATED_VARIABLE_HEADER, vendor GUID included
const GUID = 16;

/** The keys to enrol, as DER certificates. */
export interface SecureBootEnrolment {
  /** Owner GUID of every signature entry (any GUID of ours). */
  readonly owner: string;
  readonly pk: Uint8Array;
  readonly kek: Uint8Array;
  /** The signature database: binaries signed under any of these boot. */
  readonly db: readonly Uint8Array[];
}

/** Thrown when the template is not a blank authenticated OVMF variable store. */
export class VariableStoreError extends Error {
  override readonly name = 'VariableStoreError';
}

/** A copy of the blank store `template` with `keys` enrolled and Secure Boot enabled. */
export function enrollSecureBootKeys(template: Uint8Array, keys: SecureBootEnrolment): Uint8Array {
  const image = template.slice();
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  if (ascii(image, FV_SIGNATURE_OFFSET, 4) !== '_FVH') {
    throw new VariableStoreError('not a firmware volume: no _FVH signature at byte 40');
  }
  const storeAt = view.getUint16(FV_HEADER_LENGTH_OFFSET, true);
  const guid = new Uint8Array(GUID);
  encodeGuid(AUTHENTICATED_STORE, guid, 0);
  if (!sameBytes(image.subarray(storeAt, storeAt + GUID), guid)) {
    throw new VariableStoreError('not an authenticated variable store (use OVMF_VARS_4M.fd)');
  }
  const start = storeAt + STORE_HEADER_SIZE;
  const end = storeAt + view.getUint32(storeAt + STORE_SIZE_OFFSET, true);
  if (view.getUint16(start, true) !== 0xffff) {
    throw new VariableStoreError('the store already holds variables: start from a blank OVMF_VARS');
  }
  const time = efiTime(2024, 1, 1);
  const records = [
    variable('PK', EFI_GLOBAL_VARIABLE, TIME_AUTHENTICATED, signatureList(keys.owner, [keys.pk]), time),
    variable('KEK', EFI_GLOBAL_VARIABLE, TIME_AUTHENTICATED, signatureList(keys.owner, [keys.kek]), time),
    variable('db', EFI_IMAGE_SECURITY_DATABASE, TIME_AUTHENTICATED, signatureList(keys.owner, keys.db), time),
    variable('SecureBootEnable', SECURE_BOOT_ENABLE, NV_BOOT_SERVICE, Uint8Array.of(1)),
    variable('CustomMode', CUSTOM_MODE, NV_BOOT_SERVICE, Uint8Array.of(0)),
  ];
  const blob = concat(records);
  if (start + blob.byteLength >= end)
    throw new VariableStoreError('the keys do not fit in the variable store');
  image.set(blob, start);
  return image;
}

/** One EFI_SIGNATURE_LIST per certificate (lists of X.509 entries hold one certificate each). */
export function signatureList(owner: string, certificates: readonly Uint8Array[]): Uint8Array {
  return concat(
    certificates.map((der) => {
      const list = new Uint8Array(GUID + 12 + GUID + der.byteLength);
      const view = new DataView(list.buffer);
      encodeGuid(CERT_X509, list, 0);
      view.setUint32(16, list.byteLength, true); // SignatureListSize
      view.setUint32(20, 0, true); // SignatureHeaderSize
      view.setUint32(24, GUID + der.byteLength, true); // SignatureSize
      encodeGuid(owner, list, 28);
      list.set(der, 28 + GUID);
      return list;
    }),
  );
}

/** An AUTHENTICATED_VARIABLE_HEADER, the UCS-2 name and the data, padded to 4 bytes with 0xff. */
function variable(name: string, vendor: string, attributes: number, data: Uint8Array, time?: Uint8Array) {
  const nameBytes = ucs2(`${name}\0`);
  const size = AUTH_HEADER_SIZE + nameBytes.byteLength + data.byteLength;
  const record = new Uint8Array(size + (-size & 3)).fill(0xff);
  const view = new DataView(record.buffer);
  record.fill(0, 0, AUTH_HEADER_SIZE);
  view.setUint16(0, VARIABLE_START_ID, true);
  record[2] = VAR_ADDED;
  view.setUint32(4, attributes, true);
  // 8: MonotonicCount (u64) 0; 16: EFI_TIME TimeStamp; 32: PubKeyIndex 0.
  if (time) record.set(time, 16);
  view.setUint32(36, nameBytes.byteLength, true);
  view.setUint32(40, data.byteLength, true);
  encodeGuid(vendor, record, 44);
  record.set(nameBytes, AUTH_HEADER_SIZE);
  record.set(data, AUTH_HEADER_SIZE + nameBytes.byteLength);
  return record;
}

/** EFI_TIME at midnight of the given day (the time stamp authenticated writes must exceed). */
function efiTime(year: number, month: number, day: number): Uint8Array {
  const time = new Uint8Array(16);
  new DataView(time.buffer).setUint16(0, year, true);
  time[2] = month;
  time[3] = day;
  return time;
}

function ucs2(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < text.length; i++) view.setUint16(i * 2, text.charCodeAt(i), true);
  return bytes;
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((value, i) => value === b[i]);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}
