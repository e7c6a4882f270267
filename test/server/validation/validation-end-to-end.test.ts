import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateImage } from '../../../src/image/validate/index.js';
import { DEFAULT_LEASE_MS } from '../../../src/server/validation/validation-options.js';
import { openStore } from '../../../src/store/open-store.js';
import { createOsImageFixtures, type OsImageFixtures } from '../../fixtures/os-images/os-image-fixtures.js';
import { startImageServer, type ImageServer } from '../../support/https-server/image-server.js';
import { loadTestCertificates } from '../../support/tls/test-certificates.js';
import { startValidationServer, type ValidationServer } from './validation-server.js';
import { waitFor } from './validation-fixtures.js';

const OS = '/v1/projects/default/compute/os';

// One run of the real validateImage behind the API: a small Ubuntu-like image with a signed
// loader, served over HTTPS with a certificate only the profile's CA trusts.
describe('validation end to end with validateImage', () => {
  let fixtures: OsImageFixtures;
  let images: ImageServer;
  let server: ValidationServer;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orchd-validation-e2e-'));
    fixtures = createOsImageFixtures();
    const tls = await loadTestCertificates();
    const image = await fixtures.image('ubuntu');
    images = await startImageServer({
      tls: { cert: tls.leaf.cert, key: tls.leaf.key },
      files: { '/ubuntu-22.04.5.raw': { file: image.path } },
    });
    const store = await openStore({ url: `sqlite:${join(dir, 'orch.db')}` });
    await store.migrateToLatest();
    await store.projects.create('default');
    await mkdir(join(dir, 'scratch'));
    // Production's lease (30 s, renewed three times within it): the real validator reads and
    // hashes the whole image, and on a busy machine a 600 ms test lease could lapse between two
    // renewals and hand the job to a second run. Nothing here tests take-overs (the restart tests
    // do: validation-restart.test.ts).
    server = await startValidationServer(store, {
      validate: validateImage,
      scratchDir: join(dir, 'scratch'),
      leaseMs: DEFAULT_LEASE_MS,
    });
  });
  after(async () => {
    await server?.close();
    await images?.close();
    fixtures?.remove();
    await rm(dir, { recursive: true, force: true });
  });

  test('profile created, job passes, GET validation shows the report and facts', async () => {
    const tls = await loadTestCertificates();
    const image = await fixtures.image('ubuntu');
    const keys = await fixtures.keys();
    const created = await server.call({
      method: 'POST',
      url: OS,
      payload: {
        name: 'Ubuntu 22.04.5 e2e',
        profileName: 'ubuntu-22.04-lts-generic',
        imageUrl: images.url('/ubuntu-22.04.5.raw'),
        imageId: '22.04.5',
        sha256: image.sha256,
        osType: 'MUTABLE',
        securityFeature: 'SB_FDE',
        tlsCaCert: tls.ca.cert,
        secureBootCerts: keys.ca.cert,
      },
    });
    assert.equal(created.statusCode, 200, created.body);
    const id = created.json().resourceId as string;
    const url = `${OS}/${id}/validation`;
    const done = await waitFor(
      async () => {
        const view = (await server.call({ method: 'GET', url })).json();
        return ['passed', 'warned', 'failed'].includes(view.state) ? view : undefined;
      },
      'a verdict',
      60_000,
    );
    const failing = done.report.checks.filter((c: { status: string }) => c.status === 'fail');
    assert.deepEqual(failing, []);
    assert.ok(['passed', 'warned'].includes(done.state), JSON.stringify(done.report));
    const secureBoot = done.report.checks.find((c: { id: string }) => c.id === 'secureboot.signed');
    assert.equal(secureBoot?.status, 'pass', 'the secureBootCerts of the profile reached the check');
    const reachable = done.report.checks.find((c: { id: string }) => c.id === 'source.reachable');
    assert.equal(reachable?.status, 'pass', 'fetched trusting the profile certificate');
    assert.ok(done.report.checks.length > 5);
    assert.ok(done.facts, 'facts shown beside the report');
    assert.equal(done.progress.stage, 'checking');
    const profile = (await server.call({ method: 'GET', url: `${OS}/${id}` })).json();
    assert.equal(profile.validation.state, done.state);
    assert.ok(images.requests.length >= 1, 'the image was fetched from the test server');
    assert.deepEqual(await readdir(join(dir, 'scratch')), [], 'scratch copy removed');
  });
});
