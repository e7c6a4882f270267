import { describe, expect, test } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { HOST_CSV_HEADER } from '../../core/host/host-csv.js';
import { fakeOrchd, json, memoryStorage, renderConsole, SIGNED_IN } from '../testing/render-console.js';
import { hostWith } from '../testing/host-fixtures.js';
import { readImportFile } from './host-import-model.js';
import { HostImportPage } from './host-import-page.js';

const CSV = `${HOST_CSV_HEADER}
SN10001,,Ubuntu 22.04,lab,false,,env=prod,,,,,,
bad,,Ubuntu 22.04,,,,,,,,,,
SN10003,,Ubuntu 22.04,,maybe,,,,,true,,,
`;

describe('CSV import model', () => {
  test('rows for the dry run carry only the cells given; Secure that is not a boolean fails in the browser', () => {
    const file = readImportFile(CSV);
    expect(file.ok).toBe(true);
    if (!file.ok) return;
    expect(file.check[0]).toEqual({ line: 2, serialNumber: 'SN10001', osProfile: 'Ubuntu 22.04', site: 'lab', secure: false, metadata: 'env=prod' });
    expect(file.check[2]).toEqual({ line: 4, serialNumber: 'SN10003', osProfile: 'Ubuntu 22.04' });
    expect(file.local.get(4)?.errors).toEqual([{ code: 'InvalidArgument', field: 'secure', message: 'Secure "maybe" must be true or false' }]);
    expect(file.local.get(4)?.notes[0]).toMatch(/^K8sEnable, K8sClusterTemplate and K8sConfig are ignored/);
  }); // prettier-ignore

  test('an unreadable file is refused with its line', () => {
    expect(readImportFile('Serial,Nope\n')).toMatchObject({ ok: false, line: 1 });
  });
});

describe('CSV import page', () => {
  test("the preview shows orchd's errors per row; Import registers only the rows without errors", async () => {
    const posted: unknown[] = [];
    const orchd = fakeOrchd({
      'POST /v1/projects/default/compute/hosts/import-check': async (r) => {
        const body = (await r.json()) as { rows: { line: number }[] };
        posted.push(body);
        return json(200, {
          rows: body.rows.map((row) =>
            row.line === 3
              ? { line: 3, ok: false, errors: [{ code: 'InvalidArgument', field: 'serialNumber', message: 'serialNumber "bad" must be 5 to 20 letters or digits' }], notes: [] }
              : { line: row.line, ok: true, errors: [], notes: [] },
          ),
          okCount: 2,
          failedCount: 1,
        });
      },
      'GET /v1/projects/default/compute/os': () => json(200, { OperatingSystemResources: [{ resourceId: 'os-0000000a', name: 'Ubuntu 22.04' }], totalElements: 1, hasNext: false }),
      'GET /v1/projects/default/regions/-/sites': () => json(200, { sites: [{ resourceId: 'site-0000000b', name: 'lab' }], totalElements: 1, hasNext: false }),
      'POST /v1/projects/default/compute/hosts/register': () => json(200, hostWith('host-00000011', null)),
      'POST /v1/projects/default/compute/instances': () => json(200, {}),
      'PATCH /v1/projects/default/compute/hosts/host-00000011': async (r) => (posted.push(await r.json()), json(200, hostWith('host-00000011', null))),
    }); // prettier-ignore
    renderConsole(<HostImportPage project="default" />, {
      fetch: orchd.fetch,
      storage: memoryStorage(SIGNED_IN),
    });
    fireEvent.change(screen.getByRole('textbox', { name: /^CSV/ }), { target: { value: CSV } });
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    const table = await screen.findByRole('table', { name: 'Import preview' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(within(rows[2]!).getByText('serialNumber "bad" must be 5 to 20 letters or digits')).toBeTruthy();
    expect(within(rows[2]!).getByText('InvalidArgument serialNumber')).toBeTruthy();
    expect(within(rows[3]!).getByText('Secure "maybe" must be true or false')).toBeTruthy();
    expect(screen.getByText('3 rows: 1 ready, 2 with errors.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Import 1 host' }));
    expect(await within(rows[1]!).findByText('registered host-00000011')).toBeTruthy();
    await waitFor(() => expect(posted).toHaveLength(2));
    expect(posted[1]).toEqual({ siteId: 'site-0000000b', metadata: [{ key: 'env', value: 'prod' }] });
    const registers = orchd.requests.filter((r) => r.url.endsWith('/hosts/register'));
    expect(registers).toHaveLength(1);
  });
});
