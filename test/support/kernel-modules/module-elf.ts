/**
 * Tiny kernel-module stand-ins for the driver-table tests: an ELF64 little-endian relocatable
 * object with a `.modinfo` section (`name=`, `alias=pci:...`, `license=`) and a `.shstrtab`, which
 * is all depmod and our reader look at; and an x86 bzImage header pointing at a version string.
 */
import { execFileSync } from 'node:child_process';

const ELF_HEADER = 64;
const SECTION_HEADER = 64;

/** A `.ko` whose `.modinfo` names `name` and claims `aliases` (each `pci:v...`). */
export function moduleElf(name: string, aliases: readonly string[]): Uint8Array {
  const modinfo = Buffer.from(
    [
      `license=GPL`,
      ...aliases.map((a) => `alias=${a}`),
      `depends=`,
      `name=${name}`,
      'vermagic=6.1.0 SMP mod_unload ',
    ]
      .map((s) => `${s}\0`)
      .join(''),
  );
  const shstrtab = Buffer.from('\0.modinfo\0.shstrtab\0');
  const modinfoAt = ELF_HEADER;
  const strtabAt = modinfoAt + modinfo.length;
  const shoff = Math.ceil((strtabAt + shstrtab.length) / 8) * 8;
  const out = Buffer.alloc(shoff + 3 * SECTION_HEADER);
  out.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0); // ELF, 64-bit, LE, version 1
  out.writeUInt16LE(1, 16); // ET_REL
  out.writeUInt16LE(62, 18); // EM_X86_64
  out.writeUInt32LE(1, 20);
  out.writeBigUInt64LE(BigInt(shoff), 0x28);
  out.writeUInt16LE(ELF_HEADER, 0x34);
  out.writeUInt16LE(SECTION_HEADER, 0x3a);
  out.writeUInt16LE(3, 0x3c);
  out.writeUInt16LE(2, 0x3e);
  modinfo.copy(out, modinfoAt);
  shstrtab.copy(out, strtabAt);
  const section = (index: number, nameOffset: number, type: number, offset: number, size: number) => {
    const at = shoff + index * SECTION_HEADER;
    out.writeUInt32LE(nameOffset, at);
    out.writeUInt32LE(type, at + 4);
    out.writeBigUInt64LE(BigInt(offset), at + 24);
    out.writeBigUInt64LE(BigInt(size), at + 32);
    out.writeBigUInt64LE(1n, at + 48);
  };
  section(1, 1, 1, modinfoAt, modinfo.length); // .modinfo, SHT_PROGBITS
  section(2, 10, 3, strtabAt, shstrtab.length); // .shstrtab, SHT_STRTAB
  return new Uint8Array(out);
}

/** `bytes` compressed as the kernel's build does it (xz with CRC32, zstd, gzip), by the system tools. */
export function compressModule(bytes: Uint8Array, kind: 'xz' | 'zst' | 'gz'): Uint8Array {
  const args = { xz: ['xz', ['--check=crc32', '-c']], zst: ['zstd', ['-q', '-c']], gz: ['gzip', ['-c']] }[
    kind
  ];
  return new Uint8Array(execFileSync(args[0] as string, args[1] as string[], { input: bytes }));
}

/** A bzImage head (setup header with "HdrS" and kernel_version) followed by the version text. */
export function bzImageStub(version: string): Uint8Array {
  const out = Buffer.alloc(0x1000);
  out.writeUInt16LE(0xaa55, 0x1fe);
  out.write('HdrS', 0x202, 'latin1');
  out.writeUInt16LE(0x0600 - 0x200, 0x20e);
  out.write(`${version} (builder@edge-orch) #1 SMP PREEMPT_DYNAMIC\0`, 0x600, 'latin1');
  return new Uint8Array(out);
}
