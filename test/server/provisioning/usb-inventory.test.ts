/**
 * The USB inventory a node reports at onboarding: kept with the host (ids lower-cased, every
 * interface with its driver, NICs and disks), shown as `hostUsbDevices`, kept when a later
 * onboarding does not report it, and refused (400, nothing stored) when malformed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { UsbDevice } from '../../../src/core/workflow/index.js';
import { openStore } from '../../../src/store/open-store.js';
import { USB_AX88179, USB_RTL8153 } from '../../support/sysfs/fake-sysfs.js';
import {
  newNode,
  ScriptedAgent,
  startProvisioningFixture,
  type ProvisioningFixture,
} from './provisioning-fixture.js';

const P = '/v1/projects/alpha/compute';
const inventory = (usbDevices: unknown) => ({
  inventory: { nics: [{ name: 'enp1s0', mac: '52:54:00:12:34:56' }], usbDevices },
});

describe('USB inventory at onboarding', () => {
  let f: ProvisioningFixture;
  before(async () => {
    const store = await openStore({ url: ':memory:' });
    await store.migrateToLatest();
    f = await startProvisioningFixture(store);
    assert.equal((await f.call('POST', '/v1/projects', { name: 'alpha' })).statusCode, 201);
  });
  after(() => f?.close());

  async function registered(): Promise<{ agent: ScriptedAgent; hostId: string }> {
    const node = newNode();
    const res = await f.call('POST', `${P}/hosts/register`, { ...node, autoOnboard: true });
    assert.equal(res.statusCode, 200, res.body);
    return { agent: new ScriptedAgent(f, node), hostId: res.json().resourceId };
  }

  test('stored lower-cased and shown; a later onboarding without USB keeps the list', async () => {
    const { agent, hostId } = await registered();
    const shouted: UsbDevice = {
      ...USB_RTL8153,
      vendor: '0BDA',
      interfaces: [{ ...USB_RTL8153.interfaces[0]!, class: 'FF', subClass: 'FF' }],
    };
    const first = await agent.onboard(inventory([shouted, USB_AX88179]));
    assert.equal(first.statusCode, 200, first.body);
    const host = (await f.call('GET', `${P}/hosts/${hostId}`)).json();
    assert.deepEqual(host.hostUsbDevices, [USB_RTL8153, USB_AX88179]);
    assert.deepEqual((await f.store.hosts.get('alpha', hostId))?.usbDevices, [USB_RTL8153, USB_AX88179]);

    const again = await agent.onboard();
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual((await f.call('GET', `${P}/hosts/${hostId}`)).json().hostUsbDevices, [
      USB_RTL8153,
      USB_AX88179,
    ]);
  });

  test('malformed USB inventory: 400 naming the field, nothing stored', async () => {
    const { agent, hostId } = await registered();
    const intf = USB_RTL8153.interfaces[0]!;
    const bad: [string, unknown][] = [
      ['a root hub address', [{ ...USB_RTL8153, address: 'usb2' }]],
      [
        'an interface name without configuration',
        [{ ...USB_RTL8153, interfaces: [{ ...intf, name: '2-1' }] }],
      ],
      ['a vendor id that is not hex', [{ ...USB_RTL8153, vendor: 'rtl!' }]],
      ['a 3-digit class', [{ ...USB_RTL8153, class: '0ff' }]],
      ['an unknown field', [{ ...USB_RTL8153, serial: 'x' }]],
      ['netDevices missing', [{ ...USB_RTL8153, interfaces: [{ ...intf, netDevices: undefined }] }]],
      ['33 interfaces', [{ ...USB_RTL8153, interfaces: Array.from({ length: 33 }, () => intf) }]],
      ['129 devices', Array.from({ length: 129 }, () => USB_RTL8153)],
      ['17 net devices', [{ ...USB_RTL8153, interfaces: [{ ...intf, netDevices: Array(17).fill('enx0') }] }]],
    ];
    for (const [what, usbDevices] of bad) {
      const res = await agent.onboard(inventory(usbDevices));
      assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
      assert.match(res.json().message, /usbDevices/, what);
    }
    assert.deepEqual((await f.store.hosts.get('alpha', hostId))?.usbDevices, []);
  });
});
