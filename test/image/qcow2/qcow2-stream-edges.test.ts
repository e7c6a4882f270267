/**
 * Stream behaviour at the edges: the input is drained after the last extent (so an upstream
 * checksum sees every byte), an early stop closes the input, a compressed cluster may run past
 * the end of the file, and an empty disk has no extents.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOrchError } from '../../../src/core/errors/index.js';
import { openQcow2 } from '../../../src/image/qcow2/open-qcow2.js';
import { decodeL1Entry, decodeL2Entry } from '../../../src/image/qcow2/qcow2-cluster-entry.js';
import { decodeQcow2Header } from '../../../src/image/qcow2/qcow2-header.js';
import { chunked, collectRaw, makeRawImage, oracleSha256, qemuImg, sha256 } from './qcow2-test-support.js';
import { byteFields } from '../../../src/image/binary/byte-fields.js';

/** Wraps a stream, counting the bytes pulled and whether it was closed early. */
function counted(source: AsyncIterable<Uint8Array>) {
  const state = { bytes: 0, closed: false };
  async function* wrap() {
    try {
      for await (const chunk of source) {
        state.bytes += chunk.length;
        yield chunk;
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, stream: wrap() };
}

/** The compressed cluster with the highest file offset, and its guest offset. */
function lastCompressed(file: Uint8Array) {
  const header = decodeQcow2Header(file.subarray(0, 65536));
  const l1 = byteFields(file.subarray(header.l1TableOffset, header.l1TableOffset + header.l1Size * 8));
  let last = { host: 0, length: 0, guest: 0 };
  for (let i = 0; i < header.l1Size; i++) {
    const l2Host = decodeL1Entry(l1, i, header, header.l1TableOffset);
    if (l2Host === 0) continue;
    const table = byteFields(file.subarray(l2Host, l2Host + header.clusterSize));
    for (let j = 0; j < header.clusterSize / 8; j++) {
      const m = decodeL2Entry(table, j, header, l2Host);
      const guest = (i * (header.clusterSize / 8) + j) * header.clusterSize;
      if (m.kind === 'compressed' && m.host > last.host) last = { host: m.host, length: m.length, guest };
    }
  }
  return last;
}

describe('qcow2 stream edges', () => {
  let dir: string;
  let plain: Uint8Array;
  let compressed: Uint8Array;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qcow2-edges-'));
    await writeFile(join(dir, 'source.raw'), makeRawImage(3));
    qemuImg('convert', '-f', 'raw', '-O', 'qcow2', join(dir, 'source.raw'), join(dir, 'plain.qcow2'));
    qemuImg('convert', '-c', '-f', 'raw', '-O', 'qcow2', join(dir, 'source.raw'), join(dir, 'c.qcow2'));
    plain = await readFile(join(dir, 'plain.qcow2'));
    compressed = await readFile(join(dir, 'c.qcow2'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('the whole input is consumed once the last extent is out', async () => {
    const { state, stream } = counted(chunked(plain, 11));
    const image = await openQcow2(stream);
    await collectRaw(image.extents, image.header.virtualSize);
    assert.equal(state.bytes, plain.length);
  });

  test('stopping early closes the input', async () => {
    const { state, stream } = counted(chunked(plain, 12));
    const image = await openQcow2(stream);
    for await (const extent of image.extents) if (extent.offset >= 0) break;
    assert.equal(state.closed, true);
    assert.ok(state.bytes < plain.length);
  });

  test('a refusal at open closes the input', async () => {
    const { state, stream } = counted(chunked(plain, 13));
    await assert.rejects(openQcow2(stream, { maxVirtualSize: 1 }), (e) => isOrchError(e, 'TARGET_TOO_SMALL'));
    assert.equal(state.closed, true);
  });

  test('a compressed cluster whose stored sectors run past the end of the file decodes (qemu reads zeros there)', async () => {
    const last = lastCompressed(compressed);
    const content = new Uint8Array(65536).fill(0x77);
    const deflated = deflateRawSync(content);
    assert.ok(deflated.length < last.length, 'the new stream ends before the stored range');
    const file = new Uint8Array(last.host + deflated.length);
    file.set(compressed.subarray(0, last.host));
    file.set(deflated, last.host);
    const path = join(dir, 'cut.qcow2');
    await writeFile(path, file);
    const expected = await oracleSha256(path, join(dir, 'cut.raw'));
    const image = await openQcow2(chunked(file, 14));
    const raw = await collectRaw(image.extents, image.header.virtualSize);
    assert.equal(sha256(raw), expected);
    const inDisk = raw.subarray(last.guest, last.guest + 65536);
    assert.deepEqual(inDisk, content.subarray(0, inDisk.length));

    const short = file.subarray(0, file.length - 4);
    await assert.rejects(
      convertAll(short),
      (e) => isOrchError(e, 'TRUNCATED') && /cannot be decompressed/.test(e.message),
    );
  });

  test('a zero-size disk has no extents', async () => {
    const path = join(dir, 'empty.qcow2');
    qemuImg('create', '-f', 'qcow2', path, '0');
    const image = await openQcow2(chunked(await readFile(path), 15));
    assert.equal(image.header.virtualSize, 0);
    assert.equal((await collectRaw(image.extents, 0)).length, 0);
  });
});

async function convertAll(bytes: Uint8Array): Promise<void> {
  const image = await openQcow2(chunked(bytes, 16));
  await collectRaw(image.extents, image.header.virtualSize);
}
