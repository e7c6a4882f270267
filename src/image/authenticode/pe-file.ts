/**
 * PE/COFF headers, section table and the certificate table's location.
 * https://learn.microsoft.com/en-us/windows/win32/debug/pe-format
 * @module
 */
import { OrchError } from '../../core/errors/index.js';

/** "MZ" */
const DOS_MAGIC = 0x5a4d;
const E_LFANEW = 0x3c; // u32: offset of the PE signature
/** "PE\0\0" */
const PE_SIGNATURE = 0x00004550;
const COFF_HEADER_SIZE = 20;
const COFF_NUMBER_OF_SECTIONS = 2; // u16
const COFF_SIZE_OF_OPTIONAL_HEADER = 16; // u16
export const PE32_MAGIC = 0x10b;
export const PE32_PLUS_MAGIC = 0x20b;
const OPT_SIZE_OF_HEADERS = 60; // u32, both formats
const OPT_CHECKSUM = 64; // u32, both formats
/** NumberOfRvaAndSizes and the data directories move by 16 bytes in PE32+ (64-bit ImageBase etc.). */
const OPT_NUMBER_OF_RVA_AND_SIZES = { [PE32_MAGIC]: 92, [PE32_PLUS_MAGIC]: 108 } as const;
const OPT_DATA_DIRECTORIES = { [PE32_MAGIC]: 96, [PE32_PLUS_MAGIC]: 112 } as const;
const DATA_DIRECTORY_SIZE = 8;
/** Index of IMAGE_DIRECTORY_ENTRY_SECURITY; its VirtualAddress is a file offset. */
const SECURITY_DIRECTORY = 4;
const SECTION_HEADER_SIZE = 40;
const MAX_SECTIONS = 96;

/** One section header. */
export interface PeSection {
  /** Name, NUL padding removed (`.text`, `.cmdline`). */
  readonly name: string;
  readonly virtualSize: number;
  readonly virtualAddress: number;
  readonly sizeOfRawData: number;
  readonly pointerToRawData: number;
}

/** What Authenticode and the UKI reader need of a PE file. */
export interface PeFile {
  readonly format: 'PE32' | 'PE32+';
  readonly machine: number;
  /** File offset of the optional header's CheckSum field. */
  readonly checksumOffset: number;
  /** File offset of the security directory entry, if the header has one. */
  readonly certDirectoryOffset: number | undefined;
  readonly sizeOfHeaders: number;
  readonly sections: readonly PeSection[];
  /** The certificate table (file offset and size), if the image is signed at all. */
  readonly certTable: { readonly offset: number; readonly size: number } | undefined;
}

/** Whether the bytes start like a PE file ("MZ"). */
export function looksLikePe(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 64 && bytes[0] === 0x4d && bytes[1] === 0x5a;
}

function bad(message: string, details: Record<string, unknown> = {}): OrchError {
  return new OrchError('CORRUPT_DATA', `PE: ${message}`, { details });
}

/** Decodes the headers; UNSUPPORTED_FORMAT for a non-PE file, CORRUPT_DATA for broken bounds. */
export function decodePe(bytes: Uint8Array): PeFile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!looksLikePe(bytes) || view.getUint16(0, true) !== DOS_MAGIC) {
    throw new OrchError('UNSUPPORTED_FORMAT', 'not a PE/COFF file (no MZ header)');
  }
  const peOffset = view.getUint32(E_LFANEW, true);
  const coff = peOffset + 4;
  if (coff + COFF_HEADER_SIZE > bytes.byteLength || view.getUint32(peOffset, true) !== PE_SIGNATURE) {
    throw bad(`no PE signature at e_lfanew ${peOffset}`, { field: 'e_lfanew', actual: peOffset });
  }
  const sectionCount = view.getUint16(coff + COFF_NUMBER_OF_SECTIONS, true);
  const optionalSize = view.getUint16(coff + COFF_SIZE_OF_OPTIONAL_HEADER, true);
  const opt = coff + COFF_HEADER_SIZE;
  if (opt + optionalSize > bytes.byteLength || optionalSize < OPT_DATA_DIRECTORIES[PE32_MAGIC]) {
    throw bad(`optional header of ${optionalSize} bytes does not fit`, { field: 'SizeOfOptionalHeader' });
  }
  const magic = view.getUint16(opt, true);
  if (magic !== PE32_MAGIC && magic !== PE32_PLUS_MAGIC) {
    throw bad(`optional header magic 0x${magic.toString(16)} is neither PE32 (0x10b) nor PE32+ (0x20b)`, {
      field: 'Magic',
    });
  }
  const sizeOfHeaders = view.getUint32(opt + OPT_SIZE_OF_HEADERS, true);
  if (sizeOfHeaders > bytes.byteLength) throw bad(`SizeOfHeaders ${sizeOfHeaders} exceeds the file`);
  const directories = readDirectories(view, opt, optionalSize, magic);
  return {
    format: magic === PE32_MAGIC ? 'PE32' : 'PE32+',
    machine: view.getUint16(coff, true),
    checksumOffset: opt + OPT_CHECKSUM,
    certDirectoryOffset: directories.certDirectoryOffset,
    sizeOfHeaders,
    sections: readSections(bytes, opt + optionalSize, sectionCount),
    certTable: certTable(view, directories.certDirectoryOffset),
  };
}

function readDirectories(view: DataView, opt: number, optionalSize: number, magic: 0x10b | 0x20b) {
  const count = view.getUint32(opt + OPT_NUMBER_OF_RVA_AND_SIZES[magic], true);
  const first = opt + OPT_DATA_DIRECTORIES[magic];
  const entry = first + SECURITY_DIRECTORY * DATA_DIRECTORY_SIZE;
  const present = count > SECURITY_DIRECTORY && entry + DATA_DIRECTORY_SIZE <= opt + optionalSize;
  return { certDirectoryOffset: present ? entry : undefined };
}

function certTable(view: DataView, entry: number | undefined): PeFile['certTable'] {
  if (entry === undefined) return undefined;
  const offset = view.getUint32(entry, true);
  const size = view.getUint32(entry + 4, true);
  if (offset === 0 && size === 0) return undefined;
  if (offset + size > view.byteLength || size < 8) {
    throw bad(`certificate table ${offset}+${size} lies outside the ${view.byteLength}-byte file`, {
      field: 'IMAGE_DIRECTORY_ENTRY_SECURITY',
    });
  }
  return { offset, size };
}

function readSections(bytes: Uint8Array, at: number, count: number): PeSection[] {
  if (count > MAX_SECTIONS || at + count * SECTION_HEADER_SIZE > bytes.byteLength) {
    throw bad(`section table of ${count} entries does not fit`, { field: 'NumberOfSections' });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: count }, (_, i) => {
    const h = at + i * SECTION_HEADER_SIZE;
    const section: PeSection = {
      name: new TextDecoder().decode(bytes.subarray(h, h + 8)).replace(/\0+$/, ''),
      virtualSize: view.getUint32(h + 8, true),
      virtualAddress: view.getUint32(h + 12, true),
      sizeOfRawData: view.getUint32(h + 16, true),
      pointerToRawData: view.getUint32(h + 20, true),
    };
    if (section.sizeOfRawData > 0 && section.pointerToRawData + section.sizeOfRawData > bytes.byteLength) {
      throw bad(
        `section ${section.name} (${section.pointerToRawData}+${section.sizeOfRawData}) exceeds the file`,
        {
          field: 'PointerToRawData',
        },
      );
    }
    return section;
  });
}
