/**
 * A kernel's version (`uname -r`) from the image itself: a UKI's `.uname` section, else the
 * version string an x86 bzImage points to from its setup header (`kernel_version` at 0x20E, an
 * offset from 0x200: "6.8.0-45-generic (buildd@...) #45-Ubuntu SMP ...").
 * https://www.kernel.org/doc/html/latest/arch/x86/boot.html
 * @module
 */
import { byteFields } from '../../binary/byte-fields.js';

const HDRS_OFFSET = 0x202; // "HdrS"
const HDRS = 0x53726448;
const KERNEL_VERSION_OFFSET = 0x20e;

/** The version of an x86 bzImage, or undefined when `bytes` is not one or points nowhere. */
export function bzImageVersion(bytes: Uint8Array): string | undefined {
  if (bytes.byteLength < 0x210) return undefined;
  const f = byteFields(bytes);
  if (f.u32le(HDRS_OFFSET) !== HDRS) return undefined;
  const pointer = f.u16le(KERNEL_VERSION_OFFSET);
  if (pointer === 0) return undefined;
  const start = pointer + 0x200;
  if (start >= bytes.byteLength) return undefined;
  let end = start;
  while (end < bytes.byteLength && end < start + 256 && bytes[end] !== 0) end += 1;
  const version = new TextDecoder().decode(bytes.subarray(start, end)).split(' ')[0];
  return version && /^[0-9][\w.+~-]*$/.test(version) ? version : undefined;
}

/** The version in a kernel file name: `vmlinuz-6.8.0-45-generic` -> `6.8.0-45-generic`. */
export function versionFromName(name: string): string | undefined {
  const m = /^(?:vmlinuz|vmlinux|bzImage)-(.+)$/.exec(name);
  return m?.[1];
}
