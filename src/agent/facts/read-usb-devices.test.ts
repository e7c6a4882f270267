import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  fakeMac,
  QEMU_PCI,
  USB_AX88179,
  USB_KEYBOARD,
  USB_RTL8153,
  USB_STICK,
  writeFakePci,
  writeFakeUsb,
} from '../../../test/support/sysfs/fake-sysfs.js';
import { readNodeFacts } from './read-node-facts.js';
import { readUsbDevices } from './read-usb-devices.js';

describe('USB devices from a sysfs root', () => {
  it('reads ids, interfaces, bound drivers, and which interfaces carry a NIC or a disk', async () => {
    const root = await mkdtemp(join(tmpdir(), 'fake-sysfs-usb-'));
    try {
      await writeFakePci(root, QEMU_PCI);
      await writeFakeUsb(root, [USB_AX88179, USB_KEYBOARD, USB_RTL8153, USB_STICK]);
      const sys = join(root, 'sys');
      // A PCI NIC's net device: its `device` link leads to a PCI function, no USB interface.
      const pciNet = join(sys, 'devices/pci0000:00/0000:00:02.0/net/ens2');
      await mkdir(pciNet, { recursive: true });
      await writeFile(join(pciNet, 'address'), '52:54:00:12:34:56\n');
      await symlink('../../../0000:00:02.0', join(pciNet, 'device'));
      await symlink('../../devices/pci0000:00/0000:00:02.0/net/ens2', join(sys, 'class/net/ens2'));
      // A root hub and a device whose ids cannot be read are left out; 2-10 sorts after 2-2.
      await mkdir(join(sys, 'bus/usb/devices/usb2'), { recursive: true });
      await mkdir(join(sys, 'bus/usb/devices/3-1'), { recursive: true });
      const later = { ...USB_KEYBOARD, address: '2-10', interfaces: [] };
      await writeFakeUsb(root, [later]);

      const devices = await readUsbDevices(root);
      assert.deepEqual(devices, [USB_STICK, USB_KEYBOARD, USB_RTL8153, USB_AX88179, later]);
      const nic = devices.find((d) => d.vendor === '0bda')!.interfaces[0]!;
      assert.deepEqual([nic.driver, nic.netDevices, nic.blockDevices], ['r8152', ['enx00e04c680001'], []]);

      const facts = await readNodeFacts(root);
      assert.equal(facts.inventory.usbDevices?.length, 5);
      assert.deepEqual(
        facts.inventory.nics?.map((n) => [n.name, n.mac, n.pciAddress]),
        [
          ['ens2', '52:54:00:12:34:56', '0000:00:02.0'],
          ['enx000ec6810002', fakeMac('enx000ec6810002'), undefined],
          ['enx00e04c680001', fakeMac('enx00e04c680001'), undefined],
        ],
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
  it('no sysfs: no devices, no error', async () => {
    assert.deepEqual(await readUsbDevices('/nonexistent-sysfs-root'), []);
  });
  it('odd spellings are normalised; a net device with a dangling link is nobody', async () => {
    const root = await mkdtemp(join(tmpdir(), 'fake-sysfs-usb-'));
    try {
      const dev = join(root, 'sys/bus/usb/devices/1-1.4');
      await mkdir(join(dev, '..', '1-1.4:1.0'), { recursive: true });
      await mkdir(dev, { recursive: true });
      await writeFile(join(dev, 'idVendor'), '0BDA\n');
      await writeFile(join(dev, 'idProduct'), '0x8156\n');
      await writeFile(join(dev, 'bDeviceClass'), '0\n');
      await writeFile(join(dev, '..', '1-1.4:1.0', 'bInterfaceClass'), 'FF\n');
      await mkdir(join(root, 'sys/class/net/enx1'), { recursive: true });
      await symlink('/nonexistent/1-1.4:1.0', join(root, 'sys/class/net/enx1/device'));
      assert.deepEqual(await readUsbDevices(root), [
        {
          address: '1-1.4',
          vendor: '0bda',
          product: '8156',
          bcdDevice: '',
          class: '00',
          subClass: '',
          protocol: '',
          interfaces: [
            {
              name: '1-1.4:1.0',
              number: '',
              class: 'ff',
              subClass: '',
              protocol: '',
              driver: null,
              netDevices: [],
              blockDevices: [],
            },
          ],
        },
      ]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
