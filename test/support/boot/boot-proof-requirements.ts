/**
 * @module
 * Whether this machine can run the boot proof: QEMU, OVMF's Secure Boot build, systemd's EFI
 * stub and systemd-boot, busybox-static, and the tools that build and sign the parts. The boot
 * tests skip with the missing pieces named when something is absent (CI installs them all).
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { OVMF_BLANK_VARS, OVMF_SECURE_CODE, QEMU } from './qemu-boot.js';
import { SYSTEMD_BOOT, SYSTEMD_STUB } from './unified-kernel-image.js';

const FILES = [OVMF_SECURE_CODE, OVMF_BLANK_VARS, SYSTEMD_STUB, SYSTEMD_BOOT, '/bin/busybox'];
const TOOLS = [QEMU, 'apt-get', 'apt-cache', 'dpkg-deb', 'depmod', 'objcopy', 'objdump', 'sbsign', 'sbattach',
  'veritysetup', 'ldd', 'mkfs.ext4', 'mkfs.vfat', 'mcopy', 'openssl']; // prettier-ignore

/** The missing pieces, or an empty list when the boot proof can run. */
export async function missingBootProofParts(): Promise<string[]> {
  const missing: string[] = [];
  for (const file of FILES) if (!(await readable(file))) missing.push(file);
  const path = (process.env.PATH ?? '').split(delimiter).concat('/usr/sbin', '/sbin');
  for (const tool of TOOLS) {
    const found = await Promise.all(path.map((dir) => readable(join(dir, tool), constants.X_OK)));
    if (!found.includes(true)) missing.push(tool);
  }
  return missing;
}

async function readable(path: string, mode = constants.R_OK): Promise<boolean> {
  return access(path, mode).then(
    () => true,
    () => false,
  );
}
