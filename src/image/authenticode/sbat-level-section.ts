/**
 * shim's `.sbatlevel` section (sbat_var.S): u32 version (0), u32 offset of the "previous" policy,
 * u32 offset of the "latest" policy (both from the end of the version field), then the two
 * policies as NUL-terminated text.
 * @module
 */
import { OrchError } from '../../core/errors/index.js';

const HEADER_SIZE = 12;

/** The two revocation levels a shim carries. */
export interface SbatLevelSection {
  readonly previous: string;
  readonly latest: string;
}

/** Decodes `.sbatlevel`; CORRUPT_DATA when its header points outside it. */
export function decodeSbatLevelSection(section: Uint8Array): SbatLevelSection {
  const fail = (message: string): OrchError => new OrchError('CORRUPT_DATA', `shim .sbatlevel: ${message}`);
  if (section.byteLength < HEADER_SIZE) throw fail(`${section.byteLength} bytes, shorter than its header`);
  const view = new DataView(section.buffer, section.byteOffset, section.byteLength);
  const version = view.getUint32(0, true);
  if (version !== 0) throw fail(`version ${version} is not 0`);
  const text = (offset: number, name: string): string => {
    const start = 4 + offset;
    if (offset < HEADER_SIZE - 4 || start >= section.byteLength)
      throw fail(`${name} offset ${offset} lies outside`);
    const end = section.indexOf(0, start);
    return new TextDecoder('latin1').decode(section.subarray(start, end < 0 ? section.byteLength : end));
  };
  return {
    previous: text(view.getUint32(4, true), 'previous'),
    latest: text(view.getUint32(8, true), 'latest'),
  };
}
