import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PciDevice, UsbDevice, UsbInterface } from '../workflow/agent-protocol.js';
import { checkDriverCoverage, driverClasses, usbDriverClasses } from './driver-coverage.js';
import { driverCheckOptions } from './driver-check-options.js';
import { driverTableSubset } from './driver-table-subset.js';
import type { DriverModule } from './driver-table.js';
import { modaliasMatches } from './modalias-pattern.js';
import { pciModalias } from './pci-modalias.js';
import { usbInterfaceKind, usbModalias } from './usb-modalias.js';

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

const intf = (over: Partial<UsbInterface> & Pick<UsbInterface, 'name'>): UsbInterface => ({
  number: '00',
  class: 'ff',
  subClass: 'ff',
  protocol: '00',
  driver: null,
  netDevices: [],
  blockDevices: [],
  ...over,
});
const usb = (over: Partial<UsbDevice> & Pick<UsbDevice, 'address' | 'vendor' | 'product'>): UsbDevice => ({
  bcdDevice: '0100',
  class: '00',
  subClass: '00',
  protocol: '00',
  interfaces: [],
  ...over,
});
/** Realtek RTL8153 and ASIX AX88179 NICs (vendor-specific interfaces), a USB stick, a keyboard. */
const RTL8153 = usb({
  address: '2-1',
  vendor: '0bda',
  product: '8153',
  bcdDevice: '3000',
  interfaces: [intf({ name: '2-1:1.0', driver: 'r8152', netDevices: ['enx00e04c680001'] })],
});
const AX88179 = usb({
  address: '2-2',
  vendor: '0b95',
  product: '1790',
  class: 'ff',
  subClass: 'ff',
  interfaces: [intf({ name: '2-2:1.0', driver: 'ax88179_178a', netDevices: ['enx000ec6810002'] })],
});
const STICK = usb({
  address: '1-1',
  vendor: '0781',
  product: '5581',
  interfaces: [intf({ name: '1-1:1.0', class: '08', subClass: '06', protocol: '50', driver: 'usb-storage' })],
});
const KEYBOARD = usb({
  address: '1-2',
  vendor: '046d',
  product: 'c31c',
  interfaces: [intf({ name: '1-2:1.0', class: '03', subClass: '01', protocol: '01', driver: 'usbhid' })],
});
/** A vendor-specific interface nothing hangs off (a NIC whose driver the provisioning OS lacks looks so). */
const BARE_FF = usb({
  address: '1-3',
  vendor: '1234',
  product: '5678',
  interfaces: [intf({ name: '1-3:1.0' })],
});

/** Lines as the Debian 6.1 kernel's depmod writes them (modules.alias), prefix kept. */
const USB_KERNEL = {
  version: '6.8.0-45-generic',
  truncated: false,
  buses: ['pci', 'usb'] as const,
  modules: [
    ...KERNEL.modules,
    mod('r8152', ['usb:v0BDAp8153d*dc*dsc*dp*ic*isc*ip*in*']),
    mod('cdc_ether', ['usb:v0BDAp8153d*dc*dsc*dp*ic02isc06ip00in*', 'usb:v*p*d*dc*dsc*dp*ic02isc06ip00in*']),
    mod('usb_storage', ['usb:v*p*d*dc*dsc*dp*ic08isc06ip50in*']),
  ],
};

