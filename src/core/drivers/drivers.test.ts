import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PciDevice } from '../workflow/agent-protocol.js';
import { checkDriverCoverage, driverClasses } from './driver-coverage.js';
import { driverCheckOptions } from './driver-check-options.js';
import { driverTableSubset } from './driver-table-subset.js';
import type { DriverModule } from './driver-table.js';
import { modaliasMatches } from './modalias-pattern.js';
import { pciModalias } from './pci-modalias.js';

const dev = (over: Partial<PciDevice>): PciDevice => ({
  address: '0000:03:00.0',
  vendor: '8086',
  device: '125c',
  subsystemVendor: '8086',
  subsystemDevice: '0000',
  class: '020000',
  driver: 'igc',
  ...over,
});

/** An Intel I226 NIC, an NVMe disk, a virtio NIC, a USB controller and a VGA device. */
const I226 = dev({});
const NVME = dev({
  address: '0000:01:00.0',
  vendor: '144d',
  device: 'a808',
  subsystemVendor: '144d',
  subsystemDevice: 'a801',
  class: '010802',
  driver: 'nvme',
});
const VIRTIO_NET = dev({
  address: '0000:00:03.0',
  vendor: '1af4',
  device: '1000',
  subsystemVendor: '1af4',
  subsystemDevice: '0001',
  class: '020000',
  driver: 'virtio-pci',
});
const XHCI = dev({ address: '0000:00:14.0', device: 'a0ed', class: '0c0330', driver: 'xhci_hcd' });
const VGA = dev({ address: '0000:00:02.0', device: '9a49', class: '030000', driver: 'i915' });

const mod = (module: string, aliases: string[], builtin = false): DriverModule => ({
  module,
  builtin,
  aliases,
});
const KERNEL = {
  version: '6.8.0-45-generic',
  truncated: false,
  modules: [
    mod('igc', ['v00008086d000015F2sv*sd*bc*sc*i*', 'v00008086d0000125Csv*sd*bc*sc*i*']),
    mod('nvme', ['v*d*sv*sd*bc01sc08i02*'], true),
    mod('xhci_pci', ['v*d*sv*sd*bc0Csc03i30*']),
  ],
};

describe('modalias wildcards (fnmatch as kmod uses it)', () => {
  const alias = 'pci:v00008086d0000125Csv00008086sd00000000bc02sc00i00';
  it('matches the kernel modalias of a device', () => {
    assert.equal(pciModalias(I226), alias);
    assert.equal(modaliasMatches('pci:v00008086d0000125Csv*sd*bc02sc00i*', alias), true);
    assert.equal(modaliasMatches('pci:v00008086d0000125Csv*sd*bc*sc*i*', alias), true);
    assert.equal(modaliasMatches('pci:v*d*sv*sd*bc*sc*i*', alias), true);
  });
  it('refuses other ids, case differences and partial matches (anchored both ends)', () => {
    assert.equal(modaliasMatches('pci:v00008086d000015F2sv*sd*bc*sc*i*', alias), false);
    assert.equal(modaliasMatches('pci:v00008086d0000125csv*sd*bc*sc*i*', alias), false);
    assert.equal(modaliasMatches('pci:v00008086d0000125C', alias), false);
    assert.equal(modaliasMatches('v00008086d0000125Csv*', alias), false);
    assert.equal(modaliasMatches('pci:v*d*sv*sd*bc01sc08i02*', alias), false);
  });
  it('? matches exactly one character; [..] sets and ranges; [!..] negation', () => {
    assert.equal(modaliasMatches('pci:v0000808?d*', alias), true);
    assert.equal(modaliasMatches('pci:v000080??d*', alias), true);
    assert.equal(modaliasMatches('pci:v0000808??d*', alias), false);
    assert.equal(modaliasMatches('pci:v0000808[0-9]d*', alias), true);
    assert.equal(modaliasMatches('pci:v0000808[!6]d*', alias), false);
    assert.equal(modaliasMatches('pci:v0000808[A-F]d*', alias), false);
  });
  it('backtracks over several stars without blowing up on long patterns', () => {
    assert.equal(modaliasMatches('*d*sv*sd*bc02*i00', alias), true);
    assert.equal(modaliasMatches('*bc02*bc02*', alias), false);
    const started = Date.now();
    assert.equal(modaliasMatches('*a*a*a*a*a*a*a*a*b', 'a'.repeat(2000)), false);
    assert.ok(Date.now() - started < 5000);
  });
});

