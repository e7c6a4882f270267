import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { parseFilter } from '../../../src/core/filter/filter-parser.js';
import { parseOrderBy } from '../../../src/core/filter/order-by-parser.js';
import type { OsProfile, OsProfileFields } from '../../../src/core/os-profile/os-profile-types.js';
import type { KyselyStore } from '../../../src/store/kysely-store.js';
import type { SuiteContext } from '../store-contract.js';
import {
  TestClock,
  expectStoreError,
  newProfileId,
  newProjectName,
  profileFields,
} from '../profile-fixtures.js';

/** Five profiles created one second apart (from 19:00:00Z), in a project of their own. */
const ROWS: Partial<OsProfileFields>[] = [
  { name: 'Ubuntu 24.04', imageId: '24.04', metadata: { release: 'noble' }, description: 'edge lab' },
  {
    name: 'EMT 3.0',
    profileName: 'emt',
    imageId: '3.0',
    osType: 'OS_TYPE_IMMUTABLE',
    osFamily: 'emt',
    source: 'default',
    metadata: {},
  },
  { name: 'Ubuntu 22.04', imageId: '22.04', metadata: { release: 'jammy' } },
  {
    name: 'EMT 3.1',
    profileName: 'emt',
    imageId: '3.1',
    osType: 'OS_TYPE_IMMUTABLE',
    osFamily: 'emt',
    metadata: { release: 'jammy' },
  },
  {
    name: 'custom',
    profileName: 'other',
    imageId: '1',
    osFamily: 'other',
    description: 'edge site',
    metadata: { tier: 'lab' },
  },
];

