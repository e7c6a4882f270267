import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OrchError } from '../../core/errors/index.js';
import { parseHostMetadata } from '../../core/host/host-rules.js';
import {
  CsvSyntaxError,
  errorsCsv,
  HOST_CSV_HEADER,
  importRowOf,
  parseHostCsv,
  readCsv,
} from './host-csv.js';

test("the header is EMF's, byte for byte", () => {
  assert.equal(
    HOST_CSV_HEADER,
    'Serial,UUID,OSProfile,Site,Secure,RemoteUser,Metadata,LVMSize,CloudInitMeta,K8sEnable,K8sClusterTemplate,K8sConfig,Error - do not fill\n',
  );
});

test('readCsv: quotes, doubled quotes, commas and line breaks in quotes, BOM, CRLF, blank lines; line numbers', () => {
  const text = '\ufeffa,b\r\n"x, y","say ""hi"""\r\n\r\n"two\nlines",z\nlast,';
  assert.deepEqual(readCsv(text), [
    { line: 1, fields: ['a', 'b'] },
    { line: 2, fields: ['x, y', 'say "hi"'] },
    { line: 4, fields: ['two\nlines', 'z'] },
    { line: 6, fields: ['last', ''] },
  ]);
  assert.throws(
    () => readCsv('a,b\n"open,\nmore\n'),
    (e: CsvSyntaxError) => e.line === 2 && /not closed/.test(e.message),
  );
  assert.throws(() => readCsv('a,b"c\n'), /line 1: a quote inside an unquoted field/);
});

test('parseHostCsv: every error of a row, with its field; good rows become hosts', () => {
  const rows = parseHostCsv(
    HOST_CSV_HEADER +
      'SN0001,4C4C4544-0035-5210-8036-B4C04F4A5331,"Ubuntu 22.04",site-1a2b3c4d,TRUE,,k1=v1&k2=v2,60,,false\n' +
      'bad!,not-a-uuid,,,maybe,,novalue,-1,,true\n' +
      ',,,,,,,,,,,,\n' +
      ',4c4c4544-0035-5210-8036-b4c04f4a5332,os-1a2b3c4d\n',
  );
  assert.equal(rows.length, 3, 'the row of bare commas is a blank line');
  assert.deepEqual(rows[0]!.host, {
    line: 2,
    osProfile: 'Ubuntu 22.04',
    serialNumber: 'SN0001',
    uuid: '4c4c4544-0035-5210-8036-b4c04f4a5331',
    site: 'site-1a2b3c4d',
    secure: true,
    metadata: [
      { key: 'k1', value: 'v1' },
      { key: 'k2', value: 'v2' },
    ],
    lvmSize: 60,
  });
  assert.deepEqual(importRowOf({ ...rows[0]!, host: rows[0]!.host! }), {
    line: 2,
    osProfile: 'Ubuntu 22.04',
    serialNumber: 'SN0001',
    uuid: '4c4c4544-0035-5210-8036-b4c04f4a5331',
    site: 'site-1a2b3c4d',
    secure: true,
    metadata: 'k1=v1&k2=v2',
    lvmSize: '60',
  });
  assert.equal(rows[1]!.host, undefined);
  assert.deepEqual(
    rows[1]!.errors.map((e) => e.field),
    ['Serial', 'UUID', 'OSProfile', 'Secure', 'Metadata', 'LVMSize', 'K8sEnable'],
  );
  assert.equal(rows[2]!.line, 5);
  assert.deepEqual(rows[2]!.errors, []);
});

test("parseHostCsv: a row's metadata is judged by core's rules, with core's code and message", () => {
  for (const text of ['novalue', 'Env=x', 'env=Lab', 'env=a&env=b', 'k=v&', `env=${'a'.repeat(64)}`]) {
    const [row] = parseHostCsv(`${HOST_CSV_HEADER}SN0001,,Ubuntu,,,,${text}\n`);
    let refused: OrchError | undefined;
    assert.throws(
      () => parseHostMetadata(text),
      (error) => (refused = error as OrchError) instanceof OrchError,
    );
    assert.equal(row!.host, undefined, text);
    assert.deepEqual(row!.errors, [{ code: refused!.code, field: 'Metadata', message: refused!.message }]);
  }
  const [good] = parseHostCsv(`${HOST_CSV_HEADER}SN0001,,Ubuntu,,,,example.com/rack=r-1&env=\n`);
  assert.deepEqual(good!.host?.metadata, parseHostMetadata('example.com/rack=r-1&env='));
  assert.deepEqual(good!.host?.metadata, [
    { key: 'example.com/rack', value: 'r-1' },
    { key: 'env', value: '' },
  ]);
});

test('parseHostCsv: a file without the header, or without rows, is not a host list', () => {
  assert.throws(() => parseHostCsv('Name,ResourceID\nx,y\n'), /line 1: the first line must be EMF's header/);
  assert.throws(() => parseHostCsv(HOST_CSV_HEADER), /no host rows after the header/);
  assert.throws(() => parseHostCsv(''), CsvSyntaxError);
  const short = parseHostCsv('Serial,UUID,OSProfile\nSN0001,,Ubuntu\n');
  assert.equal(short[0]!.host?.osProfile, 'Ubuntu', 'a header without the optional columns is accepted');
});

test('errorsCsv: the rows as written, the Error column filled, quoted where needed', () => {
  assert.equal(
    errorsCsv([{ fields: ['SN0001', '', 'Ubuntu, custom'], error: 'OS profile "Ubuntu, custom" not found' }]),
    `${HOST_CSV_HEADER}SN0001,,"Ubuntu, custom",,,,,,,,,,"OS profile ""Ubuntu, custom"" not found"\n`,
  );
});
