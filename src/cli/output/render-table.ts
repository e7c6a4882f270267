import Table from 'cli-table3';
import { terminalSafe } from './terminal-text.js';

/** One column: its header and how a row fills it. */
export interface Column<T> {
  readonly header: string;
  readonly value: (row: T) => string;
}

/** No borders: columns separated by spaces, like most operator tools print lists. */
const PLAIN_CHARS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '   ',
};

/**
 * A plain table of `rows` under `columns`' headers (no colour, no borders), each line without
 * trailing blanks, ending in a newline. An empty list prints only the headers. Cells are
 * {@link terminalSafe}: a value never brings a control character to the terminal.
 */
export function renderTable<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  const table = new Table({
    head: columns.map((c) => c.header),
    chars: PLAIN_CHARS,
    style: { 'padding-left': 0, 'padding-right': 0, head: [], border: [] },
  });
  for (const row of rows) table.push(columns.map((c) => terminalSafe(c.value(row))));
  return `${table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')}\n`;
}

/** `key: value` lines with the keys aligned, for one resource shown in full; values {@link terminalSafe}. */
export function renderFields(fields: readonly (readonly [string, string])[]): string {
  const width = Math.max(0, ...fields.map(([key]) => key.length)) + 1;
  return fields
    .map(([key, value]) => `${`${key}:`.padEnd(width)} ${terminalSafe(value)}`.trimEnd() + '\n')
    .join('');
}