export function listCases(context: SuiteContext): void {
  describe('profiles: list', () => {
    let store: KyselyStore;
    let project = '';
    let created: OsProfile[] = [];
    const names = async (filter: string, orderBy = '', pageSize = 100, offset = 0): Promise<string[]> => {
      const page = await store.profiles.list(project, {
        ...(filter ? { filter: parseFilter(filter) } : {}),
        orderBy: parseOrderBy(orderBy),
        pageSize,
        offset,
      });
      assert.ok(page.items.length <= page.total);
      return page.items.map((p) => p.name);
    };

    before(async () => {
      const clock = new TestClock();
      store = await context.open({ now: clock.now });
      project = newProjectName('list');
      await store.projects.create(project);
      created = [];
      for (const row of ROWS) {
        created.push(await store.profiles.create(project, newProfileId(), profileFields(row)));
        clock.advance(1000);
      }
      // Same names in another project must never show up.
      const other = newProjectName('list');
      await store.projects.create(other);
      await store.profiles.create(other, newProfileId(), profileFields({ name: 'EMT 3.0' }));
    });

    test('default order is name ascending (code point), with stable pages and the full total', async () => {
      assert.deepEqual(await names(''), ['EMT 3.0', 'EMT 3.1', 'Ubuntu 22.04', 'Ubuntu 24.04', 'custom']);
      const pages = [];
      for (const offset of [0, 2, 4, 6]) {
        const page = await store.profiles.list(project, { pageSize: 2, offset });
        assert.equal(page.total, 5);
        pages.push(page.items.map((p) => p.name));
      }
      assert.deepEqual(pages, [['EMT 3.0', 'EMT 3.1'], ['Ubuntu 22.04', 'Ubuntu 24.04'], ['custom'], []]);
    });

    test('orderBy: requested terms first, then the resource id breaks ties', async () => {
      assert.deepEqual(await names('', 'timestamps.createdAt desc'), ROWS.map((r) => r.name).reverse());
      const byType = [...created].sort(
        (a, b) => a.osType.localeCompare(b.osType) || (a.resourceId < b.resourceId ? -1 : 1),
      );
      assert.deepEqual(
        await names('', 'osType'),
        byType.map((p) => p.name),
      );
      assert.deepEqual(
        await names('', 'imageId desc', 2, 1),
        ['EMT 3.0', 'Ubuntu 24.04'],
        'by code point: 3.1, 3.0, 24.04, 22.04, 1',
      );
    });

    test('filters: exact, wildcard, substring, enum, map key, timestamp, NOT/OR', async () => {
      assert.deepEqual(await names('name = "EMT 3.0"'), ['EMT 3.0']);
      assert.deepEqual(await names('name = "EMT"'), [], '= is exact, not substring');
      assert.deepEqual(await names('name = "Ubuntu*"'), ['Ubuntu 22.04', 'Ubuntu 24.04']);
      assert.deepEqual(await names('description:edge'), ['Ubuntu 24.04', 'custom']);
      assert.deepEqual(await names('osType = OS_TYPE_IMMUTABLE'), ['EMT 3.0', 'EMT 3.1']);
      assert.deepEqual(await names('metadata.release = "jammy"'), ['EMT 3.1', 'Ubuntu 22.04']);
      assert.deepEqual(await names('metadata:release'), ['EMT 3.1', 'Ubuntu 22.04', 'Ubuntu 24.04']);
      assert.deepEqual(await names('timestamps.createdAt >= "2026-11-25T19:00:03Z"'), ['EMT 3.1', 'custom']);
      assert.deepEqual(await names('NOT source = default AND (osFamily = emt OR osFamily = other)'), [
        'EMT 3.1',
        'custom',
      ]);
      assert.deepEqual(await names(`resourceId = "${created[0]?.resourceId}"`), ['Ubuntu 24.04']);
      assert.deepEqual((await names('validation.state = pending')).length, 5);
    });

    test('a suffix filter finds names by their end, after a rename too', async () => {
      assert.deepEqual(await names('name = "*04"'), ['Ubuntu 22.04', 'Ubuntu 24.04']);
      assert.deepEqual(await names('name = "EMT*0"'), ['EMT 3.0']);
      assert.deepEqual(await names('name != "*.04" AND name != "EMT*"'), ['custom']);
      const own = newProjectName('suffix');
      await store.projects.create(own);
      const profile = await store.profiles.create(own, newProfileId(), profileFields({ name: 'edge-α😀' }));
      const inOwn = async (filter: string) =>
        (await store.profiles.list(own, { filter: parseFilter(filter), pageSize: 10, offset: 0 })).items.map(
          (p) => p.name,
        );
      assert.deepEqual(await inOwn('name = "*α😀"'), ['edge-α😀']);
      await store.profiles.update(own, profile.resourceId, { name: 'edge-β' });
      assert.deepEqual(await inOwn('name = "*α😀"'), []);
      assert.deepEqual(await inOwn('name = "e*-β"'), ['edge-β']);
    });

    test('a page from the front of many matches (read in index order) equals the same rows read whole', async () => {
      const own = newProjectName('bulk');
      await store.projects.create(own);
      for (let i = 0; i < 120; i++) {
        await store.profiles.create(
          own,
          newProfileId(),
          profileFields({ name: `bulk-${i}`, imageId: `${i}` }),
        );
      }
      const page = async (orderBy: string, pageSize: number, offset: number) => {
        const result = await store.profiles.list(own, {
          filter: parseFilter('name = "bulk-*" AND osType = OS_TYPE_MUTABLE'),
          orderBy: parseOrderBy(orderBy),
          pageSize,
          offset,
        });
        assert.equal(result.total, 120);
        return result.items.map((p) => p.name);
      };
      for (const orderBy of ['timestamps.createdAt desc, name', 'name desc', 'resourceId', '']) {
        const whole = await page(orderBy, 120, 0);
        assert.equal(whole.length, 120);
        // 120 matches >= 50 x (0 + 2): read in the order's index.
        assert.deepEqual(await page(orderBy, 2, 0), whole.slice(0, 2), orderBy);
        assert.deepEqual(await page(orderBy, 1, 1), whole.slice(1, 2), orderBy);
      }
    });

    test('the total counts every match, not the page', async () => {
      const page = await store.profiles.list(project, {
        filter: parseFilter('osFamily != emt'),
        pageSize: 1,
        offset: 1,
      });
      assert.equal(page.total, 3);
      assert.deepEqual(
        page.items.map((p) => p.name),
        ['Ubuntu 24.04'],
      );
    });

    test('a field the store does not map is InvalidArgument, in filter and orderBy', async () => {
      await expectStoreError(() => names('secret = 1'), 'InvalidArgument');
      await expectStoreError(() => names('', 'secureBootCerts'), 'InvalidArgument');
      await expectStoreError(() => names('', 'metadata'), 'InvalidArgument');
    });
  });
}
