/**
 * The engine's seams: validateImage reads the image from whatever source `openSource` gives (a
 * local file here, as an image cache would), reports exactly what the origin over HTTPS gives,
 * and hands the hosted bytes to a tap as hosted.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { openFileImageSource, type ImageSourceRequest, type HostedTap } from '../../../src/image/index.js';
import type { ValidationReport } from '../../../src/image/validate/index.js';
import { fixtures, scratchLeftovers, serveVariants, validateServed } from './validate-harness.js';

let served: Awaited<ReturnType<typeof serveVariants>>;
let local: { path: string; sha256: string };

before(async () => {
  served = await serveVariants([['ubuntu', 'qcow2.zst']]);
  local = await fixtures.image('ubuntu', 'qcow2.zst');
});
after(async () => {
  await served.server.close();
  fixtures.remove();
});

/** A tap that keeps the hosted bytes, and what it was told. */
function memoryTap() {
  const hash = createHash('sha256');
  const state = { bytes: 0, committed: undefined as unknown, aborted: undefined as unknown };
  const tap: HostedTap = {
    write(chunk) {
      hash.update(chunk);
      state.bytes += chunk.byteLength;
    },
    async commit(summary) {
      state.committed = summary;
    },
    async abort(reason) {
      state.aborted = reason;
    },
  };
  return { tap, state, digest: () => hash.digest('hex') };
}

/** The report without its timing. */
const timeless = (report: ValidationReport) => ({ ...report, durationMs: 0 });

describe('validateImage with an injected image source and a hosted tap', () => {
  it('a local file stands in for the origin: same report, the tap gets the file as hosted', async () => {
    const origin = await validateServed(served, { variant: 'ubuntu', encoding: 'qcow2.zst' });
    assert.equal(origin.state, 'passed');
    const requests: ImageSourceRequest[] = [];
    const { tap, state, digest } = memoryTap();
    const asked = served.server.requests.length;
    const fromFile = await validateServed(served, {
      variant: 'ubuntu',
      encoding: 'qcow2.zst',
      options: {
        openSource: (request) => {
          requests.push(request);
          return openFileImageSource(local.path, request.signal ? { signal: request.signal } : {});
        },
        hostedTap: tap,
      },
    });
    assert.deepEqual(timeless(fromFile), timeless(origin));
    assert.equal(requests.length, 1);
    assert.equal(requests[0]!.url, served.server.url('/ubuntu.qcow2.zst'));
    assert.equal(requests[0]!.caPem, served.caPem);
    const hostedBytes = (await readFile(local.path)).byteLength;
    assert.deepEqual(state.committed, { sha256: local.sha256, hostedBytes });
    assert.equal(digest(), local.sha256);
    assert.equal(state.bytes, hostedBytes);
    assert.equal(state.aborted, undefined);
    assert.equal(served.server.requests.length, asked, 'the origin was never asked');
    assert.deepEqual(scratchLeftovers(), []);
  });

  it('a source that fails becomes source.reachable with its code; the tap is aborted', async () => {
    const { tap, state } = memoryTap();
    const before = served.server.requests.length;
    const report = await validateServed(served, {
      variant: 'ubuntu',
      encoding: 'qcow2.zst',
      options: { openSource: () => openFileImageSource(`${local.path}.missing`), hostedTap: tap },
    });
    const reachable = report.checks.find((c) => c.id === 'source.reachable')!;
    assert.equal(reachable.status, 'fail');
    assert.match(reachable.message, /^SOURCE_IO: cannot open the local image /);
    assert.equal(report.state, 'failed');
    assert.equal(state.committed, undefined);
    assert.ok(state.aborted, 'the tap was aborted');
    assert.equal(served.server.requests.length, before, 'the origin was never asked');
    assert.deepEqual(scratchLeftovers(), []);
  });
});
