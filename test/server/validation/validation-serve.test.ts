import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningServer } from '../../../src/server/compose-orchd.js';
import { serveForValidation } from './serve-for-validation.js';
import { startImageServer, type ImageServer } from '../../support/https-server/image-server.js';
import { loadTestCertificates } from '../../support/tls/test-certificates.js';
import { ubuntuBody } from '../support/profile-bodies.js';
import { waitFor } from './validation-fixtures.js';

// `orchd serve` wires the real validator with its flags: a profile whose image server answers
// 404 is validated, fails on source.reachable, and the scratch folder is left empty.
describe('orchd serve runs validations', () => {
  let dir: string;
  let images: ImageServer;
  let orchd: RunningServer;
  let token = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orchd-serve-validation-'));
    const tls = await loadTestCertificates();
    images = await startImageServer({ tls: { cert: tls.leaf.cert, key: tls.leaf.key }, files: {} });
    ({ orchd, token } = await serveForValidation(dir, 'serve-test', {
      // The image server is on loopback, which orchd refuses unless told otherwise.
      destinations: { allowCidrs: ['127.0.0.0/8'] },
    }));
  });
  after(async () => {
    await orchd?.close();
    await images?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('a profile whose image is missing fails validation on source.reachable', async () => {
    const tls = await loadTestCertificates();
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const base = `${orchd.url}/v1/projects/default/compute/os`;
    const body = ubuntuBody({ imageUrl: images.url('/missing.img'), tlsCaCert: tls.ca.cert });
    const created = await fetch(base, { method: 'POST', headers, body: JSON.stringify(body) });
    assert.equal(created.status, 200);
    const { resourceId } = (await created.json()) as { resourceId: string };
    const done = await waitFor(async () => {
      const view = (await (await fetch(`${base}/${resourceId}/validation`, { headers })).json()) as {
        state: string;
        report: { checks: { id: string; status: string; message: string }[] };
      };
      return view.state === 'failed' ? view : undefined;
    }, 'failed validation');
    const reachable = done.report.checks.find((check) => check.id === 'source.reachable');
    assert.equal(reachable?.status, 'fail');
    assert.match(reachable?.message ?? '', /404/);
    assert.deepEqual(await readdir(join(dir, 'scratch')), []);
  });
});
