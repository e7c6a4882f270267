/**
 * @module
 * EMF's host import CSV (orch-cli `create host --generate-csv` / `--import-from-csv`): the header,
 * an RFC 4180 reader (quoted fields, `""` inside quotes, CRLF or LF, a BOM), and each data row
 * read into named, trimmed cells with its line number. Pure: the console and orch-cli both read
 * files with it and orchd's import check judges the rows.
 */

/** EMF's columns, in its order. The last one is where orch-cli writes a failed row's error. */
export const HOST_CSV_COLUMNS = [
  'Serial',
  'UUID',
  'OSProfile',
  'Site',
  'Secure',
  'RemoteUser',
  'Metadata',
  'LVMSize',
  'CloudInitMeta',
  'K8sEnable',
  'K8sClusterTemplate',
  'K8sConfig',
  'Error - do not fill',
] as const;
export type HostCsvColumn = (typeof HOST_CSV_COLUMNS)[number];

/** The header line orch-cli writes (`--generate-csv`). */
export const HOST_CSV_HEADER = HOST_CSV_COLUMNS.join(',');

/** The most data rows one file may hold (a bound for browser and CLI alike). */
export const HOST_CSV_MAX_ROWS = 1000;

/** One data row: its 1-based line in the file and its cells by column ('' when absent). */
export interface HostCsvRow {
  readonly line: number;
  readonly serial: string;
  readonly uuid: string;
  readonly osProfile: string;
  readonly site: string;
  readonly secure: string;
  readonly remoteUser: string;
  readonly metadata: string;
  readonly lvmSize: string;
  readonly cloudInitMeta: string;
  readonly k8sEnable: string;
  readonly k8sClusterTemplate: string;
  readonly k8sConfig: string;
}

/** A file read: its rows, or why it cannot be read (with the line). */
export type HostCsvFile =
  | { readonly ok: true; readonly rows: readonly HostCsvRow[] }
  | { readonly ok: false; readonly line: number; readonly message: string };

const FIELD_OF: Readonly<Record<HostCsvColumn, keyof HostCsvRow | undefined>> = {
  Serial: 'serial',
  UUID: 'uuid',
  OSProfile: 'osProfile',
  Site: 'site',
  Secure: 'secure',
  RemoteUser: 'remoteUser',
  Metadata: 'metadata',
  LVMSize: 'lvmSize',
  CloudInitMeta: 'cloudInitMeta',
  K8sEnable: 'k8sEnable',
  K8sClusterTemplate: 'k8sClusterTemplate',
  K8sConfig: 'k8sConfig',
  'Error - do not fill': undefined,
};

/** One record of the CSV text: its cells and the line it starts on. */
export interface CsvRecord {
  readonly line: number;
  readonly cells: string[];
}

/**
 * Splits CSV text into records (RFC 4180). A quoted field may span lines; an unterminated quote,
 * text after a closing quote or a quote inside an unquoted field is refused with its line.
 */
export function readCsvRecords(text: string): CsvRecord[] | { line: number; message: string } {
  const records: CsvRecord[] = [];
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let line = 1;
  let cells: string[] = [];
  let cell = '';
  let start = 1;
  let i = 0;
  let quotedAt = 0;
  const endRecord = () => {
    cells.push(cell);
    records.push({ line: start, cells });
    cells = [];
    cell = '';
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '"' && cell === '' && quotedAt === 0) {
      quotedAt = line;
      i += 1;
      for (;;) {
        if (i >= src.length) return { line: quotedAt, message: 'a quoted field is not closed' };
        const q = src[i]!;
        if (q === '"' && src[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (q === '"') {
          i += 1;
          break;
        } else {
          if (q === '\n') line += 1;
          cell += q;
          i += 1;
        }
      }
      const next = src[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        return { line, message: 'text after a closing quote (a quote inside a field is written "")' };
      }
      continue;
    }
    if (ch === '"') {
      return {
        line,
        message: 'a quote inside an unquoted field (quote the whole field and write "" inside)',
      };
    }
    if (ch === ',') {
      cells.push(cell);
      cell = '';
      quotedAt = 0;
      i += 1;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      quotedAt = 0;
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line += 1;
      start = line;
    } else {
      cell += ch;
      i += 1;
    }
  }
  if (cell !== '' || cells.length > 0) endRecord();
  return records;
}

/**
 * Reads an EMF host CSV: the first line must be EMF's header (column names as orch-cli writes
 * them; `Error - do not fill` and the K8s columns may be left out), blank lines are skipped, a row
 * with more cells than the header is refused. Cells are trimmed.
 */
export function parseHostCsv(text: string): HostCsvFile {
  const records = readCsvRecords(text);
  if (!Array.isArray(records)) return { ok: false, ...records };
  const nonBlank = records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const header = nonBlank[0];
  if (!header)
    return { ok: false, line: 1, message: `the file is empty; its first line must be ${HOST_CSV_HEADER}` };
  const names = header.cells.map((c) => c.trim());
  const known = HOST_CSV_COLUMNS as readonly string[];
  const unknown = names.filter((n) => !known.includes(n));
  const missing = HOST_CSV_COLUMNS.slice(0, 9).filter((c) => !names.includes(c));
  if (unknown.length > 0 || missing.length > 0) {
    const what = [
      unknown.length ? `unknown column(s) ${unknown.map((n) => `"${n}"`).join(', ')}` : '',
      missing.length ? `missing column(s) ${missing.join(', ')}` : '',
    ].filter(Boolean);
    return {
      ok: false,
      line: header.line,
      message: `${what.join('; ')}: the header must be ${HOST_CSV_HEADER}`,
    };
  }
  const rows: HostCsvRow[] = [];
  for (const record of nonBlank.slice(1)) {
    if (record.cells.length > names.length) {
      return {
        ok: false,
        line: record.line,
        message: `line ${record.line} has ${record.cells.length} cells; the header has ${names.length}`,
      };
    }
    if (rows.length === HOST_CSV_MAX_ROWS) {
      return { ok: false, line: record.line, message: `at most ${HOST_CSV_MAX_ROWS} hosts per file` };
    }
    const row: Record<string, string | number> = { line: record.line };
    for (const field of Object.values(FIELD_OF)) if (field && field !== 'line') row[field] = '';
    names.forEach((name, index) => {
      const field = FIELD_OF[name as HostCsvColumn];
      if (field && field !== 'line') row[field] = (record.cells[index] ?? '').trim();
    });
    rows.push(row as unknown as HostCsvRow);
  }
  return { ok: true, rows };
}

/** A cell `true`/`false` (any case); '' is false; anything else undefined. */
export function parseCsvBoolean(cell: string): boolean | undefined {
  const word = cell.trim().toLowerCase();
  if (word === '' || word === 'false') return false;
  if (word === 'true') return true;
  return undefined;
}

/** Writes one CSV cell, quoted when it holds a comma, quote or line break. */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
