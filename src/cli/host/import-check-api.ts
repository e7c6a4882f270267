import {
  HOST_IMPORT_MAX_ROWS,
  type HostImportCheckResult,
  type HostImportRow,
  type HostImportRowResult,
} from '../../api/host-import-schemas.js';
import type { ApiClient } from '../api-client/api-client.js';

/**
 * Asks orchd whether each row can be created (`POST …/hosts/import-check`: the profile exists
 * and has not failed validation, serial and UUID are free, Secure matches the profile),
 * {@link HOST_IMPORT_MAX_ROWS} rows a request. Returns orchd's verdict per line.
 */
export async function checkImport(
  client: ApiClient,
  project: string,
  rows: readonly HostImportRow[],
): Promise<Map<number, HostImportRowResult>> {
  const verdicts = new Map<number, HostImportRowResult>();
  for (let i = 0; i < rows.length; i += HOST_IMPORT_MAX_ROWS) {
    const chunk = rows.slice(i, i + HOST_IMPORT_MAX_ROWS);
    const answer = await client.request<HostImportCheckResult>(
      'POST',
      `/v1/projects/${encodeURIComponent(project)}/compute/hosts/import-check`,
      { body: { rows: chunk } },
    );
    for (const row of answer.rows) verdicts.set(row.line, row);
  }
  return verdicts;
}
