import { createHash } from 'node:crypto';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serverBackends } from './support/server-backends.js';
import { startTestServer } from './support/test-server.js';
import { ubuntuBody } from './support/profile-bodies.js';
import { ensureDefaultProject } from '../../src/server/bootstrap/first-start.js';
import { projectSeeder } from '../../src/server/projects/project-seeder.js';

const slots = await serverBackends('life');

for (const slot of slots) {
  describe(`orchd lifecycle on ${slot.name}`, { skip: slot.skip ?? false }, () => {
    after(() => slot.backend?.dispose());

    test('20 parallel creates of one name over HTTP: exactly one 200 and nineteen 409', async () => {
      const server = await startTestServer(await slot.backend!.open());
      try {
        await server.call({ method: 'POST', url: '/v1/projects', payload: { name: 'race' } });
        await server.app.listen({ host: '127.0.0.1', port: 0 });
        const { port } = server.app.server.address() as AddressInfo;
        const attempts = Array.from({ length: 20 }, (_, i) =>
          fetch(`http://127.0.0.1:${port}/v1/projects/race/compute/os`, {
            method: 'POST',
            headers: { authorization: `Bearer ${server.adminSecret}`, 'content-type': 'application/json' },
            // Same name; distinct imageIds so only the name rule can collide.
            body: JSON.stringify(ubuntuBody({ name: 'contended', imageId: `1.${i}` })),
          }).then(async (res) => ({ status: res.status, body: (await res.json()) as { code?: string } })),
        );
        const results = await Promise.all(attempts);
        const statuses = results.map((r) => r.status).sort();
        assert.deepEqual(statuses, [200, ...Array<number>(19).fill(409)]);
        assert.ok(results.filter((r) => r.status === 409).every((r) => r.body.code === 'AlreadyExists'));
        const listed = await server.call({
          method: 'GET',
          url: '/v1/projects/race/compute/os?filter=name="contended"',
        });
        assert.equal(listed.json().totalElements, 1);
      } finally {
        await server.close();
      }
    });

    test('a restart (app and store closed, reopened on the same database) keeps every row', async () => {
      const first = await startTestServer(await slot.backend!.open());
      await first.call({
        method: 'POST',
        url: '/v1/projects',
        payload: { name: 'durable', description: 'kept' },
      });
      const created = (
        await first.call({ method: 'POST', url: '/v1/projects/durable/compute/os', payload: ubuntuBody() })
      ).json();
      const token = (
        await first.call({
          method: 'POST',
          url: '/v1/tokens',
          payload: { name: 'keeper', roles: [{ project: 'durable', role: 'read' }] },
        })
      ).json();
      await first.close();
      const second = await startTestServer(await slot.backend!.open());
      try {
        const project = await second.call({
          method: 'GET',
          url: '/v1/projects/durable',
          secret: token.secret,
        });
        assert.deepEqual([project.statusCode, project.json().description], [200, 'kept']);
        const profile = await second.call({
          method: 'GET',
          url: `/v1/projects/durable/compute/os/${created.resourceId}`,
          secret: token.secret,
        });
        assert.deepEqual(profile.json(), created);
        const list = await second.call({
          method: 'GET',
          url: '/v1/projects/durable/compute/os',
          secret: token.secret,
        });
        assert.equal(list.json().totalElements, 8);
      } finally {
        await second.close();
      }
    });

    test('defaults are seeded once per project and a deleted default is not resurrected', async () => {
      const server = await startTestServer(await slot.backend!.open());
      try {
        const created = await server.call({
          method: 'POST',
          url: '/v1/projects',
          payload: { name: 'seeded' },
        });
        assert.equal(created.json().defaultProfilesSeeded, 7);
        const url = '/v1/projects/seeded/compute/os';
        const defaults = (
          await server.call({ method: 'GET', url: `${url}?filter=source=default&orderBy=name` })
        ).json();
        assert.equal(defaults.totalElements, 7);
        const victim = defaults.OperatingSystemResources[0];
        assert.equal(
          (await server.call({ method: 'DELETE', url: `${url}/${victim.resourceId}` })).statusCode,
          200,
        );
        const seed = projectSeeder(server.store, 'https://files-rs.example.test');
        assert.equal(await seed('seeded'), 0);
        const after = (await server.call({ method: 'GET', url: `${url}?filter=source=default` })).json();
        assert.equal(after.totalElements, 6);
        assert.ok(after.OperatingSystemResources.every((p: { name: string }) => p.name !== victim.name));
      } finally {
        await server.close();
      }
    });

    test('first start: project default and one admin token, exactly once', async () => {
      const store = await slot.backend!.open();
      try {
        const seed = projectSeeder(store, 'https://files-rs.example.test');
        const first = await ensureDefaultProject(store, seed, new Date());
        assert.equal(first.firstStart, true);
        assert.equal(first.profilesSeeded, 7);
        assert.match(first.adminSecret ?? '', /^eo_/);
        const again = await ensureDefaultProject(store, seed, new Date());
        assert.deepEqual(again, { firstStart: false, profilesSeeded: 0 });
        const admins = (await store.tokens.list()).filter((t) => t.admin && t.name === 'admin');
        assert.equal(admins.length, 1);
      } finally {
        await store.close();
      }
    });

    test('/metrics with a metrics token reports profile counts by project and source', async () => {
      const metricsToken = 'metrics-scrape-secret';
      const metricsTokenSha256 = createHash('sha256').update(metricsToken).digest('hex');
      const server = await startTestServer(await slot.backend!.open(), { metricsTokenSha256 });
      try {
        await server.call({ method: 'POST', url: '/v1/projects', payload: { name: 'counted' } });
        await server.call({ method: 'POST', url: '/v1/projects/counted/compute/os', payload: ubuntuBody() });
        const text = (await server.call({ method: 'GET', url: '/metrics', secret: metricsToken })).body;
        assert.match(text, /orchd_os_profiles\{project="counted",source="default"\} 7/);
        assert.match(text, /orchd_os_profiles\{project="counted",source="custom"\} 1/);
        for (const secret of [null, 'wrong', server.adminSecret]) {
          const refused = await server.call({ method: 'GET', url: '/metrics', secret });
          assert.equal(refused.statusCode, 401);
          assert.equal(refused.json().code, 'Unauthenticated');
        }
      } finally {
        await server.close();
      }
    });

    test('/metrics without a metrics token is open and names no project', async () => {
      const server = await startTestServer(await slot.backend!.open());
      try {
        await server.call({ method: 'POST', url: '/v1/projects', payload: { name: 'secretive-tenant' } });
        const text = (await server.call({ method: 'GET', url: '/metrics', secret: null })).body;
        assert.match(text, /orchd_os_profiles\{source="default"\} \d+/);
        assert.doesNotMatch(text, /secretive-tenant|project=/);
      } finally {
        await server.close();
      }
    });
  });
}
