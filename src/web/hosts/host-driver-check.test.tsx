import { describe, expect, test } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { DriverCheck } from '../api/api-types.js';
import { fakeOrchd, json, memoryStorage, renderConsole, SIGNED_IN } from '../testing/render-console.js';
import { hostWith, provisioningView } from '../testing/host-fixtures.js';
import { HostDetailPage } from './host-detail-page.js';

const HOST = '/v1/projects/default/compute/hosts/host-0000000f';
const KERNEL = '6.8.0-45-generic';
const PROFILES = {
  OperatingSystemResources: [
    { resourceId: 'os-00000001', name: 'Ubuntu 22.04' },
    { resourceId: 'os-00000002', name: 'Ubuntu 24.04 custom' },
  ],
  totalElements: 2,
  hasNext: false,
};
const nvme = {
  bus: 'pci' as const, address: '0000:00:04.0', ids: '1b36:0010', kind: 'Non-Volatile memory controller',
  modalias: 'pci:v00001B36d00000010sv00001AF4sd00001100bc01sc08i02', boundHere: 'nvme',
  state: 'covered' as const, drivers: { [KERNEL]: ['nvme'] }, missingIn: [],
}; // prettier-ignore
const igc = {
  bus: 'pci' as const, address: '0000:00:03.0', ids: '8086:125c', kind: 'Ethernet controller',
  modalias: 'pci:v00008086d0000125Csv00008086sd00000000bc02sc00i00', boundHere: 'igc',
  state: 'missing' as const, drivers: { [KERNEL]: [] }, missingIn: [KERNEL],
}; // prettier-ignore
const rtl = {
  bus: 'usb' as const, address: '2-1:1.0', ids: '0bda:8153', kind: 'USB network adapter',
  modalias: 'usb:v0BDAp8153d3000dc00dsc00dp00icFFiscFFip00in00', boundHere: 'r8152',
  state: 'covered' as const, drivers: { [KERNEL]: ['r8152'] }, missingIn: [],
}; // prettier-ignore
const asix = {
  bus: 'usb' as const, address: '2-2:1.0', ids: '0b95:1790', kind: 'USB network adapter',
  modalias: 'usb:v0B95p1790d0100dcFFdscFFdp00icFFiscFFip00in00', boundHere: 'ax88179_178a',
  state: 'missing' as const, drivers: { [KERNEL]: [] }, missingIn: [KERNEL],
}; // prettier-ignore
const usbLine = `USB network adapter 0b95:1790 at 2-2:1.0 (bound to ax88179_178a here) has no driver in the image's kernel ${KERNEL}`;
const usbNic = (address: string, vendor: string, product: string, driver: string, net: string) => ({
  address, vendor, product, bcdDevice: '0100', class: '00', subClass: '00', protocol: '00',
  interfaces: [{ name: `${address}:1.0`, number: '00', class: 'ff', subClass: 'ff', protocol: '00', driver,
    netDevices: [net], blockDevices: [] }],
}); // prettier-ignore
const gapLine = `Ethernet controller 8086:125c (bound to igc here) has no driver in the image's kernel ${KERNEL}`;

function checkOf(osProfileId: string, extra: Partial<DriverCheck>): DriverCheck {
  return {
    hostId: 'host-0000000f', osProfileId, state: 'covered', reason: null, kernels: [KERNEL],
    classes: ['01', '02'], usbClasses: ['08', '0206', '020d'], usbUnchecked: null, devices: [nvme],
    missing: [], accepted: [], ...extra,
  }; // prettier-ignore
}

function render(
  answer: (osProfileId: string | null) => DriverCheck,
  host = hostWith('host-0000000f', provisioningView('ready')),
) {
  const orchd = fakeOrchd({
    [`GET ${HOST}`]: () => json(200, host),
    [`GET ${HOST}/driver-check`]: (r) => json(200, answer(new URL(r.url).searchParams.get('osProfileId'))),
    'GET /v1/projects/default/compute/os': () => json(200, PROFILES),
    'GET /v1/projects/default/events': () => new Response(new ReadableStream(), { status: 200 }),
  }); // prettier-ignore
  renderConsole(<HostDetailPage project="default" resourceId="host-0000000f" />, {
    fetch: orchd.fetch,
    storage: memoryStorage(SIGNED_IN),
  });
  return orchd;
}

const section = () => screen.findByRole('region', { name: 'Driver check' });

