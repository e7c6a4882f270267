/**
 * GUIDs as GPT stores them: the first three groups little-endian, the last two as-is
 * (UEFI 2.10, appendix A "GUID and Time Formats"). Text form is upper-case, as sgdisk prints it.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { GptError } from './gpt-error.js';

/** Size of an encoded GUID. */
export const GUID_SIZE = 16;

/** The all-zero GUID: an unused partition entry has this type. */
export const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

const GUID_PATTERN = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

const hex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();

/** Decodes the 16 mixed-endian bytes at `offset` into `XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX`. */
export function decodeGuid(bytes: Uint8Array, offset: number): string {
  const g = bytes.subarray(offset, offset + GUID_SIZE);
  const le = (from: number, to: number) => hex(g.slice(from, to).reverse());
  return `${le(0, 4)}-${le(4, 6)}-${le(6, 8)}-${hex(g.subarray(8, 10))}-${hex(g.subarray(10, 16))}`;
}

/** Normalises a GUID string to upper case; throws GptError when it is not a GUID. */
export function normalizeGuid(guid: string, field = 'guid'): string {
  const upper = guid.toUpperCase();
  if (!GUID_PATTERN.test(upper)) {
    throw new GptError(`${field} is not a GUID: "${guid}"`, {
      field,
      expected: 'XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX',
      actual: guid,
    });
  }
  return upper;
}

/** Writes `guid` in its mixed-endian on-disk form at `offset`. */
export function encodeGuid(guid: string, target: Uint8Array, offset: number, field = 'guid'): void {
  const digits = normalizeGuid(guid, field).replaceAll('-', '');
  const raw = Uint8Array.from({ length: GUID_SIZE }, (_, i) => parseInt(digits.slice(i * 2, i * 2 + 2), 16));
  raw.subarray(0, 4).reverse();
  raw.subarray(4, 6).reverse();
  raw.subarray(6, 8).reverse();
  target.set(raw, offset);
}

/** A random (version 4) GUID in upper case. */
export function randomGuid(): string {
  return randomUUID().toUpperCase();
}
