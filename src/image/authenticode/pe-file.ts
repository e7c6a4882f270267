/**
 * PE/COFF headers, section table and the certificate table's location, read through a
 * {@link ByteSource} (only the headers are read, never the whole file).
 * https://learn.microsoft.com/en-us/windows/win32/debug/pe-format
 * @module
 */
import { OrchError } from '../../core/errors/index.js';
import type { ByteSource } from '../fs/byte-source.js';

/** "MZ" */
const DOS_MAGIC = 0x5a4d;
const E_LFANEW = 0x3c; // u32: offset of the PE signature
const DOS_HEADER_SIZE = 64;
/** "PE\0\0" */
const PE_SIGNATURE = 0x00004550;
const COFF_HEADER_SIZE = 20;
const COFF_NUMBER_OF_SECTIONS = 2; // u16
const COFF_POINTER_TO_SYMBOL_TABLE = 8; // u32
const COFF_NUMBER_OF_SYMBOLS = 12; // u32
const COFF_SIZE_OF_OPTIONAL_HEADER = 16; // u16
const SYMBOL_SIZE = 18;
/** Longest section name read from the COFF string table. */
const MAX_LONG_NAME = 64;
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
/** e_lfanew beyond this is not a loader's header (real files put it under 1 KiB). */
const MAX_E_LFANEW = 64 * 1024;

/** One section header. */
export interface PeSection {
  /** Name, NUL padding removed (`.text`, `.cmdline`). */
  readonly name: string;
  readonly virtualSize: number;
  readonly virtualAddress: number;
  readonly sizeOfRawData: number;
  readonly pointerToRawData: number;
}

/** What Authenticode and the section readers need of a PE file. */
export interface PeFile {
  readonly format: 'PE32' | 'PE32+';
  readonly machine: number;
  /** Size of the whole file in bytes. */
  readonly fileSize: number;
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
  return bytes.byteLength >= DOS_HEADER_SIZE && bytes[0] === 0x4d && bytes[1] === 0x5a;
}

function bad(message: string, details: Record<string, unknown> = {}): OrchError {
  return new OrchError('CORRUPT_DATA', `PE: ${message}`, { details });
}

