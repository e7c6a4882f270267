import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { CliError, EXIT, usageError } from '../../cli-error.js';
import { resolveProfile } from '../../os-profile/os-profile-api.js';
import type { OsProfileResource } from '../../../api/os-profile-schemas.js';
import { startValidation, type ValidationResource } from '../../os-profile/validation-api.js';
import { renderValidation } from '../../os-profile/validation-views.js';
import { waitForValidation } from '../../os-profile/wait-for-validation.js';
import {
  validationProgressLines,
  type ValidationProgressDisplay,
} from '../../os-profile/validation-progress.js';
import { validationProgressBar } from '../../os-profile/validation-progress-bar.js';
import type { ApiClient } from '../../api-client/api-client.js';
import { renderOutput } from '../../output/render-document.js';
import type { OutputFormat } from '../../output/output-format.js';
import { addCertificateOptions, addSecureBootOptions } from './certificate-options.js';
import { addOutputOption, profileLabel } from './output-option.js';
import { runDryRun, type DryRunOptions } from './os-profile-dry-run.js';

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
  if (view.state === 'failed') {
    throw new CliError(`${profileLabel(profile)} failed validation`, EXIT.failed);
  }
}

function printValidation(
  ctx: CliContext,
  format: OutputFormat,
  view: ValidationResource,
  label: string,
): void {
  ctx.io.stdout(renderOutput(format, view, () => renderValidation(view, label)));
}

/** The dry-run flags of `validate`: what a create takes about the image, and its certificates. */
function addDryRunOptions(command: Command): Command {
  command
    .option('--image-url <url>', 'dry run: https:// URL of the image to validate (no profile needed)')
    .option('--checksum <sha256>', 'dry run: SHA-256 of the image file exactly as hosted')
    .option('--type <type>', 'dry run: IMMUTABLE (EMT) or MUTABLE (Ubuntu)')
    .option(
      '--profile-name <name>',
      'dry run: profile family, e.g. ubuntu-22.04-lts-generic (default: from the image file name)',
    )
    .option(
      '--os-version <version>',
      'dry run: OS image version, e.g. 22.04.5 (default: a version in the image file name)',
    )
    .option('--security-feature <feature>', 'dry run: NONE or SB_FDE');
  return addSecureBootOptions(addCertificateOptions(command));
}

/**
 * `os-profile validate <name|id>`: (re)runs the image validation and prints the checks. With
 * `--image-url` instead of a profile, a dry run: the image is validated and nothing is created.
 */
export function defineOsProfileValidate(command: Command, ctx: CliContext): Command {
  return addOutputOption(
    addDryRunOptions(
      command
        .description(
          "check the profile's image (download, checksum, layout, OS, signatures) and print each check",
        )
        .argument('[name|resource-id]', 'the profile name or its os-xxxxxxxx id'),
    ),
  )
    .addHelpText(
      'after',
      `
A validation already running is followed rather than started again. Progress goes to stderr,
the table of checks to stdout. Exit 1 when the validation failed.

With --image-url and no profile, a dry run: the same flags as create describe the image, orchd
validates it and nothing is stored.

Examples:
  orch-cli os-profile validate "Ubuntu 22.04 custom"
  orch-cli os-profile validate os-1a2b3c4d -o json
  orch-cli os-profile validate --image-url https://images.example.com/jammy.img \\
    --checksum 7c8a7f7a2f0b1c1d5c8f0e3a6b4d2e1f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d --type MUTABLE \\
    --profile-name ubuntu-22.04-lts-generic --os-version 22.04.5 --tls-cert-file server_cert.pem
  orch-cli os-profile validate --image-url https://images.example.com/ubuntu-22.04.5-server-cloudimg-amd64.img \\
    --checksum 7c8a7f7a2f0b1c1d5c8f0e3a6b4d2e1f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d --type MUTABLE \\
    --security-feature SB_FDE --secure-boot-cert-file db.pem      # name and version from the file name`,
    )
    .action(async (ref: string | undefined, o: DryRunOptions, cmd: Command) => {
      if (o.imageUrl !== undefined) {
        if (ref !== undefined) throw usageError('give a profile or --image-url (a dry run), not both');
        return runDryRun(ctx, cmd, o);
      }
      if (ref === undefined) throw usageError('give a profile name or id, or --image-url for a dry run');
      const { client, settings } = await ctx.client(cmd);
      const profile = await resolveProfile(client, settings.project, ref);
      await startValidation(client, settings.project, profile.resourceId);
      await reportValidation(ctx, client, settings.project, profile, o.output);
    });
}
