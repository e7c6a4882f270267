import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bzImageStub, moduleElf } from '../../../../test/support/kernel-modules/module-elf.js';
import { modinfoAliases, parseAliasLines, parseBuiltinModinfo } from './alias-tables.js';
import { createDriverTableBuilder } from './driver-table-builder.js';
import { readModinfo } from './elf-modinfo.js';
import { bzImageVersion, versionFromName } from './kernel-version.js';
import { moduleNameOf } from './module-file.js';

describe('kernel driver tables', () => {
  it('modules.alias: pci: lines with the prefix dropped, usb: lines with it kept, nothing else', () => {
    const text =
      '# Aliases extracted from modules themselves.\nalias pci:v00008086d0000125Csv*sd*bc*sc*i* igc\n' +
      'alias usb:v0BDAp8153d*dc*dsc*dp*ic*isc*ip*in* r8152\nalias of:N*T*Cfsl,imx6q-fec fec\n' +
      'alias usbip:x y\nalias usb: empty\nalias pci:v*d*sv*sd*bc01sc08i02* nvme';
    assert.deepEqual(parseAliasLines(text), [
      { pattern: 'v00008086d0000125Csv*sd*bc*sc*i*', module: 'igc' },
      { pattern: 'usb:v0BDAp8153d*dc*dsc*dp*ic*isc*ip*in*', module: 'r8152' },
      { pattern: 'v*d*sv*sd*bc01sc08i02*', module: 'nvme' },
    ]);
    const builtin = new TextEncoder().encode(
      'nvme.license=GPL\0nvme.alias=pci:v*d*sv*sd*bc01sc08i02*\0ahci.alias=acpi*:PNP0A05:*\0' +
        'usb_storage.alias=usb:v*p*d*dc*dsc*dp*ic08isc06ip50in*\0',
    );
    assert.deepEqual(parseBuiltinModinfo(builtin), [
      { pattern: 'v*d*sv*sd*bc01sc08i02*', module: 'nvme' },
      { pattern: 'usb:v*p*d*dc*dsc*dp*ic08isc06ip50in*', module: 'usb_storage' },
    ]);
  });
  it('.modinfo of an ELF module: name= wins over the file name', () => {
    const strings = readModinfo(moduleElf('e1000e', ['pci:v00008086d000010D3sv*sd*bc*sc*i*', 'usb:v1234p*']));
    assert.ok(strings?.includes('name=e1000e'));
    assert.deepEqual(modinfoAliases(strings!, 'fallback'), [
      { pattern: 'v00008086d000010D3sv*sd*bc*sc*i*', module: 'e1000e' },
      { pattern: 'usb:v1234p*', module: 'e1000e' },
    ]);
    assert.deepEqual(moduleNameOf('e1000e.ko.xz'), 'e1000e');
    assert.deepEqual(moduleNameOf('nvme-core.ko.zst'), 'nvme-core');
    assert.equal(moduleNameOf('modules.alias'), undefined);
  });
  it('a file that is not ELF, or whose section table lies, is CORRUPT_DATA; no .modinfo is undefined', () => {
    assert.throws(() => readModinfo(new Uint8Array(100)), { code: 'CORRUPT_DATA' });
    const elf = moduleElf('x', []);
    const lying = elf.slice();
    new DataView(lying.buffer).setBigUint64(0x28, 1n << 40n, true);
    assert.throws(() => readModinfo(lying), {
      code: 'CORRUPT_DATA',
      message: /section header table out of bounds/,
    });
    const renamed = elf.slice();
    const at = Buffer.from(renamed).indexOf('.modinfo\0', 64);
    renamed.set(new TextEncoder().encode('.notinfo'), at);
    assert.equal(readModinfo(renamed), undefined);
  });
  it('dedupes, normalises - to _, and stops at the bound (truncated)', () => {
    const table = createDriverTableBuilder(3);
    table.add(
      [
        { pattern: 'a*', module: 'nvme-core' },
        { pattern: 'a*', module: 'nvme_core' },
        { pattern: 'b*', module: 'igc' },
      ],
      false,
    );
    table.add([{ pattern: 'c*', module: 'nvme' }], true);
    assert.equal(table.truncated, false);
    table.add([{ pattern: 'd*', module: 'nvme' }], true);
    assert.equal(table.truncated, true);
    assert.equal(table.count, 3);
    assert.deepEqual(
      table.modules().map((m) => [m.module, m.builtin, m.aliases]),
      [
        ['igc', false, ['b*']],
        ['nvme', true, ['c*']],
        ['nvme_core', false, ['a*']],
      ],
    );
  });
  it('kernel versions from a bzImage header and from a file name', () => {
    assert.equal(bzImageVersion(bzImageStub('6.8.0-45-generic')), '6.8.0-45-generic');
    assert.equal(bzImageVersion(new Uint8Array(4096)), undefined);
    assert.equal(versionFromName('vmlinuz-6.1.0-28-amd64'), '6.1.0-28-amd64');
    assert.equal(versionFromName('vmlinuz'), undefined);
  });
});
