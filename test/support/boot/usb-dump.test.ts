import assert from 'node:assert/strict';
import { mkdtemp, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readUsbDevices } from '../../../src/agent/facts/read-usb-devices.js';
import { readPciDump } from './pci-dump.js';
import { readUsbDump, writeUsbSysfsFromDump } from './usb-dump.js';

const XHCI = '/sys/devices/pci0000:00/0000:00:02.0';
/** What the inventory boot printed for QEMU's usb-net on xHCI (trimmed to one root hub). */
const LINES = [
  `usb| 1-1 path ${XHCI}/usb1/1-1`,
  'usb| 1-1 idVendor 0525',
  'usb| 1-1 idProduct a4a2',
  'usb| 1-1 bcdDevice 0000',
  'usb| 1-1 bDeviceClass 02',
  'usb| 1-1 bDeviceSubClass 00',
  'usb| 1-1 bDeviceProtocol 00',
  'usb| 1-1 driver usb',
  `usb| 1-1:1.0 path ${XHCI}/usb1/1-1/1-1:1.0`,
  'usb| 1-1:1.0 bInterfaceNumber 00',
  'usb| 1-1:1.0 bInterfaceClass 02',
  'usb| 1-1:1.0 bInterfaceSubClass 06',
  'usb| 1-1:1.0 bInterfaceProtocol 00',
  'usb| 1-1:1.0 modalias usb:v0525pA4A2d0000dc02dsc00dp00ic02isc06ip00in00',
  'usb| 1-1:1.0 driver cdc_ether',
  `usb| 1-1:1.1 path ${XHCI}/usb1/1-1/1-1:1.1`,
  'usb| 1-1:1.1 bInterfaceNumber 01',
  'usb| 1-1:1.1 bInterfaceClass 0a',
  'usb| 1-1:1.1 bInterfaceSubClass 00',
  'usb| 1-1:1.1 bInterfaceProtocol 00',
  'usb| 1-1:1.1 driver cdc_ether',
  `usb| usb1 path ${XHCI}/usb1`,
  'usb| usb1 idVendor 1d6b',
  'usb| usb1 idProduct 0002',
  'usb| usb1 driver usb',
  'net| eth0 device /sys/devices/pci0000:00/0000:00:01.0',
  'net| lo device -',
  `net| usb0 device ${XHCI}/usb1/1-1/1-1:1.0`,
  'block| vda device /sys/devices/pci0000:00/0000:00:03.0/virtio0',
];
const wrap = (lines: string[]) => ['noise', 'PCIDUMP: BEGIN', ...lines, 'PCIDUMP: END'].join('\n');

describe("the inventory boot's USB dump", () => {
  it('reads each entry (path, the files it has, driver) and the net and block links; the PCI reader skips these lines', () => {
    const dump = readUsbDump(wrap(LINES));
    assert.deepEqual(
      dump.entries.map((e) => [e.name, e.path, e.driver, Object.keys(e.files).length]),
      [
        ['1-1', `${XHCI}/usb1/1-1`, 'usb', 6],
        ['1-1:1.0', `${XHCI}/usb1/1-1/1-1:1.0`, 'cdc_ether', 5],
        ['1-1:1.1', `${XHCI}/usb1/1-1/1-1:1.1`, 'cdc_ether', 4],
        ['usb1', `${XHCI}/usb1`, 'usb', 2],
      ],
    );
    assert.deepEqual(dump.entries[1]!.files.modalias, 'usb:v0525pA4A2d0000dc02dsc00dp00ic02isc06ip00in00');
    assert.deepEqual(dump.links, [
      { kind: 'net', name: 'eth0', device: '/sys/devices/pci0000:00/0000:00:01.0' },
      { kind: 'net', name: 'lo', device: null },
      { kind: 'net', name: 'usb0', device: `${XHCI}/usb1/1-1/1-1:1.0` },
      { kind: 'block', name: 'vda', device: '/sys/devices/pci0000:00/0000:00:03.0/virtio0' },
    ]);
    assert.deepEqual(readPciDump(wrap(LINES)), []);
  });

  it('refuses a bad entry name, a path outside /sys/devices or with .., an unknown field, an entry without path or driver', () => {
    assert.throws(() => readUsbDump(wrap(['usb| ../x path /sys/devices/a'])), /not a USB entry name/);
    assert.throws(() => readUsbDump(wrap(['usb| 1-1 path /etc/passwd'])), /not a \/sys\/devices path/);
    assert.throws(
      () => readUsbDump(wrap(['usb| 1-1 path /sys/devices/pci0000:00/../../etc'])),
      /not a \/sys\/devices path/,
    );
    assert.throws(
      () => readUsbDump(wrap(['usb| 1-1 speed 480'])),
      /unknown USB dump field: "usb\| 1-1 speed 480"/,
    );
    assert.throws(() => readUsbDump(wrap(['usb| 1-1 driver usb'])), /USB dump of 1-1 lacks path/);
    assert.throws(
      () => readUsbDump(wrap([`usb| 1-1 path ${XHCI}/usb1/1-1`])),
      /USB dump of 1-1 lacks driver/,
    );
    assert.throws(() => readUsbDump(wrap(['net| usb0 device /tmp/x'])), /not a net link line/);
    assert.throws(() => readUsbDump(wrap(['block| vda size 1'])), /not a block link line/);
    assert.throws(() => readUsbDump('PCIDUMP: BEGIN\n'), /no complete PCIDUMP BEGIN\/END block/);
  });

  it("rebuilds the kernel's layout (links into sys/devices) that en-agent's USB reader reads back as the VM's USB NIC", async () => {
    const root = await mkdtemp(join(tmpdir(), 'usb-dump-'));
    try {
      await writeUsbSysfsFromDump(root, readUsbDump(wrap(LINES)));
      assert.equal(
        await readlink(join(root, 'sys/bus/usb/devices/1-1:1.0')),
        '../../../devices/pci0000:00/0000:00:02.0/usb1/1-1/1-1:1.0',
      );
      assert.equal(
        await readlink(join(root, 'sys/class/net/usb0/device')),
        '../../../devices/pci0000:00/0000:00:02.0/usb1/1-1/1-1:1.0',
      );
      assert.equal(
        await readlink(join(root, XHCI, 'usb1/1-1/1-1:1.0/driver')),
        '../../../../../../bus/usb/drivers/cdc_ether',
      );
      assert.deepEqual(await readUsbDevices(root), [
        {
          address: '1-1',
          vendor: '0525',
          product: 'a4a2',
          bcdDevice: '0000',
          class: '02',
          subClass: '00',
          protocol: '00',
          interfaces: [
            {
              name: '1-1:1.0',
              number: '00',
              class: '02',
              subClass: '06',
              protocol: '00',
              driver: 'cdc_ether',
              netDevices: ['usb0'],
              blockDevices: [],
            },
            {
              name: '1-1:1.1',
              number: '01',
              class: '0a',
              subClass: '00',
              protocol: '00',
              driver: 'cdc_ether',
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
