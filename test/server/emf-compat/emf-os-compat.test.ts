/**
 * EMF wire compatibility of the OS profile paths, checked against EMF's own shapes
 * (test/support/emf-compat/emf-shapes.ts, read from EMF's OpenAPI document) and with the exact
 * requests EMF's orch-cli sends (open-edge-platform/orch-cli internal/cli/osprofile.go and
 * host.go at 445ae7162d0773f87bcc4e405c2ef9f57c96243e): `create osprofile` from a manifest like
 * its test manifest, `delete osprofile` by `osResourceID`, and list paging on `hasNext`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KyselyStore } from '../../../src/store/kysely-store.js';
import { serverBackends } from '../support/server-backends.js';
import { startTestServer, TEST_RELEASE_SERVICE_URL, type TestServer } from '../support/test-server.js';
import { API_TEST_NOW, testCertificates } from '../support/profile-bodies.js';
import { checkEmfShape, type EmfShape } from '../../support/emf-compat/emf-shape-check.js';
import { EMF_OS_DELETE, EMF_OS_LIST, EMF_OS_RESOURCE } from '../../support/emf-compat/emf-shapes.js';

const slots = await serverBackends('emfc');
const certs = await testCertificates();
const OS = '/v1/projects/emf/compute/os';

/** The fields orchd adds to EMF's resource (docs/api.md, EMF compatibility). */
const OUR_EXTRAS = [
  'osFamily',
  'source',
  'secureBootCerts',
  'secureBootDbx',
  'secureBootMokCerts',
  'sbatLevel',
  'tlsCaCertInfo',
  'validation',
];

/** Asserts EMF's shape with no violation; extras only the documented additions. */
function assertEmf(body: unknown, shape: EmfShape): void {
  const report = checkEmfShape(body, shape);
  assert.deepEqual(report.violations, [], JSON.stringify(body).slice(0, 400));
  for (const extra of report.extras) {
    assert.ok(
      OUR_EXTRAS.includes(extra.slice(extra.lastIndexOf('.') + 1)),
      `${extra} is neither EMF's nor a documented addition`,
    );
  }
}

/**
 * The body orch-cli's `create osprofile` sends for a manifest (its OSProfileSpec mapped to the
 * generated client's request): pointers to every string, so absent keys travel as "", metadata as
 * JSON text, repoUrl = the image URL. The spec below is like orch-cli's testdata/osprofile.yaml.
 */
function orchCliCreateBody(spec: {
  name: string;
  type: string;
  provider: string;
  profileName: string;
  osImageUrl: string;
  osImageVersion: string;
  osImageSha256: string;
  securityFeature: string;
  metadata?: Record<string, string>;
  tlsCaCert?: string;
}) {
  return {
    name: spec.name,
    architecture: 'x86_64',
    imageUrl: spec.osImageUrl,
    imageId: spec.osImageVersion,
    osType: spec.type,
    osProvider: spec.provider,
    profileName: spec.profileName,
    repoUrl: spec.osImageUrl,
    securityFeature: spec.securityFeature,
    sha256: spec.osImageSha256,
    fixedCvesUrl: '',
    existingCvesUrl: '',
    tlsCaCert: spec.tlsCaCert ?? '',
    description: '',
    ...(spec.metadata ? { metadata: JSON.stringify(spec.metadata) } : {}),
  };
}

const TEST_MANIFEST = {
  name: 'osprofile',
  type: 'OS_TYPE_IMMUTABLE',
  provider: 'OS_PROVIDER_KIND_INFRA',
  profileName: 'osprofile',
  osImageUrl: 'url.raw.gz',
  osImageVersion: '0.0.1',
  osImageSha256: '133975d949e3de495048afd55eb484475e311a19898c2744608cf0f69fe39502',
  securityFeature: 'SECURITY_FEATURE_NONE',
  metadata: { key1: 'value1' },
};

