// Attack: orchd fetched any host and port a tenant named, followed redirects anywhere (sending
// Basic auth from a Location's userinfo), and echoed the first bytes of what answered. Each case
// runs the real image source against real HTTPS servers on loopback addresses.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isOrchError } from '../../src/core/errors/index.js';
import { createImageSource } from '../../src/image/source/index.js';
import { destinationPolicy, type DestinationRules } from '../../src/image/source/destination-policy.js';
import type { LookupAll } from '../../src/image/source/open-connection.js';
import { startImageServer, type ImageServer } from '../support/https-server/image-server.js';
import { loadTestCertificates, type TestCertificates } from '../support/tls/test-certificates.js';
import { drain, seededBytes } from '../image/source/source-test-kit.js';

const image = seededBytes(64 * 1024, 11);

describe('image destinations', () => {
  let certs: TestCertificates;
  let origin: ImageServer;
  let internal: ImageServer;
  before(async () => {
    certs = await loadTestCertificates();
    // "internal" stands for a service on orchd's own host that a tenant must never reach.
    internal = await startImageServer({
      tls: certs.leaf,
      files: { '/secret': Buffer.from('db_password=hunter2\n') },
    });
    origin = await startImageServer({
      tls: certs.leaf,
      files: { '/img.raw': image },
      redirects: { '/to-internal': internal.url('/secret', '127.0.0.2') },
    });
  });
  after(async () => {
    await origin?.close();
    await internal?.close();
  });

  const fetchWith = (url: string, rules: DestinationRules, lookup?: LookupAll) =>
    drain(
      createImageSource(url, {
        caPem: certs.leaf.cert,
        env: {},
        maxAttempts: 1,
        destinationPolicy: destinationPolicy(rules),
        ...(lookup ? { lookup } : {}),
      }).stream(),
    );
  const denied = async (work: Promise<unknown>) => {
    await assert.rejects(work, (error) => {
      assert.ok(isOrchError(error, 'DESTINATION_DENIED'), String(error));
      assert.doesNotMatch(error.message, /127\.|hunter2|refused|secret/);
      return true;
    });
  };

  test('loopback by address and by name is refused before any connection', async () => {
    const before = internal.connections;
    await denied(fetchWith(internal.url('/secret'), {}));
    await denied(fetchWith(internal.url('/secret', 'localhost'), {}));
    assert.equal(internal.connections, before, 'no TCP connection reached the internal service');
  });

  test('an allowed destination is fetched, with the connection going to the judged address', async () => {
    const seen: string[] = [];
    const lookup: LookupAll = async (host) => (seen.push(host), ['127.0.0.1']);
    const bytes = await fetchWith(
      origin.url('/img.raw', 'localhost'),
      { allowCidrs: ['127.0.0.1/32'] },
      lookup,
    );
    assert.equal(Buffer.compare(bytes, image), 0);
    assert.deepEqual([...new Set(seen)], ['localhost']);
  });

  test('a name resolving to an allowed and a denied address (rebinding) is refused', async () => {
    const before = internal.connections + origin.connections;
    const lookup: LookupAll = async () => ['127.0.0.1', '127.0.0.2'];
    await denied(fetchWith(origin.url('/img.raw', 'localhost'), { allowCidrs: ['127.0.0.1/32'] }, lookup));
    assert.equal(internal.connections + origin.connections, before);
  });

  test('a redirect to a denied address is refused at the hop, and nothing reaches it', async () => {
    const before = internal.connections;
    await denied(fetchWith(origin.url('/to-internal'), { allowCidrs: ['127.0.0.1/32'] }));
    assert.equal(internal.connections, before);
  });

  test('a port outside the allowed ports is refused', async () => {
    await denied(fetchWith(origin.url('/img.raw'), { allowCidrs: ['127.0.0.1/32'], allowPorts: [443] }));
  });

  test("userinfo in a Location is stripped: no Basic auth of the redirecting server's choosing", async () => {
    const target = `https://attacker:chosen@127.0.0.1:${origin.port}/img.raw`;
    const server = await startImageServer({ tls: certs.leaf, files: {}, redirects: { '/go': target } });
    try {
      const bytes = await fetchWith(server.url('/go'), { allowCidrs: ['127.0.0.1/32'] });
      assert.equal(Buffer.compare(bytes, image), 0);
      const followed = origin.requests.filter((r) => r.path === '/img.raw').at(-1);
      assert.equal(followed?.authorization, undefined);
    } finally {
      await server.close();
    }
  });

  test("a text body is named as text, never echoed (an internal service's secrets stay unsaid)", async () => {
    const { sniff } = await import('../../src/image/codec/sniff.js');
    const bytes = await fetchWith(internal.url('/secret'), { allowCidrs: ['127.0.0.1/32'] });
    assert.throws(
      () => sniff(bytes, {}),
      (error) => isOrchError(error, 'UNSUPPORTED_FORMAT') && !/hunter2|db_password/.test(error.message),
    );
  });
});
