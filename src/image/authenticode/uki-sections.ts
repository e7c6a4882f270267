/**
 * Reads the text sections of a Unified Kernel Image (a PE file with .osrel, .cmdline, .linux...).
 * https://uapi-group.org/specifications/specs/unified_kernel_image/
 * @module
 */
import type { ByteSource } from '../fs/byte-source.js';
import { decodePe, readSection, type PeFile } from './pe-file.js';

/** Largest text section read (a command line or an os-release is a few KiB). */
const MAX_TEXT_SECTION_BYTES = 1024 * 1024;

/** The text a UKI carries. */
export interface UkiText {
  /** The `.cmdline` section (trailing NULs and newline trimmed), undefined when absent. */
  readonly cmdline: string | undefined;
  /** The `.osrel` section (an os-release file), undefined when absent. */
  readonly osRelease: string | undefined;
  /** Every section name, in header order. */
  readonly sections: string[];
}

/** Reads `.cmdline` and `.osrel` from the PE file in `source`; UNSUPPORTED_FORMAT/CORRUPT_DATA as decodePe. */
export async function readUkiCmdline(source: ByteSource): Promise<UkiText> {
  const pe = await decodePe(source);
  return {
    cmdline: (await sectionText(source, pe, '.cmdline'))?.replace(/\n+$/, ''),
    osRelease: await sectionText(source, pe, '.osrel'),
    sections: pe.sections.map((s) => s.name),
  };
}

async function sectionText(source: ByteSource, pe: PeFile, name: string): Promise<string | undefined> {
  const bytes = await readSection(source, pe, name, MAX_TEXT_SECTION_BYTES);
  return bytes === undefined ? undefined : new TextDecoder().decode(bytes).replace(/\0+$/, '');
}
