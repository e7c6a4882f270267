import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { CliError, EXIT, usageError } from '../../cli-error.js';
import { createHost } from '../../host/create-host.js';
import {
  CsvSyntaxError,
  errorsCsv,
  errorText,
  HOST_CSV_HEADER,
  importRowOf,
  parseHostCsv,
  type HostCsvRow,
  type RowError,
} from '../../host/host-csv.js';
import { hostLabel } from '../../host/host-views.js';
import { checkImport } from '../../host/import-check-api.js';
import type { OutputFormat } from '../../output/output-format.js';
import { renderJson, renderYaml } from '../../output/render-document.js';
import { terminalSafe } from '../../output/terminal-text.js';

/** `--generate-csv[=file]`: EMF's header in a new file (an existing file is left alone). */
export async function generateCsv(ctx: CliContext, path: string): Promise<void> {
  try {
    await writeFile(path, HOST_CSV_HEADER, { flag: 'wx' });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const why = e.code === 'EEXIST' ? 'it exists already (remove it or name another file)' : e.message;
    throw new CliError(`cannot write ${path}: ${why}`, EXIT.usage);
  }
  ctx.io.stdout(
    `${path} written: one host per line, then check it with: orch-cli create host --import-from-csv ${path} --dry-run\n`,
  );
}

/** `hosts.csv` → `hosts.errors.csv` (any other name gets `.errors.csv` appended). */
export const errorsFileOf = (path: string): string => `${path.replace(/\.csv$/i, '')}.errors.csv`;

/** What happened to one row. */
interface RowOutcome {
  readonly line: number;
  readonly fields: readonly string[];
  readonly ok: boolean;
  readonly errors: readonly RowError[];
  readonly hostId?: string;
  readonly message?: string;
}

async function readRows(path: string) {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`, EXIT.usage);
  }
  try {
    return parseHostCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw usageError(`${path} ${error.message}`);
    throw error;
  }
}

const spec = (row: HostCsvRow) => ({
  serialNumber: row.serialNumber,
  uuid: row.uuid,
  osProfile: row.osProfile,
  site: row.site,
  secure: row.secure,
  metadata: row.metadata,
  lvmSize: row.lvmSize,
});

/**
 * `--import-from-csv f.csv [--dry-run]`. The file is read (a file that is not EMF's CSV exits 2),
 * each row checked locally, then every readable row checked by orchd (`…/hosts/import-check`).
 * A dry run stops there; an import creates the rows that passed, one after another, printing one
 * line per host. Failed rows go to `f.errors.csv` with the Error column filled; exit 1 when any.
 */
export async function importCsv(
  ctx: CliContext,
  command: Command,
  path: string,
  options: { dryRun: boolean; output: OutputFormat },
): Promise<void> {
  const parsed = await readRows(path);
  const { client, settings } = await ctx.client(command);
  const readable = parsed.flatMap((row) =>
    row.host && row.errors.length === 0 ? [importRowOf({ ...row, host: row.host })] : [],
  );
  const verdicts = readable.length > 0 ? await checkImport(client, settings.project, readable) : new Map();
  const table = options.output === 'table' || options.output === 'wide';
  const say = (line: string) => table && ctx.io.stdout(`${terminalSafe(line)}\n`);
  const outcomes: RowOutcome[] = [];
  for (const row of parsed) {
    const verdict = row.host ? verdicts.get(row.line) : undefined;
    if (options.output === 'table' || options.output === 'wide')
      for (const note of verdict?.notes ?? [])
        ctx.io.stderr(`note: line ${row.line}: ${terminalSafe(note)}\n`);
    const errors =
      row.errors.length > 0
        ? row.errors
        : (verdict?.errors ?? [{ code: 'Internal', message: 'orchd did not answer for this row' }]);
    const checked = row.errors.length === 0 && verdict?.ok === true;
    if (!checked || !row.host) {
      outcomes.push({ line: row.line, fields: row.fields, ok: false, errors });
      say(`line ${row.line}: failed: ${errorText(errors)}`);
      continue;
    }
    if (options.dryRun) {
      outcomes.push({ line: row.line, fields: row.fields, ok: true, errors: [] });
      say(`line ${row.line}: ok`);
      continue;
    }
    try {
      const created = await createHost(client, settings.project, spec(row.host));
      const node = [
        row.host.serialNumber && `serial ${row.host.serialNumber}`,
        row.host.uuid && `uuid ${row.host.uuid}`,
      ]
        .filter(Boolean)
        .join(', ');
      const message = `${hostLabel(created.host)} created (${node}) with ${created.profile}`;
      outcomes.push({
        line: row.line,
        fields: row.fields,
        ok: true,
        errors: [],
        hostId: created.host.resourceId,
        message,
      });
      say(`line ${row.line}: ${message}`);
    } catch (error) {
      if (!(error instanceof CliError) || error.exitCode === EXIT.unreachable) throw error;
      const code = (error as { code?: string }).code ?? 'Failed';
      const failure = [{ code, message: error.message }];
      outcomes.push({ line: row.line, fields: row.fields, ok: false, errors: failure });
      say(`line ${row.line}: failed: ${error.message}`);
    }
  }
  const failed = outcomes.filter((o) => !o.ok);
  const errorsFile = failed.length > 0 ? errorsFileOf(path) : undefined;
  if (errorsFile) {
    await writeFile(
      errorsFile,
      errorsCsv(failed.map((o) => ({ fields: o.fields, error: errorText(o.errors) }))),
    );
  }
  const summary = {
    dryRun: options.dryRun,
    rows: outcomes.map(({ fields: _fields, ...rest }) => rest),
    okCount: outcomes.length - failed.length,
    failedCount: failed.length,
    ...(errorsFile ? { errorsFile } : {}),
  };
  if (options.output === 'json') ctx.io.stdout(renderJson(summary));
  else if (options.output === 'yaml') ctx.io.stdout(renderYaml(summary));
  const verb = options.dryRun ? 'would be created' : 'created';
  const total = `${summary.okCount} of ${outcomes.length} hosts ${verb}`;
  if (!errorsFile) {
    if (table) ctx.io.stdout(`${total}\n`);
    return;
  }
  throw new CliError(`${total}; ${failed.length} rows failed, written to ${errorsFile}`, EXIT.failed);
}
