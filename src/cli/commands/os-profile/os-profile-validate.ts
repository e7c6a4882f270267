import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { CliError, EXIT } from '../../cli-error.js';
import { resolveProfile } from '../../os-profile/os-profile-api.js';
import type { OsProfileResource } from '../../os-profile/os-profile-resource.js';
import { startValidation, type ValidationResource } from '../../os-profile/validation-api.js';
import { renderValidation } from '../../os-profile/validation-views.js';
import { waitForValidation } from '../../os-profile/wait-for-validation.js';
import {
  validationProgressLines,
  type ValidationProgressDisplay,
} from '../../os-profile/validation-progress.js';
import { validationProgressBar } from '../../os-profile/validation-progress-bar.js';
import type { ApiClient } from '../../api-client/api-client.js';
import { renderJson, renderYaml } from '../../output/render-document.js';
import type { OutputFormat } from '../../output/output-format.js';
import { addOutputOption, profileLabel } from './output-option.js';

/** A bar when stderr is a terminal, else one line per change (logs and CI keep readable text). */
function progressDisplay(ctx: CliContext): ValidationProgressDisplay {
  const terminal = ctx.io.stderrTerminal?.();
  return terminal ? validationProgressBar(terminal) : validationProgressLines((line) => ctx.io.stderr(line));
}

/** Waits for the profile's validation and prints it; exit 1 when it failed. */
export async function reportValidation(
  ctx: CliContext,
  client: ApiClient,
  project: string,
  profile: OsProfileResource,
  format: OutputFormat,
): Promise<void> {
  const view = await waitForValidation({
    client,
    project,
    resourceId: profile.resourceId,
    display: progressDisplay(ctx),
  });
  printValidation(ctx, format, view, profileLabel(profile));
  if (view.state === 'failed' || view.state === 'cancelled') {
    throw new CliError(`${profileLabel(profile)} failed validation`, EXIT.failed);
  }
}

function printValidation(
  ctx: CliContext,
  format: OutputFormat,
  view: ValidationResource,
  label: string,
): void {
  if (format === 'json') ctx.io.stdout(renderJson(view));
  else if (format === 'yaml') ctx.io.stdout(renderYaml(view));
  else ctx.io.stdout(renderValidation(view, label));
}

/** `os-profile validate <name|id>`: (re)runs the image validation and prints the checks. */
export function defineOsProfileValidate(command: Command, ctx: CliContext): Command {
  return addOutputOption(
    command
      .description(
        "check the profile's image (download, checksum, layout, OS, signatures) and print each check",
      )
      .argument('<name|resource-id>', 'the profile name or its os-xxxxxxxx id'),
  )
    .addHelpText(
      'after',
      `
A validation already running is followed rather than started again. Progress goes to stderr,
the table of checks to stdout. Exit 1 when the validation failed.

Examples:
  orch-cli os-profile validate "Ubuntu 22.04 custom"
  orch-cli os-profile validate os-1a2b3c4d -o json`,
    )
    .action(async (ref: string, o: { output: OutputFormat }, cmd: Command) => {
      const { client, settings } = await ctx.client(cmd);
      const profile = await resolveProfile(client, settings.project, ref);
      await startValidation(client, settings.project, profile.resourceId);
      await reportValidation(ctx, client, settings.project, profile, o.output);
    });
}
