/**
 * @module
 * The boot proof's initramfs: busybox-static, our /init (boot-init.sh), the kernel modules it
 * loads in order, and veritysetup with the shared libraries ldd names (EMT opens its root through
 * dm-verity with the root hash from the `roothash` partition, as the real OS does). Packed as a
 * gzip'd newc cpio, owned by root, by busybox's own cpio. Needs busybox-static and cryptsetup-bin.
 */
import { chmod, copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runTool } from '../../fixtures/disk-image/run-tool.js';
import type { DebianKernel } from './debian-kernel.js';
import { toolOutput } from './tool-output.js';

/** The /init script, beside this module. */
export const BOOT_INIT_SCRIPT = new URL('./boot-init.sh', import.meta.url).pathname;
const BUSYBOX = '/bin/busybox';
const VERITYSETUP = '/usr/sbin/veritysetup';

/** Another early userspace from the same parts (the inventory boot's). */
export interface InitramfsContent {
  /** The /init script (default boot-init.sh). */
  readonly init?: string;
  /** Module file names in kernel.moduleDir, in load order (default kernel.moduleOrder). */
  readonly modules?: readonly string[];
  /** Include veritysetup and its libraries (default true). */
  readonly veritysetup?: boolean;
}

/** Builds the initramfs for `kernel` into `output` (gzip'd cpio). */
export async function buildInitramfs(
  kernel: DebianKernel,
  output: string,
  content: InitramfsContent = {},
): Promise<void> {
  const modules = content.modules ?? kernel.moduleOrder;
  const stage = await mkdtemp(join(dirname(output), '.initramfs-'));
  try {
    for (const dir of ['bin', 'sbin', 'dev', 'proc', 'sys', 'run', 'lib/modules']) {
      await mkdir(join(stage, dir), { recursive: true });
    }
    await copyFile(BUSYBOX, join(stage, 'bin', 'busybox'));
    await symlink('busybox', join(stage, 'bin', 'sh'));
    await copyFile(content.init ?? BOOT_INIT_SCRIPT, join(stage, 'init'));
    await chmod(join(stage, 'init'), 0o755);
    for (const file of modules) {
      await copyFile(join(kernel.moduleDir, file), join(stage, 'lib', 'modules', file));
    }
    await writeFile(join(stage, 'lib', 'modules', 'order'), `${modules.join('\n')}\n`);
    const verity =
      content.veritysetup === false ? [] : [VERITYSETUP, ...(await sharedLibraries(VERITYSETUP))];
    for (const file of verity) {
      await mkdir(join(stage, dirname(file)), { recursive: true });
      await copyFile(file, join(stage, file));
    }
    await runTool(
      'sh',
      ['-c', 'cd "$STAGE" && find . | LC_ALL=C sort | busybox cpio -o -H newc -R 0:0 | gzip -6 > "$OUT"'],
      {
        env: { ...process.env, STAGE: stage, OUT: output },
      },
    );
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/** The shared libraries (and the loader) `binary` needs, as ldd resolves them. */
export async function sharedLibraries(binary: string): Promise<string[]> {
  const listing = await toolOutput('ldd', [binary]);
  return [...listing.matchAll(/(?:=> )?(\/\S+) \(0x[0-9a-f]+\)/g)].map((m) => m[1]!);
}
