import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { QEMU_PCI, writeFakePci } from '../../../test/support/sysfs/fake-sysfs.js';
import { readNodeFacts } from './read-node-facts.js';
import { readPciDevices } from './read-pci-devices.js';

describe('PCI devices from a sysfs root', () => {
  it('reads ids, class and the bound driver of each function, sorted by address', async () => {
    const root = await mkdtemp(join(tmpdir(), 'fake-sysfs-'));
    try {
      await writeFakePci(root, [...QEMU_PCI].reverse());
      // A function whose ids cannot be read is skipped; odd spellings are normalised.
      await mkdir(join(root, 'sys/bus/pci/devices/0000:00:1f.0'), { recursive: true });
      const odd = join(root, 'sys/bus/pci/devices/0000:00:05.0');
      await mkdir(odd, { recursive: true });
      await writeFile(join(odd, 'vendor'), '0x8086\n');
      await writeFile(join(odd, 'device'), '0x125C\n');
      await writeFile(join(odd, 'class'), '0x20000\n');
      const devices = await readPciDevices(root);
      assert.deepEqual(devices, [
        ...QEMU_PCI.slice(0, 3),
        {
          address: '0000:00:05.0',
          vendor: '8086',
          device: '125c',
          subsystemVendor: '',
          subsystemDevice: '',
          class: '020000',
          driver: null,
        },
        QEMU_PCI[3],
      ]);
      const facts = await readNodeFacts(root);
      assert.equal(facts.inventory.pciDevices?.length, 5);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
  it('no sysfs: no devices, no error', async () => {
    assert.deepEqual(await readPciDevices('/nonexistent-sysfs-root'), []);
  });
});
