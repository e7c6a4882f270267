/**
 * Our module reader on a real kernel: Debian's current linux-image package (apt-get download,
 * cached in .tmp/debian-boot) ships ~4,000 modules and modules.builtin.modinfo but no
 * modules.alias. Without modules.alias the reader reads each module's ELF `.modinfo`; the PCI
 * and USB table it builds must equal the one depmod (kmod) builds from the same tree (`depmod -n`,
 * which writes nothing), and the built-ins must be what modules.builtin.modinfo lists. Then the
 * matcher on QEMU's devices: virtio-net, e1000e and NVMe are covered (NVMe built in or as a
 * module); and on USB NICs (Realtek RTL8153 -> r8152, ASIX AX88179 -> ax88179_178a) and a stick.
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
import { QEMU_PCI, USB_AX88179, USB_RTL8153, USB_STICK } from '../../support/sysfs/fake-sysfs.js';

const run = promisify(execFile);
const kernel: DebianKernelModules | Error = await debianKernelModules().catch((error: Error) => error);
const hasDepmod = await run('depmod', ['-V']).then(
  () => true,
  () => false,
);

test(
  "Debian's kernel: the .modinfo table equals depmod's modules.alias (PCI and USB), built-ins from modules.builtin.modinfo",
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
    assert.deepEqual(table.buses, ['pci', 'usb']);

    // PCI patterns are kept bare, USB ones with their prefix.
    const full = (a: string) => (a.startsWith('usb:') ? a : `pci:${a}`);
    const ours = new Set(
      table.modules.filter((m) => !m.builtin).flatMap((m) => m.aliases.map((a) => `${full(a)} ${m.module}`)),
    );
    const { stdout } = await run('depmod', ['-n', '-b', k.root, k.release], { maxBuffer: 256 * 1024 * 1024 });
    const depmods = new Set(
      stdout
        .split('\n')
        .filter((line) => line.startsWith('alias pci:') || line.startsWith('alias usb:'))
        .map((line) => line.slice('alias '.length)),
    );
    const usbCount = [...depmods].filter((a) => a.startsWith('usb:')).length;
    assert.ok(depmods.size - usbCount > 5000, `depmod found ${depmods.size - usbCount} PCI aliases`);
    assert.ok(usbCount > 3000, `depmod found ${usbCount} USB aliases`);
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
        .map((e) => /^([^.]+)\.alias=((?:pci|usb):\S+)$/.exec(e))
        .filter((m) => m !== null)
        .map((m) => `${m[2]} ${m[1]!.replace(/-/g, '_')}`),
    );
    const oursBuiltin = new Set(
      table.modules.filter((m) => m.builtin).flatMap((m) => m.aliases.map((a) => `${full(a)} ${m.module}`)),
    );
    assert.deepEqual([...oursBuiltin].sort(), [...builtins].sort());

    const verdict = checkDriverCoverage({
      devices: QEMU_PCI,
      usbDevices: [USB_RTL8153, USB_AX88179, USB_STICK],
      kernels: [{ version: k.release, modules: table.modules, truncated: false, buses: table.buses }],
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
    assert.deepEqual(
      verdict.devices.filter((d) => d.bus === 'usb').map((d) => [d.kind, d.ids, d.state]),
      [
        ['USB network adapter', '0bda:8153', 'covered'],
        ['USB network adapter', '0b95:1790', 'covered'],
        ['USB storage device', '0781:5581', 'covered'],
      ],
    );
    assert.ok(drivers['0bda:8153']?.includes('r8152'), JSON.stringify(drivers));
    assert.ok(drivers['0b95:1790']?.includes('ax88179_178a'), JSON.stringify(drivers));
    assert.ok(drivers['0781:5581']?.includes('usb_storage'), JSON.stringify(drivers));

    // The same table without the ASIX driver (an image built without it): that NIC is missing,
    // nothing else claims its ids.
    const withoutAsix = table.modules.filter((m) => m.module !== 'ax88179_178a');
    const gap = checkDriverCoverage({
      devices: QEMU_PCI,
      usbDevices: [USB_RTL8153, USB_AX88179, USB_STICK],
      kernels: [{ version: k.release, modules: withoutAsix, truncated: false, buses: table.buses }],
    });
    assert.deepEqual(gap.missing, [
      `USB network adapter 0b95:1790 at 2-2:1.0 (bound to ax88179_178a here) has no driver in the image's kernel ${k.release}`,
    ]);
  },
);