describe('host driver check', () => {
  test("covered: the instance's profile is checked by default, each device with the module that covers it", async () => {
    const orchd = render((os) => checkOf(os ?? 'none', {}));
    const box = await section();
    expect(await within(box).findByText(/^Covered:/)).toBeTruthy();
    const rows = within(within(box).getByRole('table', { name: 'Driver check devices' })).getAllByRole('row');
    expect(rows).toHaveLength(2);
    expect(within(rows[1]!).getByText('Non-Volatile memory controller')).toBeTruthy();
    expect(within(rows[1]!).getByText('1b36:0010')).toBeTruthy();
    expect(within(rows[1]!).getAllByText('nvme')).toHaveLength(2);
    const call = orchd.requests.find((r) => r.url.includes('/driver-check'))!;
    expect(new URL(call.url).searchParams.get('osProfileId')).toBe('os-00000001');
    expect(call.headers.get('authorization')).toBe('Bearer eo_test');
  });

  test('missing: the verdict names the device and the row says MISSING; an accepted gap is marked', async () => {
    const orchd = render((os) =>
      os === 'os-00000002'
        ? checkOf(os, { devices: [nvme, { ...igc, state: 'accepted', acceptedBy: 'profile' }], accepted: [gapLine] })
        : checkOf(os ?? 'none', { state: 'missing', devices: [nvme, igc], missing: [gapLine] }),
    ); // prettier-ignore
    const box = await section();
    expect(await within(box).findByText(/^Missing:/)).toBeTruthy();
    expect(within(box).getByText(gapLine)).toBeTruthy();
    const rows = within(within(box).getByRole('table', { name: 'Driver check devices' })).getAllByRole('row');
    expect(rows[2]!.getAttribute('data-state')).toBe('missing');
    expect(within(rows[2]!).getByText(`MISSING in ${KERNEL}`)).toBeTruthy();
    expect(within(rows[2]!).getByText('igc')).toBeTruthy();

    // another profile, picked in the section: its answer, with the gap accepted
    fireEvent.click(within(box).getByRole('textbox', { name: 'OS profile' }));
    fireEvent.click(await screen.findByRole('option', { name: /Ubuntu 24.04 custom/, hidden: true }));
    expect(await within(box).findByText(/^Covered:/)).toBeTruthy();
    expect(within(box).getByText(`accepted: ${gapLine}`)).toBeTruthy();
    expect(within(box).getByText('accepted gap (profile)')).toBeTruthy();
    await waitFor(() =>
      expect(orchd.requests.map((r) => new URL(r.url).searchParams.get('osProfileId'))).toContain(
        'os-00000002',
      ),
    );
  });

  test('USB: each USB NIC is a row of bus USB, the missing one named; the host fields list the USB devices', async () => {
    const host = {
      ...hostWith('host-0000000f', provisioningView('ready')),
      hostUsbDevices: [
        usbNic('2-1', '0bda', '8153', 'r8152', 'enx00e04c680001'),
        usbNic('2-2', '0b95', '1790', 'ax88179_178a', 'enx000ec6810002'),
      ],
    };
    render(
      (os) => checkOf(os ?? 'none', { state: 'missing', devices: [nvme, rtl, asix], missing: [usbLine] }),
      host,
    );
    const box = await section();
    expect(await within(box).findByText(/^Missing:/)).toBeTruthy();
    expect(within(box).getByText(usbLine)).toBeTruthy();
    expect(within(box).getByText(/USB: NICs, disks and interface classes 08, 0206, 020d/)).toBeTruthy();
    const rows = within(within(box).getByRole('table', { name: 'Driver check devices' })).getAllByRole('row');
    expect(rows.map((r) => r.getAttribute('data-state'))).toEqual([null, 'covered', 'covered', 'missing']);
    expect(within(rows[2]!).getByText('USB')).toBeTruthy();
    expect(within(rows[2]!).getByText('2-1:1.0')).toBeTruthy();
    expect(within(rows[2]!).getAllByText('r8152')).toHaveLength(2);
    expect(within(rows[3]!).getByText('USB network adapter')).toBeTruthy();
    expect(within(rows[3]!).getByText(`MISSING in ${KERNEL}`)).toBeTruthy();
    const fields = await screen.findByRole('region', { name: 'Host fields' });
    expect(fields.querySelector('[data-field="USB devices"]')?.textContent).toBe(
      '0bda:8153 USB network adapter enx00e04c680001 at 2-1:1.0 r8152, ' +
        '0b95:1790 USB network adapter enx000ec6810002 at 2-2:1.0 ax88179_178a',
    );
  });

  test('a report without USB aliases: the verdict says the USB interfaces were not checked', async () => {
    const note =
      "1 USB interface(s) not checked: the image's validation recorded no USB aliases for kernel 6.8.0-45-generic (validate the image again)";
    render((os) => checkOf(os ?? 'none', { usbUnchecked: note }));
    const box = await section();
    expect(await within(box).findByText(`not checked: ${note}`)).toBeTruthy();
  });

  test('unknown: the reason is shown and no device table', async () => {
    const reason = 'the node has not reported its PCI devices (onboarded by an en-agent without inventory)';
    render((os) =>
      checkOf(os ?? 'none', { state: 'unknown', reason, kernels: [], classes: [], devices: [] }),
    );
    const box = await section();
    expect(await within(box).findByText('Not known')).toBeTruthy();
    expect(within(box).getByText(reason)).toBeTruthy();
    expect(within(box).queryByRole('table')).toBeNull();
  });

  test('a host without an instance: nothing is asked until a profile is picked', async () => {
    const orchd = render((os) => checkOf(os ?? 'none', {}), hostWith('host-0000000f', null));
    const box = await section();
    expect(within(box).getByText(/has no instance: choose the OS profile/)).toBeTruthy();
    expect(orchd.requests.some((r) => r.url.includes('/driver-check'))).toBe(false);
    fireEvent.click(within(box).getByRole('textbox', { name: 'OS profile' }));
    fireEvent.click(await screen.findByRole('option', { name: /Ubuntu 22.04/, hidden: true }));
    expect(await within(box).findByText(/^Covered:/)).toBeTruthy();
  });
});