for (const slot of slots) {
  describe(`EMF compatibility of …/compute/os on ${slot.name}`, { skip: slot.skip ?? false }, () => {
    let server: TestServer;
    let store: KyselyStore;
    before(async () => {
      store = await slot.backend!.open(() => API_TEST_NOW);
      server = await startTestServer(store, {}, () => API_TEST_NOW);
      const res = await server.call({ method: 'POST', url: '/v1/projects', payload: { name: 'emf' } });
      assert.equal(res.statusCode, 201, res.body);
    });
    after(async () => {
      await server?.close();
      await slot.backend?.dispose();
    });

    /** orch-cli's list: no parameters (pageSize 20 by default), then a client-side name match. */
    const listAll = async () => {
      const res = await server.call({ method: 'GET', url: OS });
      assert.equal(res.statusCode, 200);
      assertEmf(res.json(), EMF_OS_LIST);
      return res.json().OperatingSystemResources as { name: string; osResourceID: string }[];
    };

    test('the seeded defaults list in EMF shape: every field present, enums, patterns, lengths', async () => {
      const profiles = await listAll();
      assert.equal(profiles.length, 7);
    });

    test('orch-cli create osprofile: its exact body answers 200 with an EMF OperatingSystemResource', async () => {
      assert.equal((await listAll()).filter((p) => p.name === TEST_MANIFEST.name).length, 0);
      const res = await server.call({ method: 'POST', url: OS, payload: orchCliCreateBody(TEST_MANIFEST) });
      assert.equal(res.statusCode, 200, res.body);
      const p = res.json();
      assertEmf(p, EMF_OS_RESOURCE);
      assert.equal(p.osResourceID, p.resourceId);
      assert.equal(p.imageUrl, `${TEST_RELEASE_SERVICE_URL}/url.raw.gz`);
      assert.equal(p.repoUrl, 'url.raw.gz');
      assert.equal(p.existingCvesUrl, '');
      assert.equal(p.fixedCvesUrl, '');
      assert.equal(p.profileVersion, '');
      assert.equal(p.metadata, '{"key1":"value1"}');
      assert.equal(p.osType, 'OS_TYPE_IMMUTABLE');
      // A generated client's zero-valued enums and a certificate in EMF's base64 form.
      const second = await server.call({
        method: 'POST',
        url: OS,
        payload: {
          ...orchCliCreateBody({
            ...TEST_MANIFEST,
            name: 'osprofile 2',
            osImageVersion: '0.0.2',
            provider: 'OS_PROVIDER_KIND_UNSPECIFIED',
            securityFeature: 'SECURITY_FEATURE_UNSPECIFIED',
            tlsCaCert: Buffer.from(certs.valid).toString('base64'),
          }),
          existingCvesUrl: 'https://files-rs.example.test/cves/existing.json',
          fixedCvesUrl: 'cves/fixed.json',
          installedPackagesUrl: 'sample.json',
        },
      });
      assert.equal(second.statusCode, 200, second.body);
      assertEmf(second.json(), EMF_OS_RESOURCE);
      assert.equal(second.json().osProvider, 'OS_PROVIDER_KIND_INFRA');
      assert.equal(second.json().securityFeature, 'SECURITY_FEATURE_NONE');
      assert.equal(second.json().existingCvesUrl, 'https://files-rs.example.test/cves/existing.json');
      assert.equal(second.json().installedPackagesUrl, 'sample.json');
    });

    test('get, PATCH ?fieldMask= and a GET-edit-PUT round trip all answer EMF shapes', async () => {
      const [made] = (await listAll()).filter((p) => p.name === 'osprofile 2');
      assert.ok(made);
      const url = `${OS}/${made.osResourceID}`;
      const got = await server.call({ method: 'GET', url });
      assert.equal(got.statusCode, 200);
      const resource = got.json() as Record<string, unknown>;
      assertEmf(resource, EMF_OS_RESOURCE);
      // A generated client PATCHes the whole resource with the mask naming what changes.
      const patched = await server.call({
        method: 'PATCH',
        url: `${url}?fieldMask=metadata,architecture`,
        payload: { ...resource, metadata: '{"key2":"value2"}', architecture: 'x86_64', name: 'ignored' },
      });
      assert.equal(patched.statusCode, 200, patched.body);
      assertEmf(patched.json(), EMF_OS_RESOURCE);
      assert.equal(patched.json().metadata, '{"key2":"value2"}');
      assert.equal(patched.json().name, 'osprofile 2');
      // A GET-edit-PUT round trip carries every EMF field back, read-only ones included.
      const edited = { ...(patched.json() as Record<string, unknown>), description: 'x' };
      const put = await server.call({ method: 'PUT', url, payload: edited });
      assert.equal(put.statusCode, 200, put.body);
      assertEmf(put.json(), EMF_OS_RESOURCE);
      // The reference URLs are immutable after create, as in EMF.
      const changedUrl = await server.call({ method: 'PATCH', url, payload: { fixedCvesUrl: 'other.json' } });
      assert.equal(changedUrl.statusCode, 400);
      assert.equal(changedUrl.json().code, 'InvalidArgument');
    });

    test('orch-cli delete osprofile: list, match the name, DELETE by osResourceID; 200 {}', async () => {
      const profile = (await listAll()).find((p) => p.name === TEST_MANIFEST.name);
      assert.ok(profile, 'orch-cli finds the profile by name in the first page');
      const res = await server.call({ method: 'DELETE', url: `${OS}/${profile.osResourceID}` });
      assert.equal(res.statusCode, 200);
      assert.equal(res.body, '{}');
      assertEmf(res.json(), EMF_OS_DELETE);
      assert.deepEqual(checkEmfShape(res.json(), EMF_OS_DELETE).extras, []);
      assert.equal(
        (await listAll()).find((p) => p.name === TEST_MANIFEST.name),
        undefined,
      );
    });

    test('list paging as orch-cli pages: pageSize 20, offset += page length until hasNext is false', async () => {
      for (let i = 0; i < 27; i++) {
        const res = await server.call({
          method: 'POST',
          url: OS,
          payload: orchCliCreateBody({ ...TEST_MANIFEST, name: `paged ${i}`, osImageVersion: `1.${i}` }),
        });
        assert.equal(res.statusCode, 200, res.body);
      }
      const seen: string[] = [];
      let offset = 0;
      let total = -1;
      for (let pages = 0; pages < 10; pages++) {
        const res = await server.call({
          method: 'GET',
          url: `${OS}?pageSize=20&offset=${offset}&filter=${encodeURIComponent('has(repo_url)')}`,
        });
        assert.equal(res.statusCode, 200, res.body);
        const page = res.json();
        assertEmf(page, EMF_OS_LIST);
        total = page.totalElements;
        seen.push(...page.OperatingSystemResources.map((p: { resourceId: string }) => p.resourceId));
        if (!page.hasNext) break;
        offset += page.OperatingSystemResources.length;
      }
      assert.equal(total, 28, '27 paged profiles and osprofile 2 carry a repoUrl');
      assert.equal(seen.length, total);
      assert.equal(new Set(seen).size, total);
    });

    test("an unknown query parameter is ignored; orch-cli's name OR resourceId filter finds one profile", async () => {
      const [one] = await listAll();
      assert.ok(one);
      const res = await server.call({
        method: 'GET',
        url: `${OS}?filter=${encodeURIComponent(`name='${one.name}' OR resourceId='${one.name}'`)}&projectName=emf&colour=red`,
      });
      assert.equal(res.statusCode, 200, res.body);
      assertEmf(res.json(), EMF_OS_LIST);
      assert.deepEqual(
        res.json().OperatingSystemResources.map((p: { name: string }) => p.name),
        [one.name],
      );
    });
  });
}
