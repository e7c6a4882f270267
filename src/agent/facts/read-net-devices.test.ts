/**
 * The NIC reader against fake sysfs trees laid out as the kernel does: a PCI NIC, a virtio-net
 * below its PCI function, USB NICs below their interfaces, and `lo`, a bridge and a veth without a
 * `device` link; then odd values and an absent tree.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  fakeMac,
  USB_AX88179,
  USB_RTL8153,
  writeFakeNet,
  writeFakeUsb,
} from '../../../test/support/sysfs/fake-sysfs.js';
import { busAddress, readNetDevices } from './read-net-devices.js';

async function withRoot(run: (root: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'net-devices-'));
  try {
    await run(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

describe('readNetDevices', () => {
  it('PCI, virtio and USB NICs with MTU, operstate and bus address; virtual devices left out', () =>
    withRoot(async (root) => {
      await writeFakeNet(
        root,
        { name: 'enp0s3', mac: '52:54:00:AA:00:03', mtu: 9000, operstate: 'up' },
        'devices/pci0000:00/0000:00:03.0',
      );
      await writeFakeNet(
        root,
        { name: 'ens2', mac: '52:54:00:12:34:56', mtu: 1500, operstate: 'down' },
        'devices/pci0000:00/0000:00:02.0',
        0,
      );
      await writeFakeUsb(root, [USB_RTL8153, USB_AX88179]);
      await writeFakeNet(root, { name: 'lo', mac: '00:00:00:00:00:00', mtu: 65536, operstate: 'unknown' });
      await writeFakeNet(root, { name: 'br0', mac: '02:42:ac:11:00:01', mtu: 1500, operstate: 'up' });
      await writeFakeNet(root, { name: 'veth1a2b', mac: '02:42:ac:11:00:02', operstate: 'lowerlayerdown' });

      assert.deepEqual(await readNetDevices(root), [
        { name: 'enp0s3', mac: '52:54:00:aa:00:03', pciAddress: '0000:00:03.0', mtu: 9000, operState: 'up' },
        { name: 'ens2', mac: '52:54:00:12:34:56', pciAddress: '0000:00:02.0', mtu: 1500, operState: 'down' },
        {
          name: 'enx000ec6810002',
          mac: fakeMac('enx000ec6810002'),
          usbAddress: '2-2',
          mtu: 1500,
          operState: 'up',
        },
        {
          name: 'enx00e04c680001',
          mac: fakeMac('enx00e04c680001'),
          usbAddress: '2-1',
          mtu: 1500,
          operState: 'up',
        },
      ]);
    }));

  it('odd values: a non-Ethernet MAC, a bad MTU and a strange operstate', () =>
    withRoot(async (root) => {
      const ib = '80:00:02:08:fe:80:00:00:00:00:00:00:00:02:c9:03:00:0a:0b:0c';
      await writeFakeNet(
        root,
        { name: 'ib0', mac: ib, mtu: 2044, operstate: 'up' },
        'devices/pci0000:00/0000:00:05.0',
      );
      await writeFakeNet(
        root,
        { name: 'eth9', mac: '52:54:00:00:00:09', mtu: -1, operstate: 'UP now' },
        'devices/pci0000:00/0000:00:06.0',
      );
      assert.deepEqual(await readNetDevices(root), [
        { name: 'eth9', mac: '52:54:00:00:00:09', pciAddress: '0000:00:06.0' },
      ]);
    }));

  it('no sysfs: no NICs, no error', async () => {
    assert.deepEqual(await readNetDevices('/nonexistent-sysfs-root'), []);
  });

  it('busAddress: the nearest USB interface or PCI function of a resolved device path', () => {
    const xhci = '/sys/devices/pci0000:00/0000:00:14.0';
    assert.deepEqual(busAddress(`${xhci}/usb2/2-1/2-1.4/2-1.4:1.0`), { usbAddress: '2-1.4' });
    assert.deepEqual(busAddress('/sys/devices/pci0000:00/0000:00:1c.0/0000:02:00.0'), {
      pciAddress: '0000:02:00.0',
    });
    assert.deepEqual(busAddress('/sys/devices/pci0000:00/0000:00:02.0/virtio0'), {
      pciAddress: '0000:00:02.0',
    });
    assert.deepEqual(busAddress('/sys/devices/platform/eno1'), {});
  });
});
