// Two orchd replicas on one PostgreSQL schema share the per-project cap on image dry runs: the
// slots live in the store, so a project gets its cap once, not once per replica. The runs use the
// real validateImage against a slow HTTPS image server on loopback.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { validateImage } from '../../../src/image/validate/index.js';
import type { KyselyStore } from '../../../src/store/kysely-store.js';
import { startImageServer, type ImageServer } from '../../support/https-server/image-server.js';
import { loadTestCertificates } from '../../support/tls/test-certificates.js';
import { serverBackends } from '../support/server-backends.js';
import { ubuntuBody } from '../support/profile-bodies.js';
import { startValidationServer, type ValidationServer } from './validation-server.js';
import { sleep, waitFor } from './validation-fixtures.js';

const KIB = 1024;
/** `size` bytes of one non-zero byte behind an MBR signature: a "disk" with no holes. */
function filledDisk(size: number): Buffer {
  const disk = Buffer.alloc(size, 0x02);
  disk[510] = 0x55;
  disk[511] = 0xaa;
  return disk;
}
const disk = filledDisk(768 * KIB);
const sha256 = createHash('sha256').update(disk).digest('hex');
/** Served at 128 KiB/s: a run of about 6 s, well past the slot lease below. */
const SLOW_RATE = 128 * KIB;
/** Short enough that the held run outlives it: only renewals keep the slot. */
const LEASE_MS = 2500;

const slots = await serverBackends('vdryrep');
const pg = slots.find((slot) => slot.name === 'postgres')!;

describe('image dry runs across two replicas on one PostgreSQL schema', { skip: pg.skip ?? false }, () => {
  let images: ImageServer;
  let caPem: string;
  let store: KyselyStore;
  let a: ValidationServer;
  let b: ValidationServer;
  before(async () => {
    const tls = await loadTestCertificates();
    caPem = tls.ca.cert;
    images = await startImageServer({
      tls: { cert: tls.leaf.cert, key: tls.leaf.key },
      files: {
        '/slow.raw': { content: disk, faults: { bytesPerSecond: SLOW_RATE } },
        '/stalled.raw': { content: disk, faults: { stallAt: [64 * KIB] } },
        '/quick.raw': disk,
      },
    });
    store = await pg.backend!.open();
    for (const project of ['default', 'other']) await store.projects.create(project);
    // Each replica its own store (its own pool) over the same schema, as two orchd processes.
    const replica = async (instanceId: string) =>
      startValidationServer(await pg.backend!.open(), {
        validate: validateImage,
        instanceId,
        concurrency: 4,
        perProjectDryRuns: 1,
        leaseMs: LEASE_MS,
      });
    a = await replica('replica-a');
    b = await replica('replica-b');
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await store?.close();
    await images?.close();
    await pg.backend?.dispose();
  });

  const body = (path: string) => ubuntuBody({ imageUrl: images.url(path), sha256, tlsCaCert: caPem });
  const dryRun = (server: ValidationServer, project: string, path: string) =>
    server.call({
      method: 'POST',
      url: `/v1/projects/${project}/compute/os/validate-image`,
      payload: body(path),
    });
  const downloading = (path: string) =>
    waitFor(
      async () => (images.requests.some((r) => r.path === path && r.method === 'GET') ? true : undefined),
      `a GET of ${path}`,
    );

  test('replica B refuses the project a dry run with 429 while replica A runs one; the slot is given back after', async () => {
    const started = Date.now();
    let settled = false;
    const held = dryRun(a, 'default', '/slow.raw').finally(() => (settled = true));
    await downloading('/slow.raw');
    assert.equal(await store.dryRuns.live('default'), 1);

    const refused = await dryRun(b, 'default', '/quick.raw');
    assert.equal(refused.statusCode, 429, refused.body);
    assert.equal(refused.json().code, 'TOO_MANY_DRY_RUNS');
    assert.equal(refused.json().retryable, true);
    assert.deepEqual(refused.json().details, { project: 'default', limit: 1, running: 1 });
    assert.match(
      refused.json().message,
      /^project "default" already has 1 image dry run\(s\) running \(the cap per project is 1, every orchd replica counted\)/,
    );

    // Another project is not held back: B runs its dry run to the end.
    const other = await dryRun(b, 'other', '/quick.raw');
    assert.equal(other.statusCode, 200, other.body);
    assert.equal(await store.dryRuns.live('other'), 0);

    // Past one lease, A's renewals still hold the slot.
    await sleep(Math.max(0, started + LEASE_MS + 500 - Date.now()));
    assert.equal(settled, false, 'the slow run outlived one lease');
    const stillRefused = await dryRun(b, 'default', '/quick.raw');
    assert.equal(stillRefused.statusCode, 429, stillRefused.body);

    const done = await held;
    assert.equal(done.statusCode, 200, done.body);
    assert.ok(Date.now() - started > LEASE_MS, 'the run took longer than its lease');
    // Given back before the answer: B's next dry run of the project runs at once.
    assert.equal(await store.dryRuns.live(), 0);
    const after = await dryRun(b, 'default', '/quick.raw');
    assert.equal(after.statusCode, 200, after.body);
    assert.equal(await store.dryRuns.live(), 0);
  });

  test('a client that goes away gives the slot back; the other replica then runs', async () => {
    await a.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = a.app.server.address() as AddressInfo;
    const abort = new AbortController();
    const token = await a.token('default', 'write');
    const gone = fetch(`http://127.0.0.1:${port}/v1/projects/default/compute/os/validate-image`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body('/stalled.raw')),
      signal: abort.signal,
    }).catch((error: unknown) => error);
    // The image server stalls this download and never ends it: only the client leaving can.
    await downloading('/stalled.raw');
    assert.equal((await dryRun(b, 'default', '/quick.raw')).statusCode, 429);
    abort.abort();
    assert.equal(((await gone) as Error).name, 'AbortError');
    await waitFor(async () => ((await store.dryRuns.live()) === 0 ? true : undefined), 'the slot back', 5000);
    const next = await dryRun(b, 'default', '/quick.raw');
    assert.equal(next.statusCode, 200, next.body);
  });

  test('a replica that died leaves a slot that lapses with its lease', async () => {
    // A slot as a killed replica leaves it: taken, never renewed, never released.
    const orphan = await store.dryRuns.take({
      id: 'orphan-slot',
      project: 'default',
      owner: 'replica-dead',
      leaseMs: LEASE_MS,
      perProjectLimit: 1,
    });
    assert.equal(orphan.taken, true);
    assert.equal((await dryRun(b, 'default', '/quick.raw')).statusCode, 429);
    await sleep(LEASE_MS + 100);
    const next = await dryRun(b, 'default', '/quick.raw');
    assert.equal(next.statusCode, 200, next.body);
    assert.equal(await store.dryRuns.release('orphan-slot'), false, 'the lapsed slot was swept');
  });
});
