import { InvalidArgumentError, type Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { listProfiles, MAX_PAGE_SIZE } from '../../os-profile/os-profile-api.js';
import { PROFILE_COLUMNS, WIDE_PROFILE_COLUMNS } from '../../os-profile/profile-views.js';
import { renderOutput } from '../../output/render-document.js';
import { renderTable } from '../../output/render-table.js';
import type { OutputFormat } from '../../output/output-format.js';
import { addOutputOption } from './output-option.js';

interface ListOptions {
  filter?: string;
  orderBy?: string;
  pageSize?: number;
  output: OutputFormat;
}

/** `--page-size`: 1..100, orchd's limit. */
function parsePageSize(value: string): number {
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new InvalidArgumentError(`must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  return size;
}

/** `os-profile list` / `list osprofiles`: every page, as a table, JSON array or YAML list. */
export function defineOsProfileList(command: Command, ctx: CliContext): Command {
  return addOutputOption(
    command
      .description('list the OS profiles of the project (all pages)')
      .option('-f, --filter <aip160>', 'AIP-160 filter, e.g. osType = MUTABLE AND name = "Ubuntu*"')
      .option('--order-by <fields>', 'e.g. "name desc" or "imageId, name"')
      .option(
        '--page-size <n>',
        `profiles per request, 1..${MAX_PAGE_SIZE} (all pages are read)`,
        parsePageSize,
      ),
  )
    .addHelpText(
      'after',
      `
JSON and YAML print the profiles exactly as orchd's API returns them (a list).

Examples:
  orch-cli os-profile list
  orch-cli list osprofiles -f 'osType = IMMUTABLE' --order-by 'name desc'
  orch-cli list osp -f 'metadata.standalone-node = "true"' -o json | jq -r '.[].resourceId'
  orch-cli os-profile list -o wide -p my-project`,
    )
    .action(async (o: ListOptions, cmd: Command) => {
      const { client, settings } = await ctx.client(cmd);
      const profiles = await listProfiles(client, settings.project, o);
      ctx.io.stdout(
        renderOutput(o.output, profiles, () =>
          renderTable(o.output === 'wide' ? WIDE_PROFILE_COLUMNS : PROFILE_COLUMNS, profiles),
        ),
      );
    });
}
