/**
 * Reads the text sections of a Unified Kernel Image (a PE file with .osrel, .cmdline, .linux...).
 * https://uapi-group.org/specifications/specs/unified_kernel_image/
 * @module
 */
import { decodePe, type PeFile, type PeSection } from './pe-file.js';

/** The text a UKI carries. */
export interface UkiText {
  /** The `.cmdline` section (trailing NULs and newline trimmed), undefined when absent. */
  readonly cmdline: string | undefined;
  /** The `.osrel` section (an os-release file), undefined when absent. */
  readonly osRelease: string | undefined;
  /** Every section name, in header order. */
  readonly sections: string[];
}

/** Reads `.cmdline` and `.osrel` from a PE file; UNSUPPORTED_FORMAT/CORRUPT_DATA as decodePe. */
export function readUkiCmdline(bytes: Uint8Array): UkiText {
  const pe = decodePe(bytes);
  return {
    cmdline: sectionText(bytes, pe, '.cmdline')?.replace(/\n+$/, ''),
    osRelease: sectionText(bytes, pe, '.osrel'),
    sections: pe.sections.map((s) => s.name),
  };
}

function sectionText(bytes: Uint8Array, pe: PeFile, name: string): string | undefined {
  const section = pe.sections.find((s) => s.name === name);
  return section === undefined
    ? undefined
    : new TextDecoder().decode(sectionBytes(bytes, section)).replace(/\0+$/, '');
}

/** A section's content: VirtualSize bytes, the rest of SizeOfRawData being file-alignment padding. */
function sectionBytes(bytes: Uint8Array, section: PeSection): Uint8Array {
  const length =
    section.virtualSize > 0 ? Math.min(section.virtualSize, section.sizeOfRawData) : section.sizeOfRawData;
  return bytes.subarray(section.pointerToRawData, section.pointerToRawData + length);
}
