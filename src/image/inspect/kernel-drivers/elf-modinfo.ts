/**
 * The `.modinfo` section of a kernel module (an ELF relocatable object): NUL-separated
 * `key=value` strings (`alias=pci:v00008086d0000125Csv*sd*bc*sc*i*`, `name=igc`), what modinfo(8)
 * and depmod(8) read to build modules.alias.
 * https://refspecs.linuxfoundation.org/elf/gabi4+/ch4.eheader.html (header, section headers)
 * @module
 */
import { OrchError } from '../../../core/errors/index.js';
import { byteFields, type ByteFields } from '../../binary/byte-fields.js';

const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46]; // "\x7fELF"
const EI_CLASS = 4; // 1: 32-bit, 2: 64-bit
const EI_DATA = 5; // 1: little-endian, 2: big-endian
/** A `.modinfo` larger than this is not a module's (real ones are a few KiB). */
const MAX_MODINFO_BYTES = 1024 * 1024;
const MAX_SECTIONS = 4096;

/** Where the section header table is, per ELF class. */
interface ElfLayout {
  readonly shoff: number;
  readonly shentsize: number;
  readonly shnum: number;
  readonly shstrndx: number;
  /** Offsets of sh_name, sh_offset, sh_size inside one section header. */
  section(f: ByteFields, at: number): { name: number; offset: number; size: number };
}

const bad = (message: string) => new OrchError('CORRUPT_DATA', `ELF: ${message}`);

function layoutOf(f: ByteFields): ElfLayout {
  const is64 = f.u8(EI_CLASS) === 2;
  const le = f.u8(EI_DATA) !== 2;
  const u16 = (o: number) => (le ? f.u16le(o) : f.u16be(o));
  const u32 = (o: number) => (le ? f.u32le(o) : f.u32be(o));
  const u64 = (o: number) => Number(le ? f.u64le(o) : f.u64be(o));
  if (is64) {
    return {
      shoff: u64(0x28),
      shentsize: u16(0x3a),
      shnum: u16(0x3c),
      shstrndx: u16(0x3e),
      section: (g, at) => {
        const lg = (o: number) => Number(le ? g.u64le(at + o) : g.u64be(at + o));
        return { name: le ? g.u32le(at) : g.u32be(at), offset: lg(24), size: lg(32) };
      },
    };
  }
  return {
    shoff: u32(0x20),
    shentsize: u16(0x2e),
    shnum: u16(0x30),
    shstrndx: u16(0x32),
    section: (g, at) => {
      const w = (o: number) => (le ? g.u32le(at + o) : g.u32be(at + o));
      return { name: w(0), offset: w(16), size: w(20) };
    },
  };
}

/** The strings of the `.modinfo` section, or undefined when the object has none. CORRUPT_DATA when it is not ELF. */
export function readModinfo(bytes: Uint8Array): string[] | undefined {
  if (bytes.byteLength < 0x40 || !ELF_MAGIC.every((b, i) => bytes[i] === b)) throw bad('not an ELF file');
  const f = byteFields(bytes);
  const layout = layoutOf(f);
  const { shoff, shentsize, shnum, shstrndx } = layout;
  if (shnum > MAX_SECTIONS || shoff + shnum * shentsize > bytes.byteLength || shstrndx >= shnum)
    throw bad('section header table out of bounds');
  const header = (index: number) => layout.section(f, shoff + index * shentsize);
  const strtab = header(shstrndx);
  const nameOf = (offset: number): string => {
    const start = strtab.offset + offset;
    let end = start;
    while (end < bytes.byteLength && end < start + 64 && bytes[end] !== 0) end += 1;
    return new TextDecoder().decode(bytes.subarray(start, end));
  };
  for (let i = 1; i < shnum; i += 1) {
    const section = header(i);
    if (nameOf(section.name) !== '.modinfo') continue;
    if (section.size > MAX_MODINFO_BYTES || section.offset + section.size > bytes.byteLength)
      throw bad('.modinfo out of bounds');
    const text = new TextDecoder().decode(bytes.subarray(section.offset, section.offset + section.size));
    return text.split('\0').filter((s) => s !== '');
  }
  return undefined;
}
