import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { CliError, EXIT } from '../../cli-error.js';
import { resolveCertificateInput } from '../../os-profile/certificate-input.js';
import { checkCreateBody } from '../../os-profile/profile-checks.js';
import {
  bodyFromCreateFlags,
  withDerivedDefaults,
  type CreateProfileFlags,
} from '../../os-profile/profile-flags.js';
import { secureBootFields, type SecureBootFlags } from '../../os-profile/secure-boot-flags.js';
import { validateImageDryRun, type DryRunReport } from '../../os-profile/validate-image-api.js';
import type { ValidationResource } from '../../os-profile/validation-api.js';
import { renderValidation } from '../../os-profile/validation-views.js';
import type { OutputFormat } from '../../output/output-format.js';
import { renderOutput } from '../../output/render-document.js';

/** The flags of `os-profile validate --image-url …` (a dry run). */
export type DryRunOptions = CreateProfileFlags &
  SecureBootFlags & {
    tlsCert?: string;
    tlsCertFile?: string;
    output: OutputFormat;
  };

/** A dry run creates nothing, so the name a create requires is a stand-in. */
const DRY_RUN_NAME = 'dry run';

/**
 * The create body of a dry run: the flags with the profile name and version derived as create
 * derives them (from the image file name, as a dry run has no --name), the certificates and the
 * Secure Boot policy, a stand-in name.
 */
async function dryRunBody(ctx: CliContext, o: DryRunOptions): Promise<Record<string, unknown>> {
  const note = (text: string) => ctx.io.stderr(`note: ${text}\n`);
  const certificate = await resolveCertificateInput(o, { env: ctx.io.env, note }, true);
  const body = bodyFromCreateFlags({ ...withDerivedDefaults(o, note), name: DRY_RUN_NAME }, certificate);
  return { ...body, ...(await secureBootFields(o, {})) };
}

/** The report in the shape the table view takes: a validation with no job behind it. */
const asValidation = (report: DryRunReport): ValidationResource => ({
  jobId: null,
  createdAt: null,
  state: report.state,
  progress: null,
  report,
  facts: report.facts ?? null,
  error: null,
  attempts: 0,
  startedAt: null,
  finishedAt: null,
});

/**
 * `os-profile validate --image-url URL --checksum X --type T …`: checks the flags with core's
 * rules, asks orchd to validate the image without creating a profile, prints the checks; exit 1
 * when the image failed.
 */
export async function runDryRun(ctx: CliContext, command: Command, o: DryRunOptions): Promise<void> {
  const body = await dryRunBody(ctx, o);
  await checkCreateBody(body, ctx.io.now(), true);
  const { client, settings } = await ctx.client(command);
  ctx.io.stderr(`validating ${String(body['imageUrl'])} (dry run, nothing is created)\n`);
  const report = await validateImageDryRun(client, settings.project, body);
  ctx.io.stdout(renderOutput(o.output, report, () => renderValidation(asValidation(report), 'image')));
  if (report.state === 'failed') throw new CliError('the image failed validation', EXIT.failed);
}
