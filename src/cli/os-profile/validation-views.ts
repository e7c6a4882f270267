import { renderTable, type Column } from '../output/render-table.js';
import { terminalSafe } from '../output/terminal-text.js';
import type { ValidationCheck, ValidationProgress, ValidationResource } from './validation-api.js';

const CHECK_COLUMNS: readonly Column<ValidationCheck>[] = [
  { header: 'CHECK', value: (c) => c.id },
  { header: 'STATUS', value: (c) => c.status.toUpperCase() },
  { header: 'MESSAGE', value: (c) => c.message },
];

const BAR_WIDTH = 30;
const MIB = 1024 * 1024;

/** The checks as a table, then a verdict line (and the error of a run that stopped). */
export function renderValidation(view: ValidationResource, label: string): string {
  const table = view.report ? renderTable(CHECK_COLUMNS, view.report.checks) : '';
  const error = view.error ? `error: ${terminalSafe(`${view.error.code}: ${view.error.message}`)}\n` : '';
  return `${table}${error}${label}: validation ${view.state}\n`;
}

/**
 * One progress line: a bar when the hosted size is known, else the bytes so far. Stages after
 * the download (inspecting, checking) show the stage alone.
 */
export function progressLine(progress: ValidationProgress): string {
  const stage = terminalSafe(progress.stage).padEnd(11);
  const done = (progress.bytesDownloaded / MIB).toFixed(1);
  if (!progress.total) return `${stage} ${done} MiB`;
  const ratio = Math.min(1, progress.bytesDownloaded / progress.total);
  const filled = Math.round(ratio * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
  return `${stage} ${bar} ${String(Math.round(ratio * 100)).padStart(3)}% of ${(progress.total / MIB).toFixed(1)} MiB`;
}
