/**
 * Writes minimal, valid PE32+ (or PE32) EFI applications for tests: headers, section table and
 * file-aligned sections. The default .text is `xor eax, eax; ret` (return EFI_SUCCESS).
 * Layout per https://learn.microsoft.com/en-us/windows/win32/debug/pe-format
 */

export interface PeSectionSpec {
  readonly name: string;
  readonly data: Uint8Array;
  /** Default: code (0x60000020) for .text, initialised read-only data (0x40000040) otherwise. */
  readonly characteristics?: number;
}

export interface PeSpec {
  readonly format?: 'PE32' | 'PE32+';
  readonly sections?: readonly PeSectionSpec[];
}

const E_LFANEW = 0x80;
const FILE_ALIGNMENT = 0x200;
const SECTION_ALIGNMENT = 0x1000;
const EFI_APPLICATION = 10;
const RETURN_SUCCESS = Uint8Array.of(0x31, 0xc0, 0xc3);

const align = (value: number, to: number): number => Math.ceil(value / to) * to;

/** Builds the PE file. */
export function buildPe(spec: PeSpec = {}): Uint8Array {
  const plus = (spec.format ?? 'PE32+') === 'PE32+';
  const sections = [{ name: '.text', data: RETURN_SUCCESS }, ...(spec.sections ?? [])];
  const optionalSize = plus ? 240 : 224;
  const sectionTable = E_LFANEW + 4 + 20 + optionalSize;
  const sizeOfHeaders = align(sectionTable + sections.length * 40, FILE_ALIGNMENT);
  let fileOffset = sizeOfHeaders;
  let rva = SECTION_ALIGNMENT;
  const placed = sections.map((section) => {
    const at = { ...section, raw: fileOffset, rva, rawSize: align(section.data.byteLength, FILE_ALIGNMENT) };
    fileOffset += at.rawSize;
    rva += align(section.data.byteLength, SECTION_ALIGNMENT);
    return at;
  });
  const bytes = new Uint8Array(fileOffset);
  const view = new DataView(bytes.buffer);
  bytes.set([0x4d, 0x5a]);
  view.setUint32(0x3c, E_LFANEW, true);
  bytes.set([0x50, 0x45, 0, 0], E_LFANEW);
  const coff = E_LFANEW + 4;
  view.setUint16(coff, plus ? 0x8664 : 0x014c, true);
  view.setUint16(coff + 2, sections.length, true);
  view.setUint16(coff + 16, optionalSize, true);
  view.setUint16(coff + 18, plus ? 0x0022 : 0x0102, true);
  writeOptionalHeader(view, coff + 20, plus, { sizeOfHeaders, sizeOfImage: rva, entry: SECTION_ALIGNMENT });
  placed.forEach((section, i) => {
    const h = sectionTable + i * 40;
    bytes.set(new TextEncoder().encode(section.name.slice(0, 8)), h);
    view.setUint32(h + 8, section.data.byteLength, true);
    view.setUint32(h + 12, section.rva, true);
    view.setUint32(h + 16, section.rawSize, true);
    view.setUint32(h + 20, section.raw, true);
    view.setUint32(
      h + 36,
      section.characteristics ?? (section.name === '.text' ? 0x60000020 : 0x40000040),
      true,
    );
    bytes.set(section.data, section.raw);
  });
  return bytes;
}

function writeOptionalHeader(
  view: DataView,
  opt: number,
  plus: boolean,
  layout: { sizeOfHeaders: number; sizeOfImage: number; entry: number },
): void {
  view.setUint16(opt, plus ? 0x20b : 0x10b, true);
  view.setUint32(opt + 4, FILE_ALIGNMENT, true); // SizeOfCode
  view.setUint32(opt + 16, layout.entry, true); // AddressOfEntryPoint
  view.setUint32(opt + 20, layout.entry, true); // BaseOfCode
  if (plus) view.setBigUint64(opt + 24, 0x10000000n, true);
  else view.setUint32(opt + 28, 0x10000000, true);
  view.setUint32(opt + 32, SECTION_ALIGNMENT, true);
  view.setUint32(opt + 36, FILE_ALIGNMENT, true);
  view.setUint16(opt + 48, 1, true); // MajorSubsystemVersion
  view.setUint32(opt + 56, layout.sizeOfImage, true);
  view.setUint32(opt + 60, layout.sizeOfHeaders, true);
  view.setUint16(opt + 68, EFI_APPLICATION, true);
  view.setUint32(opt + (plus ? 108 : 92), 16, true); // NumberOfRvaAndSizes
}
