/**
 * Our module reader on a real kernel: Debian's current linux-image package (apt-get download,
 * cached in .tmp/debian-boot) ships ~4,000 modules and modules.builtin.modinfo but no
 * modules.alias. Without modules.alias the reader reads each module's ELF `.modinfo`; the PCI
 * table it builds must equal the one depmod (kmod) builds from the same tree (`depmod -n`, which
 * writes nothing), and the built-ins must be what modules.builtin.modinfo lists. Then the matcher
 * on QEMU's devices: virtio-net, e1000e and NVMe are covered (NVMe built in or as a module).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { checkDriverCoverage } from '../../../src/core/drivers/index.js';
import { readModuleTree } from '../../../src/image/inspect/kernel-drivers/read-module-tree.js';
import {
  debianKernelModules,
  type DebianKernelModules,
} from '../../support/debian-boot/debian-kernel-modules.js';
import { localDirFs } from '../../support/local-dir-fs.js';
import { QEMU_PCI } from '../../support/sysfs/fake-sysfs.js';

const run = promisify(execFile);
const kernel: DebianKernelModules | Error = await debianKernelModules().catch((error: Error) => error);
const hasDepmod = await run('depmod', ['-V']).then(
  () => true,
  () => false,
);

test(
  "Debian's kernel: the .modinfo table equals depmod's modules.alias, built-ins from modules.builtin.modinfo",
  {
    skip: kernel instanceof Error ? `no Debian kernel package: ${kernel.message}` : !hasDepmod && 'no depmod',
    timeout: 20 * 60_000,
  },
  async () => {
    const k = kernel as DebianKernelModules;
    const problems: string[] = [];
    const table = await readModuleTree(localDirFs(k.root), `/${k.modulesDir}`, problems, k.modulesDir);
    assert.deepEqual(problems, []);
    assert.equal(table.source, 'modinfo');
    assert.equal(table.builtinSource, 'modules.builtin.modinfo');
    assert.equal(table.truncated, false);

    const ours = new Set(
      table.modules.filter((m) => !m.builtin).flatMap((m) => m.aliases.map((a) => `pci:${a} ${m.module}`)),
    );
    const { stdout } = await run('depmod', ['-n', '-b', k.root, k.release], { maxBuffer: 256 * 1024 * 1024 });
    const depmods = new Set(
      stdout
        .split('\n')
        .filter((line) => line.startsWith('alias pci:'))
        .map((line) => line.slice('alias '.length)),
    );
    assert.ok(depmods.size > 5000, `depmod found ${depmods.size} PCI aliases`);
    assert.deepEqual(
      [...ours].filter((a) => !depmods.has(a)),
      [],
      'no alias depmod does not have',
    );
    assert.deepEqual(
      [...depmods].filter((a) => !ours.has(a)),
      [],
      'every alias depmod has',
    );

    const builtinText = await readFile(join(k.root, k.modulesDir, 'modules.builtin.modinfo'), 'latin1');
    const builtins = new Set(
      builtinText
        .split('\0')
        .map((e) => /^([^.]+)\.alias=(pci:\S+)$/.exec(e))
        .filter((m) => m !== null)
        .map((m) => `${m[2]} ${m[1]!.replace(/-/g, '_')}`),
    );
    const oursBuiltin = new Set(
      table.modules.filter((m) => m.builtin).flatMap((m) => m.aliases.map((a) => `pci:${a} ${m.module}`)),
    );
    assert.deepEqual([...oursBuiltin].sort(), [...builtins].sort());

    const verdict = checkDriverCoverage({
      devices: QEMU_PCI,
      kernels: [{ version: k.release, modules: table.modules, truncated: false }],
    });
    assert.equal(verdict.ok, true, verdict.missing.join('\n'));
    const drivers = Object.fromEntries(verdict.devices.map((d) => [d.ids, d.drivers[k.release]]));
    assert.ok(
      drivers['1af4:1000']?.some((d) => d.startsWith('virtio_pci')),
      JSON.stringify(drivers),
    );
    assert.ok(drivers['8086:10d3']?.includes('e1000e'), JSON.stringify(drivers));
    assert.ok(
      drivers['1b36:0010']?.some((d) => d.startsWith('nvme')),
      JSON.stringify(drivers),
    );
  },
);
