/**
 * @module
 * A unified kernel image as ukify makes one, with objcopy: systemd's EFI stub with the kernel,
 * initramfs, command line and os-release added as `.linux`, `.initrd`, `.cmdline` and `.osrel`
 * sections, placed one after another past the stub's own sections. The stub hands the kernel over
 * through the EFI handover protocol, so the firmware checks only the UKI's own signature.
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runTool } from '../../fixtures/disk-image/run-tool.js';
import { toolOutput } from './tool-output.js';

/** systemd-boot-efi's stub for x86-64. */
export const SYSTEMD_STUB = '/usr/lib/systemd/boot/efi/linuxx64.efi.stub';
/** systemd-boot itself, the Ubuntu-like image's loader. */
export const SYSTEMD_BOOT = '/usr/lib/systemd/boot/efi/systemd-bootx64.efi';

const PAGE = 0x1000;
const alignUp = (value: number): number => Math.ceil(value / PAGE) * PAGE;

/** What goes into a UKI. */
export interface UkiParts {
  readonly kernel: string;
  readonly initrd: string;
  readonly cmdline: string;
  readonly osRelease: string;
}

/** Builds the (unsigned) UKI into `output`. */
export async function buildUki(parts: UkiParts, output: string): Promise<void> {
  const work = await mkdtemp(join(dirname(output), '.uki-'));
  try {
    const osrel = join(work, 'osrel');
    const cmdline = join(work, 'cmdline');
    await writeFile(osrel, parts.osRelease);
    await writeFile(cmdline, `${parts.cmdline}\0`);
    let at = alignUp(await stubEnd(SYSTEMD_STUB));
    const args: string[] = [];
    for (const [name, file] of [
      ['.osrel', osrel],
      ['.cmdline', cmdline],
      ['.linux', parts.kernel],
      ['.initrd', parts.initrd],
    ] as const) {
      args.push('--add-section', `${name}=${file}`, '--change-section-vma', `${name}=0x${at.toString(16)}`);
      at = alignUp(at + (await stat(file)).size);
    }
    await runTool('objcopy', [...args, SYSTEMD_STUB, output]);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The first address past the stub's sections (objdump -h: VMA + size; the stub's ImageBase is 0). */
async function stubEnd(stub: string): Promise<number> {
  let end = 0;
  for (const line of (await toolOutput('objdump', ['-h', stub])).split('\n')) {
    const match = /^\s*\d+\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s/.exec(line);
    if (match) end = Math.max(end, parseInt(match[2]!, 16) + parseInt(match[1]!, 16));
  }
  if (end === 0) throw new Error(`objdump -h ${stub} listed no sections`);
  return end;
}
