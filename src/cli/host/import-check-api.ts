import type { ApiClient } from '../api-client/api-client.js';
import type { HostCsvRow, RowError } from './host-csv.js';

/** orchd's verdict on one row. */
export interface ImportCheckRow {
  readonly line: number;
  readonly ok: boolean;
  readonly errors: readonly RowError[];
}

/** `POST …/hosts/import-check`'s answer. */
export interface ImportCheckResult {
  readonly rows: readonly ImportCheckRow[];
  readonly okCount: number;
  readonly failedCount: number;
}

/** Rows per request: orchd's limit. */
export const IMPORT_CHECK_MAX_ROWS = 10_000;

/**
 * Asks orchd whether each row can be created (profile exists and has not failed validation,
 * serial and UUID free, Secure matching the profile), {@link IMPORT_CHECK_MAX_ROWS} rows a request.
 */
export async function checkImport(
  client: ApiClient,
  project: string,
  rows: readonly HostCsvRow[],
): Promise<Map<number, ImportCheckRow>> {
  const verdicts = new Map<number, ImportCheckRow>();
  for (let i = 0; i < rows.length; i += IMPORT_CHECK_MAX_ROWS) {
    const chunk = rows.slice(i, i + IMPORT_CHECK_MAX_ROWS);
    const answer = await client.request<ImportCheckResult>(
      'POST',
      `/v1/projects/${encodeURIComponent(project)}/compute/hosts/import-check`,
      { body: { rows: chunk } },
    );
    for (const row of answer.rows) verdicts.set(row.line, row);
  }
  return verdicts;
}