describe('USB driver coverage', () => {
  it('builds the modalias the kernel writes for an interface (usb_if_uevent format)', () => {
    assert.equal(
      usbModalias(RTL8153, RTL8153.interfaces[0]!),
      'usb:v0BDAp8153d3000dc00dsc00dp00icFFiscFFip00in00',
    );
    assert.equal(
      usbModalias(AX88179, AX88179.interfaces[0]!),
      'usb:v0B95p1790d0100dcFFdscFFdp00icFFiscFFip00in00',
    );
    assert.equal(
      usbModalias(STICK, STICK.interfaces[0]!),
      'usb:v0781p5581d0100dc00dsc00dp00ic08isc06ip50in00',
    );
  });
  it('names interfaces by what hangs off them, else by class', () => {
    assert.deepEqual(
      [RTL8153, STICK, KEYBOARD, BARE_FF].map((d) => usbInterfaceKind(d.interfaces[0]!)),
      [
        'USB network adapter',
        'USB mass storage device',
        'USB human interface device',
        'USB vendor-specific interface',
      ],
    );
    assert.equal(
      usbInterfaceKind(intf({ name: '1-1:1.0', class: '08', blockDevices: ['sda'] })),
      'USB storage device',
    );
    assert.equal(
      usbInterfaceKind(intf({ name: '1-1:1.0', class: '02', subClass: '06' })),
      'USB network adapter',
    );
    assert.equal(usbInterfaceKind(intf({ name: '1-1:1.0', class: '77' })), 'USB interface class 77');
  });
  it('a covered USB NIC and stick pass; a keyboard and a bare vendor interface are not checked', () => {
    const verdict = checkDriverCoverage({
      devices: [I226],
      usbDevices: [RTL8153, STICK, KEYBOARD, BARE_FF],
      kernels: [USB_KERNEL],
    });
    assert.equal(verdict.ok, true, verdict.missing.join('\n'));
    assert.deepEqual(
      verdict.devices.map((d) => [d.bus, d.address, d.ids, d.kind, d.state, d.drivers['6.8.0-45-generic']]),
      [
        ['pci', '0000:03:00.0', '8086:125c', 'Ethernet controller', 'covered', ['igc']],
        ['usb', '2-1:1.0', '0bda:8153', 'USB network adapter', 'covered', ['r8152']],
        ['usb', '1-1:1.0', '0781:5581', 'USB mass storage device', 'covered', ['usb_storage']],
      ],
    );
    assert.deepEqual(verdict.usbClasses, ['08', '0206', '020d']);
    assert.equal(verdict.usbUnchecked, null);
  });
  it('a USB NIC without a driver is missing, named with its ids, interface, bound driver and kernel', () => {
    const verdict = checkDriverCoverage({
      devices: [],
      usbDevices: [RTL8153, AX88179],
      kernels: [USB_KERNEL],
    });
    assert.equal(verdict.ok, false);
    assert.deepEqual(verdict.missing, [
      "USB network adapter 0b95:1790 at 2-2:1.0 (bound to ax88179_178a here) has no driver in the image's kernel 6.8.0-45-generic",
    ]);
  });
  it('USB interface classes named in metadata are checked too, apart from PCI classes', () => {
    const options = driverCheckOptions({ 'driver-check-usb-classes': '03, ff0000, xyz' }, []);
    assert.deepEqual([options.extraClasses, options.extraUsbClasses], [[], ['03', 'ff0000', 'xyz']]);
    assert.deepEqual(usbDriverClasses(options.extraUsbClasses), ['08', '0206', '020d', '03', 'ff0000']);
    const verdict = checkDriverCoverage({
      devices: [],
      usbDevices: [KEYBOARD, BARE_FF],
      kernels: [USB_KERNEL],
      ...options,
    });
    assert.deepEqual(
      verdict.devices.map((d) => [d.ids, d.state]),
      [['046d:c31c', 'missing']],
      'the keyboard (03/01/01) now, not the ff/ff/00 interface (prefix ff0000 is not ffff00)',
    );
    assert.match(
      verdict.missing[0]!,
      /^USB human interface device 046d:c31c at 1-2:1\.0 \(bound to usbhid here\)/,
    );
  });
  it('PCI patterns never match a USB interface, USB patterns never a PCI function', () => {
    const wild = {
      version: 'k',
      truncated: false,
      buses: ['pci', 'usb'] as const,
      modules: [mod('any_pci', ['*'])],
    };
    const usbWild = { ...wild, modules: [mod('any_usb', ['usb:*'])] };
    const onUsb = checkDriverCoverage({ devices: [I226], usbDevices: [RTL8153], kernels: [wild] });
    assert.deepEqual(
      onUsb.devices.map((d) => [d.bus, d.state]),
      [
        ['pci', 'covered'],
        ['usb', 'missing'],
      ],
    );
    const onPci = checkDriverCoverage({ devices: [I226], usbDevices: [RTL8153], kernels: [usbWild] });
    assert.deepEqual(
      onPci.devices.map((d) => [d.bus, d.state]),
      [
        ['pci', 'missing'],
        ['usb', 'covered'],
      ],
    );
  });
  it('an accepted USB gap (ids, port path, interface, bound driver or *) passes and is said', () => {
    for (const gap of ['0b95:1790', '0B95-1790', '2-2', '2-2:1.0', 'ax88179_178a', '*']) {
      const verdict = checkDriverCoverage({
        devices: [],
        usbDevices: [AX88179],
        kernels: [USB_KERNEL],
        ...driverCheckOptions({}, [{ key: 'accepted-driver-gaps', value: gap }]),
      });
      assert.equal(verdict.ok, true, gap);
      assert.deepEqual(verdict.accepted, [
        `USB network adapter 0b95:1790 at 2-2:1.0 (bound to ax88179_178a here) has no driver in the image's kernel 6.8.0-45-generic: accepted (${gap})`,
      ]);
    }
    const other = checkDriverCoverage({
      devices: [],
      usbDevices: [AX88179],
      kernels: [USB_KERNEL],
      acceptedGaps: ['2-1', '0bda:8153', 'r8152'],
    });
    assert.equal(other.ok, false, "another device's gap does not accept this one");
  });
  it('a report from before USB tables: USB interfaces are not judged, and the verdict says why', () => {
    const verdict = checkDriverCoverage({ devices: [NVME], usbDevices: [AX88179, STICK], kernels: [KERNEL] });
    assert.equal(verdict.ok, true);
    assert.deepEqual(
      verdict.devices.map((d) => d.bus),
      ['pci'],
    );
    assert.equal(
      verdict.usbUnchecked,
      "2 USB interface(s) not checked: the image's validation recorded no USB aliases for kernel 6.8.0-45-generic (validate the image again)",
    );
    const none = checkDriverCoverage({ devices: [NVME], usbDevices: [KEYBOARD], kernels: [KERNEL] });
    assert.equal(none.usbUnchecked, null, 'nothing to judge, nothing to say');
  });
  it('the plan subset keeps the USB aliases that match, its buses, and gives the same verdict', () => {
    const devices = [RTL8153, AX88179, STICK, KEYBOARD];
    const [subset] = driverTableSubset([USB_KERNEL], [I226], driverClasses(), {
      devices,
      classes: usbDriverClasses(),
    });
    assert.deepEqual(subset!.buses, ['pci', 'usb']);
    assert.deepEqual(subset!.modules, [
      mod('igc', ['v00008086d0000125Csv*sd*bc*sc*i*']),
      mod('r8152', ['usb:v0BDAp8153d*dc*dsc*dp*ic*isc*ip*in*']),
      mod('usb_storage', ['usb:v*p*d*dc*dsc*dp*ic08isc06ip50in*']),
    ]);
    const full = checkDriverCoverage({ devices: [I226], usbDevices: devices, kernels: [USB_KERNEL] });
    const narrowed = checkDriverCoverage({ devices: [I226], usbDevices: devices, kernels: [subset!] });
    assert.deepEqual(narrowed.devices, full.devices);
    assert.equal(driverTableSubset([KERNEL], [I226], driverClasses())[0]!.buses, undefined);
  });
});