describe('driver coverage', () => {
  it('covers by module and by built-in; reports the module names per kernel', () => {
    const verdict = checkDriverCoverage({ devices: [I226, NVME, XHCI, VGA], kernels: [KERNEL] });
    assert.equal(verdict.ok, true);
    assert.equal(verdict.checked, true);
    assert.deepEqual(
      verdict.devices.map((d) => [d.ids, d.state, d.drivers['6.8.0-45-generic']]),
      [
        ['8086:125c', 'covered', ['igc']],
        ['144d:a808', 'covered', ['nvme (built-in)']],
      ],
      'only storage (01) and network (02) by default: USB and VGA are not checked',
    );
  });
  it('a NIC without a driver is missing, named with its ids, what was bound here and the kernel', () => {
    const verdict = checkDriverCoverage({ devices: [VIRTIO_NET, NVME], kernels: [KERNEL] });
    assert.equal(verdict.ok, false);
    assert.deepEqual(verdict.missing, [
      "Ethernet controller 1af4:1000 at 0000:00:03.0 (bound to virtio-pci here) has no driver in the image's kernel 6.8.0-45-generic",
    ]);
  });
  it('classes named in metadata are checked too', () => {
    const options = driverCheckOptions({ 'driver-check-classes': '0c03, 03' }, []);
    assert.deepEqual(driverClasses(options.extraClasses), ['01', '02', '0c03', '03']);
    const verdict = checkDriverCoverage({
      devices: [XHCI, VGA],
      kernels: [KERNEL],
      extraClasses: options.extraClasses,
    });
    assert.deepEqual(
      verdict.devices.map((d) => [d.kind, d.state]),
      [
        ['USB controller', 'covered'],
        ['VGA compatible controller', 'missing'],
      ],
    );
  });
  it('an accepted gap (host or profile metadata, by ids, address, bound driver or *) passes and is said', () => {
    for (const gap of ['1af4:1000', '1af4-1000', '0000:00:03.0', 'virtio-pci', '*', 'all']) {
      const options = driverCheckOptions({}, [
        { key: 'accepted_driver_gaps', value: '8086-15f2' },
        { key: 'accepted-driver-gaps-2', value: ` ${gap} ` },
      ]);
      const verdict = checkDriverCoverage({ devices: [VIRTIO_NET], kernels: [KERNEL], ...options });
      assert.equal(verdict.ok, true, gap);
      assert.match(verdict.accepted[0]!, /1af4:1000 .*: accepted/);
      assert.equal(options.acceptedGaps.length, 2);
    }
    const profileOnly = driverCheckOptions({ acceptedDriverGaps: '1af4:1000' }, []);
    assert.deepEqual(profileOnly.acceptedGaps, ['1af4:1000']);
  });
  it('missing in one of two kernels is missing, naming that kernel', () => {
    const old = {
      version: '6.1.0-9-amd64',
      truncated: false,
      modules: [mod('nvme', ['v*d*sv*sd*bc01sc08i02*'])],
    };
    const verdict = checkDriverCoverage({ devices: [I226], kernels: [old, KERNEL] });
    assert.equal(verdict.ok, false);
    assert.match(verdict.missing[0]!, /kernel 6\.1\.0-9-amd64$/);
  });
  it('no table: nothing is said (checked false, ok true)', () => {
    const verdict = checkDriverCoverage({ devices: [VIRTIO_NET], kernels: [] });
    assert.deepEqual([verdict.ok, verdict.checked, verdict.missing], [true, false, []]);
  });
  it('the plan subset keeps only aliases that match the node, and gives the same verdict', () => {
    const classes = driverClasses();
    const [subset] = driverTableSubset([KERNEL], [I226, NVME, VIRTIO_NET], classes);
    assert.deepEqual(subset!.modules, [
      mod('igc', ['v00008086d0000125Csv*sd*bc*sc*i*']),
      mod('nvme', ['v*d*sv*sd*bc01sc08i02*'], true),
    ]);
    const full = checkDriverCoverage({ devices: [I226, NVME, VIRTIO_NET], kernels: [KERNEL] });
    const narrowed = checkDriverCoverage({ devices: [I226, NVME, VIRTIO_NET], kernels: [subset!] });
    assert.deepEqual(narrowed.missing, full.missing);
  });
});
