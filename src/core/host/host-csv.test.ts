import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  HOST_CSV_HEADER,
  HOST_CSV_MAX_ROWS,
  csvCell,
  parseCsvBoolean,
  parseHostCsv,
  readCsvRecords,
} from './host-csv.js';

describe('EMF host CSV', () => {
  test('reads rows with their line numbers, quoted cells, CRLF, a BOM and blank lines', () => {
    const text =
      `\uFEFF${HOST_CSV_HEADER}\r\n` +
      'SN00001,,ubuntu-22.04,site-1,false,,a=1&b=2,10,,,,,\r\n' +
      '\r\n' +
      ' SN00002 ,4c4c4544-0042-3110-8051-b4c04f4d3233,"my, profile",,TRUE,admin,"x=""q""",,,,,,old error\n';
    const file = parseHostCsv(text);
    assert.ok(file.ok);
    assert.equal(file.rows.length, 2);
    assert.deepEqual(
      {
        line: file.rows[0]!.line,
        serial: file.rows[0]!.serial,
        lvm: file.rows[0]!.lvmSize,
        md: file.rows[0]!.metadata,
      },
      { line: 2, serial: 'SN00001', lvm: '10', md: 'a=1&b=2' },
    );
    const second = file.rows[1]!;
    assert.equal(second.line, 4);
    assert.equal(second.serial, 'SN00002');
    assert.equal(second.osProfile, 'my, profile');
    assert.equal(second.metadata, 'x="q"');
    assert.equal(second.secure, 'TRUE');
  });

  test('a quoted cell may span lines; the next row keeps its own line number', () => {
    const file = parseHostCsv(`${HOST_CSV_HEADER}\nS0001,,p,,,,"a=1\nb",,,,,,\nS0002,,p,,,,,,,,,,\n`);
    assert.ok(file.ok);
    assert.deepEqual(
      file.rows.map((r) => [r.line, r.serial]),
      [
        [2, 'S0001'],
        [4, 'S0002'],
      ],
    );
  });

  test('a header with only the first nine columns is enough; missing cells read as empty', () => {
    const header = HOST_CSV_HEADER.split(',').slice(0, 9).join(',');
    const file = parseHostCsv(`${header}\nS0001,,p\n`);
    assert.ok(file.ok);
    assert.equal(file.rows[0]!.site, '');
    assert.equal(file.rows[0]!.k8sConfig, '');
  });

  test('refusals name the line and what is wrong', () => {
    assert.deepEqual(parseHostCsv(''), {
      ok: false,
      line: 1,
      message: `the file is empty; its first line must be ${HOST_CSV_HEADER}`,
    });
    const wrong = parseHostCsv('Serial,UUID,Profile\n');
    assert.equal(wrong.ok, false);
    assert.match(
      !wrong.ok ? wrong.message : '',
      /^unknown column\(s\) "Profile"; missing column\(s\) OSProfile, Site,/,
    );
    const wide = parseHostCsv(`${HOST_CSV_HEADER}\n${'a,'.repeat(13)}a\n`);
    assert.deepEqual(wide, { ok: false, line: 2, message: 'line 2 has 14 cells; the header has 13' });
    const open = parseHostCsv(`${HOST_CSV_HEADER}\nS1,"never closed\n`);
    assert.deepEqual(open, { ok: false, line: 2, message: 'a quoted field is not closed' });
    const after = readCsvRecords('"a"b,c\n');
    assert.deepEqual(after, {
      line: 1,
      message: 'text after a closing quote (a quote inside a field is written "")',
    });
    assert.deepEqual(readCsvRecords('ok\nab"c,d\n'), {
      line: 2,
      message: 'a quote inside an unquoted field (quote the whole field and write "" inside)',
    });
  });

  test(`at most ${HOST_CSV_MAX_ROWS} rows`, () => {
    const body = Array.from(
      { length: HOST_CSV_MAX_ROWS + 1 },
      (_, i) => `S${String(i).padStart(5, '0')},,p`,
    ).join('\n');
    const file = parseHostCsv(`${HOST_CSV_HEADER}\n${body}\n`);
    assert.deepEqual(file, {
      ok: false,
      line: HOST_CSV_MAX_ROWS + 2,
      message: `at most ${HOST_CSV_MAX_ROWS} hosts per file`,
    });
  });

  test('booleans and writing a cell', () => {
    assert.equal(parseCsvBoolean('True'), true);
    assert.equal(parseCsvBoolean(''), false);
    assert.equal(parseCsvBoolean('yes'), undefined);
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,"b"'), '"a,""b"""');
    // Round trip: what csvCell writes, readCsvRecords reads back.
    const values = ['x', 'a,b', 'q"q', 'line\nbreak', ''];
    const back = readCsvRecords(values.map(csvCell).join(',') + '\n');
    assert.ok(Array.isArray(back));
    assert.deepEqual(back[0]!.cells, values);
  });
});
