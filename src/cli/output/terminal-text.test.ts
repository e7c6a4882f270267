import { test } from 'node:test';
import assert from 'node:assert/strict';
import { terminalSafe, terminalSafeLines } from './terminal-text.js';
import { renderFields, renderTable } from './render-table.js';

test('terminalSafe shows ESC, C1, DEL, NUL, CR and bidirectional overrides as escapes', () => {
  assert.equal(terminalSafe('a\u001b]0;pwned\u0007b'), 'a\\x1b]0;pwned\\x07b');
  assert.equal(terminalSafe('\u009b2J\u007f\u0000'), '\\x9b2J\\x7f\\x00');
  assert.equal(terminalSafe('evil\u202egnp.exe'), 'evil\\u202egnp.exe');
  assert.equal(terminalSafe('x\r\n\ty'), 'x\\r\\n\\ty');
});

test('terminalSafe keeps printable text, accents and emoji as they are', () => {
  const text = 'Ubuntu 22.04 – café ✓ 日本 🚀';
  assert.equal(terminalSafe(text), text);
});

test('terminalSafeLines keeps the line breaks of a multi-line message', () => {
  assert.equal(terminalSafeLines('one\u001b[2J\ntwo'), 'one\\x1b[2J\ntwo');
});

test('tables and field lists never print a raw control character of a value', () => {
  const table = renderTable([{ header: 'NAME', value: (r: string) => r }], ['ok', 'bad\u001b[31mred\nline']);
  // eslint-disable-next-line no-control-regex -- asserting no raw control character is printed
  assert.ok(!/[\u0000-\u0009\u000b-\u001f]/.test(table), table);
  assert.match(table, /bad\\x1b\[31mred\\nline/);
  const fields = renderFields([['Description', 'x\u001b]52;c;ZWNobw==\u0007']]);
  assert.equal(fields, 'Description: x\\x1b]52;c;ZWNobw==\\x07\n');
});
