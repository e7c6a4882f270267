import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { isOrchError } from '../../core/errors/index.js';
import { createHashingTap } from './hashing-tap.js';
import { keepOpen } from './keep-open.js';
import { peekHead } from './peek-head.js';
import { parseSha256, verifySha256 } from './sha256-check.js';

async function* pieces(...chunks: string[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield Buffer.from(chunk);
}

async function text(stream: AsyncIterable<Uint8Array>): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += Buffer.from(chunk).toString();
  return out;
}

describe('peekHead', () => {
  test('returns at least the asked bytes and replays the whole stream', async () => {
    const peeked = await peekHead(pieces('ab', 'cd', 'ef', 'gh'), 3);
    assert.equal(Buffer.from(peeked.head).toString(), 'abcd');
    assert.equal(peeked.ended, false);
    assert.equal(await text(peeked.stream), 'abcdefgh');
  });

  test('a stream shorter than the head is returned whole and marked ended', async () => {
    const peeked = await peekHead(pieces('ab'), 10);
    assert.equal(Buffer.from(peeked.head).toString(), 'ab');
    assert.equal(peeked.ended, true);
    assert.equal(await text(peeked.stream), 'ab');
  });
});

describe('hashing tap', () => {
  test('hashes and counts every byte that passes', async () => {
    const seen: number[] = [];
    const tap = createHashingTap(pieces('hello ', 'world'), (n) => seen.push(n));
    assert.equal(await text(tap.stream), 'hello world');
    assert.equal(tap.ended(), true);
    assert.equal(tap.bytes(), 11);
    assert.deepEqual(seen, [6, 11]);
    assert.equal(tap.digest(), createHash('sha256').update('hello world').digest('hex'));
  });
});

describe('keepOpen', () => {
  test('an early return by a consumer does not end the stream; drain reads the rest', async () => {
    let pulled = 0;
    async function* counted(): AsyncGenerator<Uint8Array> {
      for (const c of ['a', 'b', 'c']) {
        pulled += 1;
        yield Buffer.from(c);
      }
    }
    const kept = keepOpen(counted());
    for await (const chunk of kept.stream) {
      assert.equal(Buffer.from(chunk).toString(), 'a');
      break;
    }
    await kept.drain();
    assert.equal(pulled, 3);
  });

  test('close ends the underlying stream', async () => {
    let closed = false;
    async function* endless(): AsyncGenerator<Uint8Array> {
      try {
        for (;;) yield Buffer.from('x');
      } finally {
        closed = true;
      }
    }
    const kept = keepOpen(endless());
    await kept.stream[Symbol.asyncIterator]().next();
    await kept.close();
    assert.equal(closed, true);
  });
});

describe('sha256 check', () => {
  const digest = createHash('sha256').update('x').digest('hex');

  test('accepts upper case and surrounding spaces', () => {
    assert.equal(parseSha256(` ${digest.toUpperCase()}\n`), digest);
  });

  test('refuses what is not a sha256', () => {
    assert.throws(
      () => parseSha256('abc'),
      (e) => isOrchError(e, 'InvalidArgument') && /64 hex/.test(e.message),
    );
  });

  test('a mismatch names both digests', () => {
    const other = 'f'.repeat(64);
    assert.throws(
      () => verifySha256(other, digest, 1),
      (e) =>
        isOrchError(e, 'CHECKSUM_MISMATCH') &&
        e.message.includes(other) &&
        e.message.includes(digest) &&
        e.details?.expected === other &&
        e.details?.actual === digest,
    );
  });
});
