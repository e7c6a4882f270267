import { Option, type Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { renderJson, renderYaml } from '../../output/render-document.js';
import { renderFields } from '../../output/render-table.js';
import { parseOutputFormat, type OutputFormat } from '../../output/output-format.js';
import type { OsProfileResource } from '../../../api/os-profile-schemas.js';
import { profileDetails } from '../../os-profile/profile-views.js';

/** Adds `-o, --output table|wide|json|yaml` (default table). */
export function addOutputOption(command: Command): Command {
  return command.addOption(
    new Option('-o, --output <format>', 'table, wide, json or yaml')
      .argParser(parseOutputFormat)
      .default('table'),
  );
}

/**
 * Prints one profile: JSON/YAML exactly as orchd returned it, otherwise `headline` (when given)
 * or every field with the certificate summarised.
 */
export function printProfile(
  ctx: CliContext,
  format: OutputFormat,
  profile: OsProfileResource,
  headline?: string,
): void {
  if (format === 'json') ctx.io.stdout(renderJson(profile));
  else if (format === 'yaml') ctx.io.stdout(renderYaml(profile));
  else if (headline) ctx.io.stdout(`${headline}\n`);
  else ctx.io.stdout(renderFields(profileDetails(profile)));
}

export { profileLabel } from '../../os-profile/profile-views.js';
