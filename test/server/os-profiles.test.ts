import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PROFILE_RULES } from '../../src/core/os-profile/index.js';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { serverBackends } from './support/server-backends.js';
import { startTestServer, TEST_RELEASE_SERVICE_URL, type TestServer } from './support/test-server.js';
import { API_TEST_NOW, emtBody, testCertificates, ubuntuBody } from './support/profile-bodies.js';

const slots = await serverBackends('osp');
const certs = await testCertificates();
const OS = '/v1/projects/alpha/compute/os';

for (const slot of slots) {
  describe(`OS profile API on ${slot.name}`, { skip: slot.skip ?? false }, () => {
    let server: TestServer;
    let store: KyselyStore;
    before(async () => {
      store = await slot.backend!.open(() => API_TEST_NOW);
      server = await startTestServer(store, {}, () => API_TEST_NOW);
      for (const name of ['alpha', 'beta']) {
        const res = await server.call({ method: 'POST', url: '/v1/projects', payload: { name } });
        assert.equal(res.statusCode, 201);
      }
    });
    after(async () => {
      await server?.close();
      await slot.backend?.dispose();
    });

    const create = (body: Record<string, unknown>, url = OS) =>
      server.call({ method: 'POST', url, payload: body });

    test('create answers 200 (as EMF) with the EMF resource: canonical enums, lower-case sha256, base64 PEM', async () => {
      const res = await create(ubuntuBody({ tlsCaCert: btoa(certs.valid) }));
      assert.equal(res.statusCode, 200, res.body);
      const p = res.json();
      assert.match(p.resourceId, /^os-[0-9a-f]{8}$/);
      assert.equal(res.headers['location'], `${OS}/${p.resourceId}`);
      assert.equal(p.osType, 'OS_TYPE_MUTABLE');
      assert.equal(p.osProvider, 'OS_PROVIDER_KIND_INFRA');
      assert.equal(p.securityFeature, 'SECURITY_FEATURE_NONE');
      assert.equal(p.sha256, 'b9b65a7e045ca262ad614cbedeaa1bf34b9325d76f856e85e17b68984e7a4314');
      assert.equal(p.imageUrl, 'https://images.example.test/ubuntu/jammy.img?sig=a%2Bb&exp=1~2');
      assert.equal(p.osFamily, 'ubuntu');
      assert.equal(p.source, 'custom');
      assert.equal(p.architecture, 'x86_64');
      assert.deepEqual(p.validation, { state: 'pending' });
      assert.equal(atob(p.tlsCaCert), certs.valid);
      assert.equal(p.tlsCaCertInfo.length, 1);
      assert.equal(p.tlsCaCertInfo[0].subject, 'CN=images.example.test, O=edge-orch tests');
      assert.equal(p.tlsCaCertInfo[0].selfSigned, true);
      assert.deepEqual(JSON.parse(p.metadata), { skip_kernel_upgrade: 'true' });
      assert.deepEqual(p.timestamps, {
        createdAt: API_TEST_NOW.toISOString(),
        updatedAt: API_TEST_NOW.toISOString(),
      });
    });

    test('an EMT profile with a relative path resolves against the Release Service', async () => {
      const res = await create(emtBody());
      assert.equal(res.statusCode, 200, res.body);
      const p = res.json();
      assert.equal(
        p.imageUrl,
        `${TEST_RELEASE_SERVICE_URL}/files-edge-orch/repository/microvisor/custom/edge-readonly-custom.raw.gz`,
      );
      assert.equal(p.osFamily, 'emt');
      assert.equal(p.securityFeature, 'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION');
      assert.equal(p.tlsCaCert, '');
      assert.deepEqual(p.tlsCaCertInfo, []);
      assert.equal(p.metadata, '');
    });

    test("create refuses broken rules with core's one message per rule, and stores nothing", async () => {
      const before = (await server.call({ method: 'GET', url: OS })).json().totalElements;
      const cases: [Record<string, unknown>, string, string][] = [
        [
          ubuntuBody({ imageUrl: 'http://images.example.test/a.img' }),
          'imageUrl',
          PROFILE_RULES.imageUrlHttp.message(),
        ],
        [ubuntuBody({ name: '' }), 'name', PROFILE_RULES.nameRequired.message()],
        [ubuntuBody({ sha256: 'abc' }), 'sha256', PROFILE_RULES.sha256Format.message()],
        [ubuntuBody({ osType: 'IMMUTABLE' }), 'osType', 'MUTABLE'],
        [emtBody({ osType: 'MUTABLE' }), 'osType', 'IMMUTABLE'],
        [ubuntuBody({ tlsCaCert: certs.expired }), 'tlsCaCert', 'expired'],
        [ubuntuBody({ tlsCaCert: 'not a certificate' }), 'tlsCaCert', 'certificate'],
        [ubuntuBody({ color: 'red', resourceId: 'os-12345678' }), 'body', 'color'],
      ];
      for (const [body, field, text] of cases) {
        const res = await create(body);
        assert.equal(res.statusCode, 400, `${field}: ${res.body}`);
        const error = res.json();
        assert.equal(error.code, 'InvalidArgument');
        assert.ok(error.message.includes(text), `${error.message} lacks ${text}`);
        assert.ok(
          error.details.issues.some((i: { field: string }) => i.field === field),
          JSON.stringify(error.details),
        );
      }
      for (const payload of ['[1,2]', 'null', '"text"', '42']) {
        const res = await server.call({
          method: 'POST',
          url: OS,
          payload,
          headers: { 'content-type': 'application/json' },
        });
        assert.equal(res.statusCode, 400, payload);
        assert.equal(res.json().message, PROFILE_RULES.bodyObject.message());
      }
      assert.equal((await server.call({ method: 'GET', url: OS })).json().totalElements, before);
    });

    test('duplicates answer 409 AlreadyExists naming the existing profile', async () => {
      const first = (
        await create(ubuntuBody({ name: 'dup-a', profileName: 'ubuntu-dup', imageId: '1.0' }))
      ).json();
      const byName = await create(ubuntuBody({ name: 'dup-a', profileName: 'ubuntu-dup', imageId: '2.0' }));
      assert.equal(byName.statusCode, 409);
      assert.equal(byName.json().code, 'AlreadyExists');
      assert.ok(byName.json().message.includes(first.resourceId));
      assert.equal(byName.json().details.resourceId, first.resourceId);
      const byImage = await create(ubuntuBody({ name: 'dup-b', profileName: 'ubuntu-dup', imageId: '1.0' }));
      assert.equal(byImage.statusCode, 409);
      assert.ok(byImage.json().message.includes('"dup-a"'));
      // The same name in another project is another profile.
      assert.equal(
        (await create(ubuntuBody({ name: 'dup-a' }), '/v1/projects/beta/compute/os')).statusCode,
        200,
      );
    });

    test('get by id, also under the operating_systems alias; unknown ids answer 404', async () => {
      const made = (await create(ubuntuBody({ name: 'getme', imageId: '9.9' }))).json();
      const got = await server.call({ method: 'GET', url: `${OS}/${made.resourceId}` });
      assert.deepEqual([got.statusCode, got.json()], [200, made]);
      const alias = await server.call({
        method: 'GET',
        url: `/v1/projects/alpha/compute/operating_systems/${made.resourceId}`,
      });
      assert.deepEqual(alias.json(), made);
      const missing = await server.call({ method: 'GET', url: `${OS}/os-00000000` });
      assert.equal(missing.statusCode, 404);
      assert.deepEqual(missing.json(), {
        code: 'NotFound',
        message: 'OS profile os-00000000 not found in project "alpha"',
        retryable: false,
        details: { resourceId: 'os-00000000' },
      });
    });

    test('list: envelope, paging, exact = filter, aliases in filters, orderBy', async () => {
      await create(ubuntuBody({ name: 'List Alpha', profileName: 'ubuntu-list', imageId: '1' }));
      await create(ubuntuBody({ name: 'List Alpha 2', profileName: 'ubuntu-list', imageId: '2' }));
      const all = (await server.call({ method: 'GET', url: `${OS}?pageSize=100` })).json();
      assert.equal(all.OperatingSystemResources.length, all.totalElements);
      assert.equal(all.hasNext, false);
      const page = (await server.call({ method: 'GET', url: `${OS}?pageSize=2&offset=1` })).json();
      assert.equal(page.OperatingSystemResources.length, 2);
      assert.equal(page.totalElements, all.totalElements);
      assert.equal(page.hasNext, true);
      const exact = (
        await server.call({ method: 'GET', url: `${OS}?filter=${encodeURIComponent('name="List Alpha"')}` })
      ).json();
      assert.deepEqual(
        exact.OperatingSystemResources.map((p: { name: string }) => p.name),
        ['List Alpha'],
      );
      const ordered = (
        await server.call({
          method: 'GET',
          url: `${OS}?filter=${encodeURIComponent('profileName="ubuntu-list" AND osType=MUTABLE')}&orderBy=${encodeURIComponent('name desc')}`,
        })
      ).json();
      assert.deepEqual(
        ordered.OperatingSystemResources.map((p: { name: string }) => p.name),
        ['List Alpha 2', 'List Alpha'],
      );
      const defaults = (
        await server.call({ method: 'GET', url: `${OS}?filter=source=default&pageSize=100` })
      ).json();
      assert.equal(defaults.totalElements, 7);
    });

    test("list takes EMF's spellings: snake_case fields, has(), *_UNSPECIFIED, orch-cli's name OR resourceId", async () => {
      const made = (
        await create(
          ubuntuBody({ name: 'spelled', imageId: '5.6', tlsCaCert: certs.valid, fixedCvesUrl: 'f.json' }),
        )
      ).json();
      const list = async (query: string) => {
        const res = await server.call({ method: 'GET', url: `${OS}?${query}` });
        assert.equal(res.statusCode, 200, `${query}: ${res.body}`);
        return res.json().OperatingSystemResources.map((p: { name: string }) => p.name) as string[];
      };
      const q = (filter: string, extra = '') => `filter=${encodeURIComponent(filter)}${extra}`;
      assert.deepEqual(await list(q('profile_name = "ubuntu-22.04-lts-custom" AND image_id = "5.6"')), [
        'spelled',
      ]);
      assert.ok((await list(q('has(tls_ca_cert) AND has(fixed_cves_url)'))).includes('spelled'));
      assert.ok(!(await list(q('NOT has(tlsCaCert)'))).includes('spelled'));
      assert.deepEqual(await list(q('os_type = OS_TYPE_UNSPECIFIED')), []);
      assert.ok((await list(q('security_feature != SECURITY_FEATURE_UNSPECIFIED'))).includes('spelled'));
      assert.deepEqual(await list(q(`name='${made.resourceId}' OR resourceId='${made.resourceId}'`)), [
        'spelled',
      ]);
      assert.deepEqual(await list(q(`os_resourceID = "${made.resourceId}"`)), ['spelled']);
      const ordered = await list(
        `orderBy=${encodeURIComponent('timestamps.created_at desc, image_id')}&pageSize=100`,
      );
      assert.ok(ordered.length > 1);
    });

    test('list refuses bad parameters with InvalidArgument (filter errors carry the position)', async () => {
      const syntax = await server.call({
        method: 'GET',
        url: `${OS}?filter=${encodeURIComponent('name = ')}`,
      });
      assert.equal(syntax.statusCode, 400);
      assert.equal(syntax.json().code, 'InvalidArgument');
      assert.equal(typeof syntax.json().details.position, 'number');
      const unknownField = await server.call({
        method: 'GET',
        url: `${OS}?filter=${encodeURIComponent('color = "red"')}`,
      });
      assert.equal(unknownField.statusCode, 400);
      assert.equal(unknownField.json().details.position, 0);
      assert.match(unknownField.json().message, /color/);
      const badOrder = await server.call({ method: 'GET', url: `${OS}?orderBy=metadata` });
      assert.equal(badOrder.statusCode, 400);
      for (const query of ['pageSize=0', 'pageSize=101', 'offset=-1', 'offset=10001', 'pageSize=abc']) {
        const res = await server.call({ method: 'GET', url: `${OS}?${query}` });
        assert.equal(res.statusCode, 400, query);
        assert.equal(res.json().code, 'InvalidArgument');
      }
      // Parameters EMF does not know are ignored, as EMF ignores them.
      const extra = await server.call({ method: 'GET', url: `${OS}?page=2&pageSize=1&colour=red` });
      assert.equal(extra.statusCode, 200, extra.body);
      assert.equal(extra.json().OperatingSystemResources.length, 1);
    });

    test('PATCH changes the mutable fields and moves updatedAt; immutable fields answer 400', async () => {
      const made = (await create(ubuntuBody({ name: 'patchme', imageId: '7.7' }))).json();
      const url = `${OS}/${made.resourceId}`;
      const patched = await server.call({
        method: 'PATCH',
        url,
        payload: {
          description: 'rotated',
          tlsCaCert: certs.valid,
          metadata: '{"kernelVersion":"linux-image-6.8.0-1-generic"}',
        },
      });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.equal(patched.json().description, 'rotated');
      assert.equal(patched.json().tlsCaCertInfo.length, 1);
      assert.equal(patched.json().name, 'patchme');
      assert.ok(patched.json().timestamps.updatedAt > made.timestamps.updatedAt, 'updatedAt moves');
      assert.equal(patched.json().timestamps.createdAt, made.timestamps.createdAt);
      const refused = await server.call({ method: 'PATCH', url, payload: { imageId: '7.8' } });
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.json().message, PROFILE_RULES.immutableField.message('imageId'));
      assert.equal((await server.call({ method: 'GET', url })).json().imageId, '7.7');
    });

    test('PATCH ?fieldMask= (EMF): only the named fields apply, in proto or JSON spelling; rename clashes 409', async () => {
      const made = (await create(ubuntuBody({ name: 'masked', imageId: '7.9', description: 'kept' }))).json();
      const url = `${OS}/${made.resourceId}`;
      // orch-cli style: the whole resource in the body, the mask saying what changes.
      const body = {
        ...made,
        name: 'masked-2',
        description: 'ignored',
        metadata: '{"a":"b"}',
        sha256: 'f'.repeat(64),
      };
      const patched = await server.call({
        method: 'PATCH',
        url: `${url}?fieldMask=name,metadata`,
        payload: body,
      });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.equal(patched.json().name, 'masked-2');
      assert.equal(patched.json().description, 'kept');
      assert.deepEqual(JSON.parse(patched.json().metadata), { a: 'b' });
      assert.equal(patched.json().sha256, made.sha256);
      // A masked mutable field missing from the body is cleared; unknown paths are ignored.
      const cleared = await server.call({
        method: 'PATCH',
        url: `${url}?fieldMask=description,no_such_field&extra=1`,
        payload: {},
      });
      assert.equal(cleared.statusCode, 200, cleared.body);
      assert.equal(cleared.json().description, '');
      const snake = await server.call({
        method: 'PATCH',
        url: `${url}?fieldMask=tls_ca_cert`,
        payload: { tlsCaCert: certs.valid },
      });
      assert.equal(snake.statusCode, 200, snake.body);
      assert.equal(snake.json().tlsCaCertInfo.length, 1);
      const clash = await server.call({
        method: 'PATCH',
        url: `${url}?fieldMask=name`,
        payload: { name: 'patchme' },
      });
      assert.equal(clash.statusCode, 409, clash.body);
      assert.equal(clash.json().code, 'AlreadyExists');
    });

    test('PUT accepts a GET-edit-PUT round trip and refuses changing an immutable field', async () => {
      const made = (await create(ubuntuBody({ name: 'putme', imageId: '8.8' }))).json();
      const url = `${OS}/${made.resourceId}`;
      const round = await server.call({ method: 'PUT', url, payload: { ...made, description: 'edited' } });
      assert.equal(round.statusCode, 200, round.body);
      assert.equal(round.json().description, 'edited');
      const refused = await server.call({
        method: 'PUT',
        url,
        payload: { ...made, imageUrl: 'https://elsewhere.example.test/x.img' },
      });
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.json().message, PROFILE_RULES.immutableField.message('imageUrl'));
    });

    test('DELETE answers 200 {} (as EMF), then 404; a profile in use answers 409 listing the hosts', async () => {
      const gone = (await create(ubuntuBody({ name: 'deleteme', imageId: '6.6' }))).json();
      const deleted = await server.call({ method: 'DELETE', url: `${OS}/${gone.resourceId}` });
      assert.equal(deleted.statusCode, 200);
      assert.deepEqual(deleted.json(), {});
      assert.equal((await server.call({ method: 'GET', url: `${OS}/${gone.resourceId}` })).statusCode, 404);
      assert.equal(
        (await server.call({ method: 'DELETE', url: `${OS}/${gone.resourceId}` })).statusCode,
        404,
      );
      const used = (await create(ubuntuBody({ name: 'inuse', imageId: '5.5' }))).json();
      const stamp = API_TEST_NOW.toISOString();
      await store.db
        .insertInto('hosts')
        .values({
          project: 'alpha',
          resource_id: 'host-0000aaaa',
          name: 'edge-1',
          serial_number: 'SN1',
          uuid: '',
          created_at: stamp,
          updated_at: stamp,
        })
        .execute();
      await store.db
        .insertInto('instances')
        .values({
          project: 'alpha',
          resource_id: 'inst-0000aaaa',
          name: '',
          host_id: 'host-0000aaaa',
          os_id: used.resourceId,
          created_at: stamp,
          updated_at: stamp,
        })
        .execute();
      const refused = await server.call({ method: 'DELETE', url: `${OS}/${used.resourceId}` });
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json().code, 'FailedPrecondition');
      assert.match(refused.json().message, /host-0000aaaa \(edge-1\)/);
      assert.deepEqual(refused.json().details.hosts, [{ resourceId: 'host-0000aaaa', name: 'edge-1' }]);
      assert.equal((await server.call({ method: 'GET', url: `${OS}/${used.resourceId}` })).statusCode, 200);
    });

    test("projects are isolated: another project's id answers 404 and is left untouched", async () => {
      const theirs = (
        await create(ubuntuBody({ name: 'beta-own', imageId: '4.4' }), '/v1/projects/beta/compute/os')
      ).json();
      for (const method of ['GET', 'PATCH', 'PUT', 'DELETE'] as const) {
        const res = await server.call({
          method,
          url: `${OS}/${theirs.resourceId}`,
          ...(method === 'PATCH' || method === 'PUT' ? { payload: { description: 'hijack' } } : {}),
        });
        assert.equal(res.statusCode, 404, method);
      }
      const still = await server.call({
        method: 'GET',
        url: `/v1/projects/beta/compute/os/${theirs.resourceId}`,
      });
      assert.deepEqual(still.json(), theirs);
      const alphaToken = await server.token([{ project: 'alpha', role: 'write' }]);
      const denied = await server.call({
        method: 'GET',
        url: `/v1/projects/beta/compute/os/${theirs.resourceId}`,
        secret: alphaToken,
      });
      assert.equal(denied.statusCode, 403);
      const listed = (
        await server.call({ method: 'GET', url: `${OS}?pageSize=100`, secret: alphaToken })
      ).json();
      assert.ok(
        listed.OperatingSystemResources.every(
          (p: { resourceId: string }) => p.resourceId !== theirs.resourceId,
        ),
      );
    });

    test('a project that does not exist: 404 for admins, the same 403 as a foreign project for others', async () => {
      const url = '/v1/projects/nosuch/compute/os';
      const admin = await server.call({ method: 'GET', url });
      assert.deepEqual([admin.statusCode, admin.json().message], [404, 'project "nosuch" not found']);
      assert.equal((await create(ubuntuBody(), url)).statusCode, 404);
      const token = await server.token([{ project: 'alpha', role: 'write' }]);
      const missing = await server.call({ method: 'GET', url, secret: token });
      const foreign = await server.call({
        method: 'GET',
        url: '/v1/projects/beta/compute/os',
        secret: token,
      });
      assert.equal(missing.statusCode, 403);
      assert.equal(foreign.statusCode, 403);
      assert.equal(
        missing.json().message.replace('nosuch', 'X'),
        foreign.json().message.replace('beta', 'X'),
      );
    });

    test('a read token reads but cannot write', async () => {
      const reader = await server.token([{ project: 'alpha', role: 'read' }]);
      assert.equal((await server.call({ method: 'GET', url: OS, secret: reader })).statusCode, 200);
      const res = await server.call({
        method: 'POST',
        url: OS,
        secret: reader,
        payload: ubuntuBody({ name: 'r' }),
      });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().code, 'PermissionDenied');
    });
  });
}
