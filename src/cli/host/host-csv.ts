/**
 * @module
 * EMF's host CSV (`create host --generate-csv / --import-from-csv`): the header, a CSV reader
 * (RFC 4180 quoting, a BOM, CRLF or LF), the rows read into hosts with per-row errors that name
 * the line, and the errors file written back with the Error column filled. Pure: no I/O.
 */

import type { HostImportRow } from '../../api/host-import-schemas.js';
import { OrchError } from '../../core/errors/index.js';
import { csvCell, HOST_CSV_COLUMNS, readCsvRecords } from '../../core/host/host-csv.js';
import { parseHostMetadata, SERIAL_NUMBER_PATTERN, UUID_PATTERN } from '../../core/host/host-rules.js';
import type { MetadataItem } from '../../core/host/host-types.js';

export { HOST_CSV_COLUMNS };

/** The header line `--generate-csv` writes, exactly as EMF's orch-cli writes it. */
export const HOST_CSV_HEADER = `${HOST_CSV_COLUMNS.join(',')}\n`;

/** One record of a CSV file and the line it starts on (1-based). */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

/** A CSV file that cannot be read as CSV at all (exit 2). */
export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/**
 * Reads CSV text with core's RFC 4180 reader (the console's too): `"…"` quoting with `""` for a
 * quote, commas and line breaks inside quotes, a BOM dropped, CRLF or LF. Empty lines are left
 * out; text that is not CSV is a {@link CsvSyntaxError} naming the line.
 */
export function readCsv(text: string): CsvRecord[] {
  const records = readCsvRecords(text);
  if (!Array.isArray(records)) throw new CsvSyntaxError(records.line, records.message);
  return records
    .filter((record) => record.cells.length > 1 || record.cells[0] !== '')
    .map((record) => ({ line: record.line, fields: record.cells }));
}

/** A field of a CSV file written back: quoted when it holds a comma, quote or line break. */
export const csvField = csvCell;

/** One host a CSV row asks for (the dry run sends these to orchd). */
export interface HostCsvRow {
  readonly line: number;
  readonly serialNumber?: string;
  readonly uuid?: string;
  readonly osProfile: string;
  readonly site?: string;
  readonly secure?: boolean;
  readonly remoteUser?: string;
  readonly metadata?: { key: string; value: string }[];
  readonly lvmSize?: number;
  readonly cloudInitMeta?: string;
}

/** Why a row cannot be used, as orchd's import check words it too. */
export interface RowError {
  readonly code: string;
  readonly field?: string;
  readonly message: string;
}

/** A row of the file: what was read and, when it is wrong, why. */
export interface ParsedRow {
  readonly line: number;
  /** The row's fields as written (for the errors file). */
  readonly fields: readonly string[];
  readonly host?: HostCsvRow;
  readonly errors: readonly RowError[];
}

/**
 * EMF's metadata text `key1=value1&key2=value2` as pairs, or the refusal (its code and message)
 * orchd gives the same text: core's {@link parseHostMetadata} holds the rules for both.
 */
export function parseMetadataPairs(text: string): MetadataItem[] | OrchError {
  try {
    return parseHostMetadata(text);
  } catch (error) {
    if (error instanceof OrchError) return error;
    throw error;
  }
}

const bad = (code: string, field: string, message: string): RowError => ({ code, field, message });

