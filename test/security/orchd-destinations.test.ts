// Attack: a tenant points a profile at a service on orchd's own host. `orchd serve` refuses it by
// default with one DESTINATION_DENIED, and the service sees no connection.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningServer } from '../../src/server/compose-orchd.js';
import { serveForValidation } from '../server/validation/serve-for-validation.js';
import { startImageServer, type ImageServer } from '../support/https-server/image-server.js';
import { loadTestCertificates } from '../support/tls/test-certificates.js';
import { ubuntuBody } from '../server/support/profile-bodies.js';
import { waitFor } from '../server/validation/validation-fixtures.js';

let dir: string;
let internal: ImageServer;
let orchd: RunningServer;
let token = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'orchd-destinations-'));
  const tls = await loadTestCertificates();
  internal = await startImageServer({
    tls: { cert: tls.leaf.cert, key: tls.leaf.key },
    files: { '/admin': Buffer.from('x') },
  });
  ({ orchd, token } = await serveForValidation(dir, 'destinations-test'));
});
after(async () => {
  await orchd?.close();
  await internal?.close();
  await rm(dir, { recursive: true, force: true });
});

test('a profile naming a loopback service fails source.reachable with DESTINATION_DENIED and no connection', async () => {
  const tls = await loadTestCertificates();
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const base = `${orchd.url}/v1/projects/default/compute/os`;
  for (const host of ['127.0.0.1', 'localhost']) {
    const body = ubuntuBody({
      name: `probe ${host}`,
      profileName: `probe-${host}`,
      imageUrl: internal.url('/admin', host),
      tlsCaCert: tls.ca.cert,
    });
    const created = await fetch(base, { method: 'POST', headers, body: JSON.stringify(body) });
    assert.ok(created.status < 300, await created.clone().text());
    const { resourceId } = (await created.json()) as { resourceId: string };
    const view = await waitFor(async () => {
      const v = (await (await fetch(`${base}/${resourceId}/validation`, { headers })).json()) as {
        state: string;
        report?: { checks: { id: string; status: string; message: string }[] };
      };
      return v.state === 'failed' ? v : undefined;
    }, 'failed validation');
    const reachable = view.report?.checks.find((check) => check.id === 'source.reachable');
    assert.equal(reachable?.status, 'fail');
    assert.match(reachable?.message ?? '', /DESTINATION_DENIED|not allowed by this orchestrator's policy/);
  }
  assert.equal(internal.connections, 0, 'the loopback service saw no connection');
});
