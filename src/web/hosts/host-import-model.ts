import { parseCsvBoolean, parseHostCsv, type HostCsvRow } from '../../core/host/host-csv.js';
import type { HostImportRow, HostImportRowResult } from '../api/api-types.js';
import { EMPTY_REGISTER_FORM, type RegisterFormValues } from './host-register-model.js';

/** One row of the preview: what the file said and what orchd's dry run (and the browser) found. */
export interface PreviewRow {
  readonly csv: HostCsvRow;
  readonly result: HostImportRowResult;
}

/** A file read for the preview: the rows to send to the dry run, or why the file is unreadable. */
export type ReadFile =
  | {
      readonly ok: true;
      readonly csv: readonly HostCsvRow[];
      readonly check: HostImportRow[];
      readonly local: ReadonlyMap<number, HostImportRowResult>;
    }
  | { readonly ok: false; readonly line: number; readonly message: string };

/** The K8s columns edge-orch does not act on (it creates no clusters). */
const K8S_NOTE = 'K8sEnable, K8sClusterTemplate and K8sConfig are ignored: edge-orch creates no clusters';

/**
 * Reads EMF's CSV with core's reader into the dry run's rows. What only the browser can judge
 * (a Secure cell that is not true or false) becomes the row's own error; every other rule is
 * orchd's (`POST …/hosts/import-check`).
 */
export function readImportFile(text: string): ReadFile {
  const file = parseHostCsv(text);
  if (!file.ok) return file;
  const local = new Map<number, HostImportRowResult>();
  const check = file.rows.map((row): HostImportRow => {
    const secure = parseCsvBoolean(row.secure);
    const notes = row.k8sEnable || row.k8sClusterTemplate || row.k8sConfig ? [K8S_NOTE] : [];
    if (secure === undefined || notes.length > 0) {
      local.set(row.line, {
        line: row.line,
        ok: secure !== undefined,
        errors:
          secure === undefined
            ? [
                {
                  code: 'InvalidArgument',
                  field: 'secure',
                  message: `Secure "${row.secure.slice(0, 20)}" must be true or false`,
                },
              ]
            : [],
        notes,
      });
    }
    const optional = (key: keyof HostImportRow, value: string) => (value ? { [key]: value } : {});
    return {
      line: row.line,
      osProfile: row.osProfile,
      ...optional('serialNumber', row.serial),
      ...optional('uuid', row.uuid),
      ...optional('site', row.site),
      ...(secure !== undefined ? { secure } : {}),
      ...optional('remoteUser', row.remoteUser),
      ...optional('metadata', row.metadata),
      ...optional('lvmSize', row.lvmSize),
      ...optional('cloudInitMeta', row.cloudInitMeta),
    };
  });
  return { ok: true, csv: file.rows, check, local };
}

/** orchd's verdicts joined with the browser's, one per CSV row, in file order. */
export function previewRows(
  csv: readonly HostCsvRow[],
  server: readonly HostImportRowResult[],
  local: ReadonlyMap<number, HostImportRowResult>,
): PreviewRow[] {
  const byLine = new Map(server.map((r) => [r.line, r]));
  return csv.map((row) => {
    const remote = byLine.get(row.line) ?? { line: row.line, ok: true, errors: [], notes: [] };
    const mine = local.get(row.line);
    const errors = [...(mine?.errors ?? []), ...remote.errors];
    return {
      csv: row,
      result: {
        line: row.line,
        ok: errors.length === 0,
        errors,
        notes: [...remote.notes, ...(mine?.notes ?? [])],
      },
    };
  });
}

/**
 * The register form's values of a CSV row, once its profile and site are resolved to ids:
 * onboarded automatically, as orch-cli's import registers hosts.
 */
export function rowValues(row: HostCsvRow, osProfile: string, site: string): RegisterFormValues {
  return {
    ...EMPTY_REGISTER_FORM,
    serialNumber: row.serial,
    uuid: row.uuid,
    osProfile,
    site,
    metadata: row.metadata,
    secure: parseCsvBoolean(row.secure) ?? false,
    autoOnboard: true,
    userLvmSize: row.lvmSize,
  };
}

/** An AIP-160 string literal (quotes and backslashes escaped). */
export const quoted = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