/** Reads one data record into a host, collecting every error of the row (not only the first). */
export function parseHostRow(record: CsvRecord): ParsedRow {
  const f = (i: number) => (record.fields[i] ?? '').trim();
  const errors: RowError[] = [];
  const [serial, uuid, osProfile, site, secure, remoteUser, metadataText, lvm, cloudInitMeta, k8s] = [
    f(0),
    f(1),
    f(2),
    f(3),
    f(4),
    f(5),
    f(6),
    f(7),
    f(8),
    f(9),
  ];
  if (record.fields.length > HOST_CSV_COLUMNS.length) {
    errors.push(
      bad(
        'InvalidArgument',
        'row',
        `${record.fields.length} fields; EMF's file has ${HOST_CSV_COLUMNS.length}`,
      ),
    );
  }
  if (!serial && !uuid) errors.push(bad('InvalidArgument', 'Serial', 'either UUID or Serial must be set'));
  if (serial && !SERIAL_NUMBER_PATTERN.test(serial))
    errors.push(
      bad('InvalidArgument', 'Serial', `"${serial}" is not a serial number (5 to 20 letters and digits)`),
    );
  if (uuid && !UUID_PATTERN.test(uuid))
    errors.push(bad('InvalidArgument', 'UUID', `"${uuid}" is not a UUID`));
  if (!osProfile)
    errors.push(bad('InvalidArgument', 'OSProfile', 'OSProfile is required (a profile name or id)'));
  const secureWord = secure.toLowerCase();
  if (secureWord !== '' && secureWord !== 'true' && secureWord !== 'false')
    errors.push(bad('InvalidArgument', 'Secure', `Secure must be true or false, not "${secure}"`));
  const metadata = parseMetadataPairs(metadataText);
  if (metadata instanceof OrchError) errors.push(bad(metadata.code, 'Metadata', metadata.message));
  if (lvm && !/^\d{1,6}$/.test(lvm))
    errors.push(bad('InvalidArgument', 'LVMSize', `LVMSize must be a whole number of GB, not "${lvm}"`));
  if (k8s && k8s.toLowerCase() !== 'false')
    errors.push(
      bad('Unimplemented', 'K8sEnable', 'cluster deployment (K8sEnable) is not supported by edge-orch'),
    );
  const base = { line: record.line, fields: record.fields };
  if (errors.length > 0) return { ...base, errors };
  const host: HostCsvRow = {
    line: record.line,
    osProfile,
    ...(serial ? { serialNumber: serial } : {}),
    ...(uuid ? { uuid: uuid.toLowerCase() } : {}),
    ...(site ? { site } : {}),
    ...(secureWord ? { secure: secureWord === 'true' } : {}),
    ...(remoteUser ? { remoteUser } : {}),
    ...(!(metadata instanceof OrchError) && metadata.length > 0 ? { metadata } : {}),
    ...(lvm ? { lvmSize: Number(lvm) } : {}),
    ...(cloudInitMeta ? { cloudInitMeta } : {}),
  };
  return { ...base, host, errors };
}

/** Whether a record is EMF's header (with or without the Error column; case and blanks ignored). */
function isHeader(fields: readonly string[]): boolean {
  const norm = (s: string) => s.trim().toLowerCase();
  const expected = HOST_CSV_COLUMNS.map(norm);
  const got = fields.map(norm);
  while (got.length > 0 && got[got.length - 1] === '') got.pop();
  return got.length >= 3 && got.length <= expected.length && got.every((name, i) => name === expected[i]);
}

/**
 * The rows of an EMF host CSV. The first record must be EMF's header (else a
 * {@link CsvSyntaxError}: the file is not a host list); each other record is read with
 * {@link parseHostRow}. A file with no rows is an error too.
 */
export function parseHostCsv(text: string): ParsedRow[] {
  const records = readCsv(text);
  const [header, ...rows] = records;
  if (!header || !isHeader(header.fields)) {
    throw new CsvSyntaxError(
      header?.line ?? 1,
      `the first line must be EMF's header: ${HOST_CSV_HEADER.trim()}`,
    );
  }
  // Spreadsheets end files with rows of bare commas: those are blank lines too.
  const filled = rows.filter((r) => r.fields.some((field) => field.trim() !== ''));
  if (filled.length === 0) throw new CsvSyntaxError(header.line, 'no host rows after the header');
  return filled.map(parseHostRow);
}

/**
 * The row as orchd's import check takes it (src/api's HostImportRow): the columns as written,
 * trimmed, Secure as a boolean; empty columns left out.
 */
export function importRowOf(row: ParsedRow & { host: HostCsvRow }): HostImportRow {
  const raw = (i: number) => (row.fields[i] ?? '').trim();
  const h = row.host;
  return {
    line: row.line,
    osProfile: h.osProfile,
    ...(h.serialNumber ? { serialNumber: h.serialNumber } : {}),
    ...(h.uuid ? { uuid: h.uuid } : {}),
    ...(h.site ? { site: h.site } : {}),
    ...(h.secure !== undefined ? { secure: h.secure } : {}),
    ...(h.remoteUser ? { remoteUser: h.remoteUser } : {}),
    ...(raw(6) ? { metadata: raw(6) } : {}),
    ...(raw(7) ? { lvmSize: raw(7) } : {}),
    ...(h.cloudInitMeta ? { cloudInitMeta: h.cloudInitMeta } : {}),
  };
}

/** A row's errors as the Error column says them: `Field: message; …`. */
export const errorText = (errors: readonly RowError[]): string => errors.map((e) => e.message).join('; ');

/**
 * The errors file: EMF's header, then each failed row as it was written with the Error column
 * filled, so the operator can fix the rows and import this file again.
 */
export function errorsCsv(rows: readonly { fields: readonly string[]; error: string }[]): string {
  const width = HOST_CSV_COLUMNS.length - 1;
  const lines = rows.map(({ fields, error }) => {
    const cells = Array.from({ length: width }, (_, i) => fields[i] ?? '');
    return [...cells, error].map(csvField).join(',');
  });
  return HOST_CSV_HEADER + lines.map((l) => `${l}\n`).join('');
}
