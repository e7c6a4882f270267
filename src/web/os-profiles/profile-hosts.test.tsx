import { describe, expect, test } from 'vitest';
import { screen, within } from '@testing-library/react';
import { fakeOrchd, json, memoryStorage, renderConsole, SIGNED_IN } from '../testing/render-console.js';
import { ProfileHosts } from './profile-hosts.js';

describe('hosts using a profile', () => {
  test('lists the instances orchd finds by osID, each linking to its host with its provisioning words', async () => {
    const orchd = fakeOrchd({
      'GET /v1/projects/default/compute/instances': () =>
        json(200, {
          instances: [
            { resourceId: 'inst-00000001', hostID: 'host-00000001', host: { name: 'edge-1', serialNumber: 'SN0001' }, provisioningStatus: 'Provisioned', provisioningStatusIndicator: 'STATUS_INDICATION_IDLE' },
          ],
          totalElements: 1,
          hasNext: false,
        }),
    }); // prettier-ignore
    renderConsole(<ProfileHosts project="default" resourceId="os-0000000a" />, {
      fetch: orchd.fetch,
      storage: memoryStorage(SIGNED_IN),
    });
    const table = await screen.findByRole('table', { name: 'Hosts using this profile' });
    const link = within(table).getByRole('link', { name: 'edge-1' });
    expect(link.getAttribute('href')).toBe('/projects/default/hosts/host-00000001');
    expect(within(table).getByText('Provisioned')).toBeTruthy();
    const url = new URL(orchd.requests[0]!.url);
    expect(url.searchParams.get('filter')).toBe("osID = 'os-0000000a'");
  });

  test('says so when no host runs it', async () => {
    const orchd = fakeOrchd({
      'GET /v1/projects/default/compute/instances': () =>
        json(200, { instances: [], totalElements: 0, hasNext: false }),
    });
    renderConsole(<ProfileHosts project="default" resourceId="os-0000000a" />, {
      fetch: orchd.fetch,
      storage: memoryStorage(SIGNED_IN),
    });
    expect(await screen.findByText('No host runs this profile.')).toBeTruthy();
  });
});
