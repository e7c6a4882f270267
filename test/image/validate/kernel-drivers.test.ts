/**
 * The driver table of real ext4 images (mkfs.ext4 -d), read by the real validator: kernel
 * versions, depmod's modules.alias and modules.builtin.alias, each compressed module's .modinfo
 * where modules.alias is absent (xz, zstd, gzip, plain), modules.builtin.modinfo, and an EMT UKI's
 * kernel. Then the node-side matcher on the recorded table: a compressed module counts, a
 * built-in counts, a NIC without a driver is named; the same for USB NICs and a USB stick.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkDriverCoverage } from '../../../src/core/drivers/index.js';
import { QEMU_PCI, USB_AX88179, USB_RTL8153, USB_STICK } from '../../support/sysfs/fake-sysfs.js';
import { profileFor, serveVariants, validateServed } from './validate-harness.js';

type Served = Awaited<ReturnType<typeof serveVariants>>;
let served: Served;

before(async () => {
  served = await serveVariants([
    ['ubuntu-kernel-modules', 'raw'],
    ['emt-kernel-modules', 'raw.zst'],
  ]);
});
after(async () => served?.server.close());

describe('kernel driver tables in the validation facts', () => {
  it('Ubuntu-like: depmod tables for 6.8, .modinfo of compressed modules for 6.1', async () => {
    const report = await validateServed(served, {
      variant: 'ubuntu-kernel-modules',
      input: { ...(await profileFor('ubuntu')), securityFeature: 'SECURITY_FEATURE_NONE' },
    });
    const kernels = report.facts?.kernels ?? [];
    assert.deepEqual(
      kernels.map((k) => [k.version, k.source, k.builtinSource, k.aliasCount, k.truncated]),
      [
        ['5.15.0-1-generic', 'none', null, 0, false],
        ['6.1.0-28-amd64', 'modinfo', 'modules.builtin.modinfo', 7, false],
        ['6.8.0-45-generic', 'modules.alias', 'modules.builtin.alias', 4, false],
      ],
    );
    const k68 = kernels.find((k) => k.version === '6.8.0-45-generic')!;
    assert.deepEqual(k68.where, ['p1:/lib/modules/6.8.0-45-generic', 'p1:/boot/vmlinuz-6.8.0-45-generic']);
    // pci: and usb: aliases only, deduplicated, `pci:` dropped, `usb:` kept; the .ko beside
    // modules.alias is not read.
    assert.deepEqual(k68.modules, [
      {
        module: 'igc',
        builtin: false,
        aliases: ['v00008086d0000125Csv*sd*bc*sc*i*', 'v00008086d000015F2sv*sd*bc*sc*i*'],
      },
      { module: 'nvme', builtin: true, aliases: ['v*d*sv*sd*bc01sc08i02*'] },
      { module: 'r8152', builtin: false, aliases: ['usb:v0BDAp8153d*dc*dsc*dp*ic*isc*ip*in*'] },
    ]);
    assert.deepEqual(k68.buses, ['pci', 'usb']);
    const k61 = kernels.find((k) => k.version === '6.1.0-28-amd64')!;
    assert.deepEqual(
      k61.modules.map((m) => [m.module, m.builtin, m.aliases.length]),
      [
        ['ahci', false, 1],
        ['ax88179_178a', false, 1],
        ['e1000e', false, 1],
        ['nvme', true, 1],
        ['usb_storage', true, 1],
        ['virtio_net', false, 1],
        ['xhci_pci', true, 1],
      ],
    );
    assert.ok(
      report.facts!.problems.some((p) =>
        /p1:\/usr\/lib\/modules\/6\.1\.0-28-amd64\/kernel\/drivers\/net\/broken\.ko\.xz: cannot read \.modinfo/.test(
          p,
        ),
      ),
      report.facts!.problems.join('\n'),
    );

    const qemu = QEMU_PCI; // virtio-net, e1000e, NVMe, USB (not checked by default)
    const on61 = checkDriverCoverage({ devices: qemu, kernels: [k61] });
    assert.equal(on61.ok, true, on61.missing.join('\n'));
    assert.deepEqual(
      on61.devices.map((d) => [d.ids, d.drivers['6.1.0-28-amd64']]),
      [
        ['1af4:1000', ['virtio_net']],
        ['8086:10d3', ['e1000e']],
        ['1b36:0010', ['nvme (built-in)']],
      ],
    );
    const on68 = checkDriverCoverage({ devices: qemu, kernels: [k68] });
    assert.deepEqual(on68.missing, [
      "Ethernet controller 1af4:1000 at 0000:00:02.0 (bound to virtio-pci here) has no driver in the image's kernel 6.8.0-45-generic",
      "Ethernet controller 8086:10d3 at 0000:00:03.0 (bound to e1000e here) has no driver in the image's kernel 6.8.0-45-generic",
    ]);

    // USB: the AX88179's driver is an xz-compressed module of 6.1, usb-storage built in; 6.8
    // has r8152 (modules.alias) but neither of the others.
    const usb = [USB_RTL8153, USB_AX88179, USB_STICK];
    const usb61 = checkDriverCoverage({ devices: [], usbDevices: usb, kernels: [k61] });
    assert.deepEqual(
      usb61.devices.map((d) => [d.ids, d.state, d.drivers['6.1.0-28-amd64']]),
      [
        ['0bda:8153', 'missing', []],
        ['0b95:1790', 'covered', ['ax88179_178a']],
        ['0781:5581', 'covered', ['usb_storage (built-in)']],
      ],
    );
    assert.deepEqual(usb61.missing, [
      "USB network adapter 0bda:8153 at 2-1:1.0 (bound to r8152 here) has no driver in the image's kernel 6.1.0-28-amd64",
    ]);
    const usb68 = checkDriverCoverage({ devices: [], usbDevices: usb, kernels: [k68] });
    assert.deepEqual(usb68.missing, [
      "USB network adapter 0b95:1790 at 2-2:1.0 (bound to ax88179_178a here) has no driver in the image's kernel 6.8.0-45-generic",
      "USB storage device 0781:5581 at 1-1:1.0 (bound to usb-storage here) has no driver in the image's kernel 6.8.0-45-generic",
    ]);
  });

  it("EMT: the UKI's kernel (.linux bzImage header) with its modules in the rootfs", async () => {
    const report = await validateServed(served, { variant: 'emt-kernel-modules', encoding: 'raw.zst' });
    const kernels = report.facts?.kernels ?? [];
    assert.deepEqual(
      kernels.map((k) => [k.version, k.where, k.source]),
      [['6.6.85-emt', ['p2:/usr/lib/modules/6.6.85-emt', 'p1:/EFI/Linux/emt-3.0.efi'], 'modules.alias']],
    );
  });
});
