import assert from 'node:assert/strict';
import { mkdtemp, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readPciDevices } from '../../../src/agent/facts/read-pci-devices.js';
import { readPciDump, writeSysfsFromDump } from './pci-dump.js';
import { parseInfoPci } from './qemu-boot.js';

const fn = (address: string, ids: string[], driver: string) =>
  ['vendor', 'device', 'subsystem_vendor', 'subsystem_device', 'class', 'modalias']
    .map((file, i) => `pci| ${address} ${file} ${ids[i]}`)
    .concat(`pci| ${address} driver ${driver}`);
const NIC = [
  '0x8086',
  '0x10d3',
  '0x8086',
  '0x0000',
  '0x020000',
  'pci:v00008086d000010D3sv00008086sd00000000bc02sc00i00',
];
const BRIDGE = [
  '0x8086',
  '0x29c0',
  '0x1af4',
  '0x1100',
  '0x060000',
  'pci:v00008086d000029C0sv00001AF4sd00001100bc06sc00i00',
];
const CONSOLE = [
  '[    1.234567] e1000e 0000:00:01.0 eth0: (PCI Express:2.5GT/s:Width x1) 52:54:00:12:34:56',
  'PCIDUMP: early userspace on 6.1.0-57-amd64',
  'PCIDUMP: BEGIN',
  ...fn('0000:00:00.0', BRIDGE, '-'),
  ...fn('0000:00:01.0', NIC, 'e1000e'),
  'PCIDUMP: END',
  '[    2.000000] reboot: Power down',
].join('\n');

describe('the inventory boot dump', () => {
  it('reads every function between the markers: the files as the kernel wrote them and the bound driver', () => {
    const dump = readPciDump(CONSOLE);
    assert.deepEqual(dump, [
      {
        address: '0000:00:00.0',
        files: {
          vendor: '0x8086',
          device: '0x29c0',
          subsystem_vendor: '0x1af4',
          subsystem_device: '0x1100',
          class: '0x060000',
          modalias: BRIDGE[5],
        },
        driver: null,
      },
      {
        address: '0000:00:01.0',
        files: {
          vendor: '0x8086',
          device: '0x10d3',
          subsystem_vendor: '0x8086',
          subsystem_device: '0x0000',
          class: '0x020000',
          modalias: NIC[5],
        },
        driver: 'e1000e',
      },
    ]);
  });

  it('refuses a console without a complete block, a foreign line, a bad address, an unknown field, a missing file', () => {
    assert.throws(() => readPciDump('PCIDUMP: BEGIN\n'), /no complete PCIDUMP BEGIN\/END block/);
    assert.throws(
      () => readPciDump('PCIDUMP: END\nPCIDUMP: BEGIN\n'),
      /no complete PCIDUMP BEGIN\/END block/,
    );
    const wrap = (lines: string[]) => ['PCIDUMP: BEGIN', ...lines, 'PCIDUMP: END'].join('\n');
    assert.throws(
      () => readPciDump(wrap(['[ 1.0] e1000e: link up'])),
      /not a PCIDUMP line: "\[ 1\.0\] e1000e: link up"/,
    );
    assert.throws(() => readPciDump(wrap(['pci| 00:01.0 vendor 0x8086'])), /not a PCI address/);
    assert.throws(() => readPciDump(wrap(['pci| 0000:00:01.0 irq 11'])), /unknown PCIDUMP field/);
    assert.throws(
      () => readPciDump(wrap(fn('0000:00:01.0', NIC, 'e1000e').filter((l) => !/ (class|driver) /.test(l)))),
      /PCIDUMP of 0000:00:01\.0 lacks class, driver/,
    );
  });

  it("rebuilds a sysfs tree that en-agent's PCI reader reads back as the VM's devices", async () => {
    const root = await mkdtemp(join(tmpdir(), 'pci-dump-'));
    try {
      await writeSysfsFromDump(root, readPciDump(CONSOLE));
      const at = join(root, 'sys/bus/pci/devices/0000:00:01.0');
      assert.equal(await readFile(join(at, 'modalias'), 'utf8'), `${NIC[5]}\n`);
      assert.equal(await readlink(join(at, 'driver')), '../../../../bus/pci/drivers/e1000e');
      assert.deepEqual(await readPciDevices(root), [
        {
          address: '0000:00:00.0',
          vendor: '8086',
          device: '29c0',
          subsystemVendor: '1af4',
          subsystemDevice: '1100',
          class: '060000',
          driver: null,
        },
        {
          address: '0000:00:01.0',
          vendor: '8086',
          device: '10d3',
          subsystemVendor: '8086',
          subsystemDevice: '0000',
          class: '020000',
          driver: 'e1000e',
        },
      ]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("QEMU's info pci", () => {
  it('lists each function with its address (device and function in hex), class words and ids', () => {
    const text = [
      '(qemu) info pci',
      '  Bus  0, device   1, function 0:',
      '    Ethernet controller: PCI device 8086:10d3',
      '      PCI subsystem 8086:0000',
      '      IRQ 0, pin A',
      '      BAR0: 32 bit memory at 0xffffffffffffffff [0x0001fffe].',
      '      id ""',
      '  Bus  0, device  31, function 2:',
      '    SATA controller: PCI device 8086:2922',
      '      PCI subsystem 1af4:1100',
      '      id ""',
    ].join('\n');
    assert.deepEqual(parseInfoPci(text), [
      {
        address: '0000:00:01.0',
        kind: 'Ethernet controller',
        vendor: '8086',
        device: '10d3',
        subsystemVendor: '8086',
        subsystemDevice: '0000',
      },
      {
        address: '0000:00:1f.2',
        kind: 'SATA controller',
        vendor: '8086',
        device: '2922',
        subsystemVendor: '1af4',
        subsystemDevice: '1100',
      },
    ]);
  });
});
