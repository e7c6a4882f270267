import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  canonicalName,
  hasInvisibleCharacter,
  hasMultiLineControl,
  hasSingleLineControl,
} from './text-characters.js';

test('single-line text refuses every C0, DEL and C1 control, tab and line breaks included', () => {
  for (const c of ['\u0000', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u009b'])
    assert.equal(hasSingleLineControl(`a${c}b`), true, JSON.stringify(c));
  assert.equal(hasSingleLineControl('Ubuntu 24.04 – café'), false);
});

test('multi-line text keeps tab, LF and CR and refuses NUL, ESC and the rest', () => {
  assert.equal(hasMultiLineControl('line one\r\n\tline two\n'), false);
  for (const c of ['\u0000', '\u0007', '\u000b', '\u000c', '\u001b', '\u007f', '\u0090'])
    assert.equal(hasMultiLineControl(`a${c}b`), true, JSON.stringify(c));
});

test('invisible and bidirectional characters are found in names', () => {
  for (const c of ['\u200b', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u202e', '\u2067', '\u200f'])
    assert.equal(hasInvisibleCharacter(`ubuntu${c}22`), true, JSON.stringify(c));
  assert.equal(hasInvisibleCharacter('ubuntu-22.04 日本'), false);
});

test('canonicalName is NFC: a decomposed accent equals the precomposed one', () => {
  assert.equal(canonicalName('cafe\u0301'), 'caf\u00e9');
  assert.equal(canonicalName('caf\u00e9'), 'caf\u00e9');
});
