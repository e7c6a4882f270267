import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { loadTestCertificates, type TestCertificates } from '../tls/test-certificates.js';
import { startImageServer, type ImageServer } from './image-server.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  complete: boolean;
}

/** One GET/HEAD with node:https, trusting only the test CA; collects what arrives. */
function fetchRaw(
  url: string,
  ca: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers, method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      const finish = (): void =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks),
          complete: res.complete,
        });
      res.on('end', finish);
      res.on('error', finish);
    });
    req.on('error', reject);
    req.end();
  });
}

const content = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) & 0xff));

describe('test image server', () => {
  let certs: TestCertificates;
  let server: ImageServer;
  before(async () => {
    certs = await loadTestCertificates();
    server = await startImageServer({
      tls: certs.leaf,
      files: {
        '/a.raw': content,
        '/drop.raw': { content, faults: { dropAt: [100_000] } },
        '/norange.raw': { content, faults: { noRange: true } },
        '/changes.raw': {
          content,
          faults: { changeAfter: { requests: 1, content: content.subarray(0, 10) } },
        },
        '/flaky.raw': { content, faults: { status: 500, statusTimes: 1 } },
      },
    });
  });
  after(() => server.close());

  test('serves the whole body with validators and Accept-Ranges', async () => {
    const answer = await fetchRaw(server.url('/a.raw?x=1'), certs.ca.cert);
    assert.equal(answer.status, 200);
    assert.ok(answer.body.equals(content));
    assert.equal(answer.headers['accept-ranges'], 'bytes');
    assert.match(String(answer.headers.etag), /^"[0-9a-f]+-g0-/);
    assert.ok(answer.headers['last-modified']);
  });

  test('serves a range, honours If-Range, answers 416 past the end', async () => {
    const first = await fetchRaw(server.url('/a.raw'), certs.ca.cert, { range: 'bytes=1000-1999' });
    assert.equal(first.status, 206);
    assert.equal(first.headers['content-range'], `bytes 1000-1999/${content.length}`);
    assert.ok(first.body.equals(content.subarray(1000, 2000)));
    const etag = String(first.headers.etag);
    const same = await fetchRaw(server.url('/a.raw'), certs.ca.cert, { range: 'bytes=5-', 'if-range': etag });
    assert.equal(same.status, 206);
    const other = await fetchRaw(server.url('/a.raw'), certs.ca.cert, {
      range: 'bytes=5-',
      'if-range': '"x"',
    });
    assert.equal(other.status, 200);
    assert.equal(other.body.length, content.length);
    const past = await fetchRaw(server.url('/a.raw'), certs.ca.cert, { range: `bytes=${content.length}-` });
    assert.equal(past.status, 416);
  });

  test('drops the connection once at the given offset', async () => {
    const dropped = await fetchRaw(server.url('/drop.raw'), certs.ca.cert);
    assert.equal(dropped.complete, false);
    assert.equal(dropped.body.length, 100_000);
    const again = await fetchRaw(server.url('/drop.raw'), certs.ca.cert);
    assert.ok(again.body.equals(content));
    assert.deepEqual(
      server.requests.filter((r) => r.path === '/drop.raw').map((r) => r.outcome),
      ['dropped', 'complete'],
    );
  });

  test('without range support answers 200 to a range request', async () => {
    const answer = await fetchRaw(server.url('/norange.raw'), certs.ca.cert, { range: 'bytes=10-' });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['accept-ranges'], 'none');
    assert.equal(answer.body.length, content.length);
  });

  test('changes content and ETag after N requests; injects a status N times', async () => {
    const before = await fetchRaw(server.url('/changes.raw'), certs.ca.cert, {}, 'HEAD');
    const later = await fetchRaw(server.url('/changes.raw'), certs.ca.cert);
    assert.notEqual(before.headers.etag, later.headers.etag);
    assert.equal(later.body.length, 10);
    assert.equal((await fetchRaw(server.url('/flaky.raw'), certs.ca.cert)).status, 500);
    assert.equal((await fetchRaw(server.url('/flaky.raw'), certs.ca.cert)).status, 200);
    assert.equal((await fetchRaw(server.url('/missing'), certs.ca.cert)).status, 404);
  });
});
