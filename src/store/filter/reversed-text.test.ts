import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prefixRange, reverseCodePoints } from './reversed-text.js';

describe('reverseCodePoints', () => {
  it('reverses by code point and keeps surrogate pairs whole', () => {
    assert.equal(reverseCodePoints('bench-17'), '71-hcneb');
    assert.equal(reverseCodePoints('a😀b'), 'b😀a');
    assert.equal(reverseCodePoints(''), '');
  });
});

describe('prefixRange', () => {
  it('bounds every text that starts with the prefix', () => {
    assert.deepEqual(prefixRange('7'), { low: '7', high: '8' });
    assert.deepEqual(prefixRange('ab'), { low: 'ab', high: 'ac' });
  });

  it('skips the surrogate block and carries past U+10FFFF', () => {
    assert.deepEqual(prefixRange('x\u{d7ff}'), { low: 'x\u{d7ff}', high: 'x\u{e000}' });
    assert.deepEqual(prefixRange('a\u{10ffff}'), { low: 'a\u{10ffff}', high: 'b' });
    assert.deepEqual(prefixRange('\u{10ffff}'), { low: '\u{10ffff}', high: undefined });
  });

  it('agrees with code-point order on sampled texts', () => {
    const texts = ['7', '70', '7\u{10ffff}', '8', '6\u{10ffff}', '7😀', '\u{e000}', 'ab', 'ac', 'a'];
    const byCodePoint = (a: string, b: string) => {
      const x = Array.from(a, (c) => c.codePointAt(0)!);
      const y = Array.from(b, (c) => c.codePointAt(0)!);
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
      return x.length - y.length;
    };
    for (const prefix of ['7', 'a']) {
      const { low, high } = prefixRange(prefix);
      for (const text of texts) {
        const inRange = byCodePoint(text, low) >= 0 && (high === undefined || byCodePoint(text, high) < 0);
        assert.equal(inRange, text.startsWith(prefix), `${prefix} / ${JSON.stringify(text)}`);
      }
    }
  });
});