/** Reads `length` bytes at `offset` (fewer at the end of the source). */
async function readAt(source: ByteSource, offset: number, length: number): Promise<DataView> {
  const bytes = await source.read(offset, Math.max(0, Math.min(length, source.size - offset)));
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Decodes the headers of the PE file `source` holds, reading only the DOS, COFF and optional
 * headers and the section table. UNSUPPORTED_FORMAT for a non-PE file, CORRUPT_DATA for broken bounds.
 */
export async function decodePe(source: ByteSource): Promise<PeFile> {
  const size = source.size;
  const dos = await source.read(0, Math.min(size, DOS_HEADER_SIZE));
  const dosView = new DataView(dos.buffer, dos.byteOffset, dos.byteLength);
  if (!looksLikePe(dos) || dosView.getUint16(0, true) !== DOS_MAGIC) {
    throw new OrchError('UNSUPPORTED_FORMAT', 'not a PE/COFF file (no MZ header)');
  }
  const peOffset = dosView.getUint32(E_LFANEW, true);
  const coff = peOffset + 4;
  const nt = peOffset <= MAX_E_LFANEW ? await readAt(source, peOffset, 4 + COFF_HEADER_SIZE) : undefined;
  if (nt === undefined || nt.byteLength < 4 + COFF_HEADER_SIZE || nt.getUint32(0, true) !== PE_SIGNATURE) {
    throw bad(`no PE signature at e_lfanew ${peOffset}`, { field: 'e_lfanew', actual: peOffset });
  }
  const sectionCount = nt.getUint16(4 + COFF_NUMBER_OF_SECTIONS, true);
  const optionalSize = nt.getUint16(4 + COFF_SIZE_OF_OPTIONAL_HEADER, true);
  const opt = coff + COFF_HEADER_SIZE;
  if (opt + optionalSize > size || optionalSize < OPT_DATA_DIRECTORIES[PE32_MAGIC]) {
    throw bad(`optional header of ${optionalSize} bytes does not fit`, { field: 'SizeOfOptionalHeader' });
  }
  const optional = await readAt(source, opt, optionalSize);
  const magic = optional.getUint16(0, true);
  if (magic !== PE32_MAGIC && magic !== PE32_PLUS_MAGIC) {
    throw bad(`optional header magic 0x${magic.toString(16)} is neither PE32 (0x10b) nor PE32+ (0x20b)`, {
      field: 'Magic',
    });
  }
  const sizeOfHeaders = optional.getUint32(OPT_SIZE_OF_HEADERS, true);
  if (sizeOfHeaders > size) throw bad(`SizeOfHeaders ${sizeOfHeaders} exceeds the file`);
  const directory = securityDirectory(optional, magic);
  return {
    format: magic === PE32_MAGIC ? 'PE32' : 'PE32+',
    machine: nt.getUint16(4, true),
    fileSize: size,
    checksumOffset: opt + OPT_CHECKSUM,
    certDirectoryOffset: directory === undefined ? undefined : opt + directory,
    sizeOfHeaders,
    sections: await readSections(source, opt + optionalSize, sectionCount, stringTableOffset(nt)),
    certTable: certTable(optional, directory, size),
  };
}

/** Offset of the security entry inside the optional header, when NumberOfRvaAndSizes reaches it. */
function securityDirectory(optional: DataView, magic: 0x10b | 0x20b): number | undefined {
  const count = optional.getUint32(OPT_NUMBER_OF_RVA_AND_SIZES[magic], true);
  const entry = OPT_DATA_DIRECTORIES[magic] + SECURITY_DIRECTORY * DATA_DIRECTORY_SIZE;
  return count > SECURITY_DIRECTORY && entry + DATA_DIRECTORY_SIZE <= optional.byteLength ? entry : undefined;
}

function certTable(optional: DataView, entry: number | undefined, fileSize: number): PeFile['certTable'] {
  if (entry === undefined) return undefined;
  const offset = optional.getUint32(entry, true);
  const size = optional.getUint32(entry + 4, true);
  if (offset === 0 && size === 0) return undefined;
  if (offset + size > fileSize || size < 8) {
    throw bad(`certificate table ${offset}+${size} lies outside the ${fileSize}-byte file`, {
      field: 'IMAGE_DIRECTORY_ENTRY_SECURITY',
    });
  }
  return { offset, size };
}

/** Where the COFF string table starts (after the symbol table), when the file has one. */
function stringTableOffset(nt: DataView): number | undefined {
  const symbols = nt.getUint32(4 + COFF_POINTER_TO_SYMBOL_TABLE, true);
  return symbols === 0 ? undefined : symbols + nt.getUint32(4 + COFF_NUMBER_OF_SYMBOLS, true) * SYMBOL_SIZE;
}

/**
 * A section's name: the 8-byte field, or, for `/<n>` (names longer than 8 bytes, as the GNU
 * toolchain writes `.vendor_cert` and `.sbatlevel`), the NUL-terminated string at offset n of the
 * COFF string table.
 */
async function sectionName(
  source: ByteSource,
  field: Uint8Array,
  strings: number | undefined,
): Promise<string> {
  const short = new TextDecoder().decode(field).replace(/\0+$/, '');
  const long = /^\/(\d+)$/.exec(short);
  if (long === null || strings === undefined) return short;
  const at = strings + Number(long[1]);
  if (at >= source.size) return short;
  const bytes = await source.read(at, Math.min(MAX_LONG_NAME, source.size - at));
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(bytes.subarray(0, end < 0 ? bytes.byteLength : end));
}

async function readSections(
  source: ByteSource,
  at: number,
  count: number,
  strings: number | undefined,
): Promise<PeSection[]> {
  if (count > MAX_SECTIONS || at + count * SECTION_HEADER_SIZE > source.size) {
    throw bad(`section table of ${count} entries does not fit`, { field: 'NumberOfSections' });
  }
  const table = await source.read(at, count * SECTION_HEADER_SIZE);
  const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const names = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      sectionName(source, table.subarray(i * SECTION_HEADER_SIZE, i * SECTION_HEADER_SIZE + 8), strings),
    ),
  );
  return Array.from({ length: count }, (_, i) => {
    const h = i * SECTION_HEADER_SIZE;
    const section: PeSection = {
      name: names[i]!,
      virtualSize: view.getUint32(h + 8, true),
      virtualAddress: view.getUint32(h + 12, true),
      sizeOfRawData: view.getUint32(h + 16, true),
      pointerToRawData: view.getUint32(h + 20, true),
    };
    if (section.sizeOfRawData > 0 && section.pointerToRawData + section.sizeOfRawData > source.size) {
      throw bad(
        `section ${section.name} (${section.pointerToRawData}+${section.sizeOfRawData}) exceeds the file`,
        { field: 'PointerToRawData' },
      );
    }
    return section;
  });
}

/**
 * The content of the section `name`: VirtualSize bytes (the rest of SizeOfRawData is file-alignment
 * padding), undefined when the file has no such section. CORRUPT_DATA beyond `maxBytes`.
 */
export async function readSection(
  source: ByteSource,
  pe: PeFile,
  name: string,
  maxBytes: number,
): Promise<Uint8Array | undefined> {
  const section = pe.sections.find((s) => s.name === name);
  if (section === undefined) return undefined;
  const length =
    section.virtualSize > 0 ? Math.min(section.virtualSize, section.sizeOfRawData) : section.sizeOfRawData;
  if (length > maxBytes) {
    throw bad(`section ${name} of ${length} bytes is larger than the ${maxBytes} bytes read`, {
      field: name,
    });
  }
  return source.read(section.pointerToRawData, length);
}
