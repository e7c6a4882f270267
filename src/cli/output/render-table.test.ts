import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderFields, renderTable } from './render-table.js';
import { renderJson, renderYaml } from './render-document.js';
import { parseOutputFormat } from './output-format.js';

const columns = [
  { header: 'NAME', value: (r: { n: string; id: string }) => r.n },
  { header: 'RESOURCE ID', value: (r: { n: string; id: string }) => r.id },
];

test('tables: plain aligned columns, no borders or colour, no trailing blanks', () => {
  assert.equal(
    renderTable(columns, [
      { n: 'Ubuntu 22.04', id: 'os-1' },
      { n: 'EMT', id: 'os-22' },
    ]),
    'NAME           RESOURCE ID\nUbuntu 22.04   os-1\nEMT            os-22\n',
  );
  assert.equal(renderTable(columns, []), 'NAME   RESOURCE ID\n');
});

test('fields: aligned key: value lines', () => {
  assert.equal(
    renderFields([
      ['Name', 'x'],
      ['Resource ID', 'os-1'],
      ['Empty', ''],
    ]),
    'Name:        x\nResource ID: os-1\nEmpty:\n',
  );
});

test('json and yaml print the value unchanged; -o accepts the four formats only', () => {
  const value = { a: 'x'.repeat(200), b: [1] };
  assert.deepEqual(JSON.parse(renderJson(value)), value);
  assert.ok(renderJson(value).endsWith('}\n'));
  assert.equal(renderYaml(value), `a: ${'x'.repeat(200)}\nb:\n  - 1\n`);
  assert.equal(parseOutputFormat('JSON'), 'json');
  assert.throws(
    () => parseOutputFormat('xml'),
    /-o\/--output must be one of table, wide, json, yaml, not "xml"/,
  );
});
