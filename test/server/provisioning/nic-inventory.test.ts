/**
 * The NICs a node reports at onboarding (en-agent reads them from /sys/class/net): kept with the
 * host with their bus address, MTU and operstate, shown as EMF's hostNics (`mtu`,
 * `linkState.type`, `pciIdentifier`, `usbIdentifier` for a USB NIC), and refused (400, nothing
 * stored) when malformed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openStore } from '../../../src/store/open-store.js';
import {
  newNode,
  ScriptedAgent,
  startProvisioningFixture,
  type ProvisioningFixture,
} from './provisioning-fixture.js';

const P = '/v1/projects/alpha/compute';
const withNics = (nics: unknown) => ({ inventory: { nics } });

describe('NIC inventory at onboarding', () => {
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

  test('PCI and USB NICs with MTU and operstate: stored and shown as EMF hostNics', async () => {
    const { agent, hostId } = await registered();
    const nics = [
      { name: 'enp0s3', mac: '52:54:00:12:34:56', pciAddress: '0000:00:03.0', mtu: 9000, operState: 'up' },
      {
        name: 'enx00e04c680001',
        mac: '00:e0:4c:68:00:01',
        usbAddress: '2-1',
        mtu: 1500,
        operState: 'lowerlayerdown',
      },
      { name: 'wlp2s0', mac: '3c:ec:ef:00:00:01', pciAddress: '0000:02:00.0', operState: 'dormant' },
      { name: 'eth0', mac: '52:54:00:00:00:01' },
    ];
    const res = await agent.onboard(withNics(nics));
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual((await f.store.hosts.get('alpha', hostId))?.nics, nics);
    assert.deepEqual((await f.call('GET', `${P}/hosts/${hostId}`)).json().hostNics, [
      {
        deviceName: 'enp0s3',
        macAddr: '52:54:00:12:34:56',
        pciIdentifier: '0000:00:03.0',
        mtu: 9000,
        linkState: { type: 'NETWORK_INTERFACE_LINK_STATE_UP' },
      },
      {
        deviceName: 'enx00e04c680001',
        macAddr: '00:e0:4c:68:00:01',
        pciIdentifier: '',
        mtu: 1500,
        linkState: { type: 'NETWORK_INTERFACE_LINK_STATE_DOWN' },
        usbIdentifier: '2-1',
      },
      {
        deviceName: 'wlp2s0',
        macAddr: '3c:ec:ef:00:00:01',
        pciIdentifier: '0000:02:00.0',
        linkState: { type: 'NETWORK_INTERFACE_LINK_STATE_UNSPECIFIED' },
      },
      { deviceName: 'eth0', macAddr: '52:54:00:00:00:01', pciIdentifier: '' },
    ]);
  });

  test('malformed NICs: 400 naming the field, nothing stored', async () => {
    const { agent, hostId } = await registered();
    const nic = { name: 'enp0s3', mac: '52:54:00:12:34:56' };
    const bad: [string, unknown][] = [
      ['an MTU of 0', [{ ...nic, mtu: 0 }]],
      ['a fractional MTU', [{ ...nic, mtu: 1500.5 }]],
      ['an MTU as text', [{ ...nic, mtu: '1500' }]],
      ['an operstate over 16 characters', [{ ...nic, operState: 'x'.repeat(17) }]],
      ['a USB address over 32 characters', [{ ...nic, usbAddress: '2-'.repeat(17) }]],
      ['65 NICs', Array.from({ length: 65 }, () => nic)],
    ];
    for (const [what, nics] of bad) {
      const res = await agent.onboard(withNics(nics));
      assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
      assert.match(res.json().message, /nics/, what);
    }
    assert.deepEqual((await f.store.hosts.get('alpha', hostId))?.nics, []);
  });
});
