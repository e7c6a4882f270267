import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { usageError } from '../../cli-error.js';
import { patchProfile, resolveProfile } from '../../os-profile/os-profile-api.js';
import { resolveCertificateInput } from '../../os-profile/certificate-input.js';
import { checkPatchBody } from '../../os-profile/profile-checks.js';
import { bodyFromUpdateFlags, type UpdateProfileFlags } from '../../os-profile/profile-flags.js';
import type { OutputFormat } from '../../output/output-format.js';
import { addCertificateOptions, collect } from './certificate-options.js';
import { addOutputOption, printProfile, profileLabel } from './output-option.js';

type UpdateOptions = UpdateProfileFlags & { tlsCert?: string; tlsCertFile?: string; output: OutputFormat };

/**
 * `os-profile update <name|id>` / `update osprofile`: changes what orchd lets change after
 * creation (description, metadata, architecture, certificate). Metadata is replaced as a whole.
 */
export function defineOsProfileUpdate(command: Command, ctx: CliContext): Command {
  addCertificateOptions(
    command
      .description('change the description, metadata, architecture or certificate of an OS profile')
      .argument('<name|resource-id>', 'the profile name or its os-xxxxxxxx id')
      .option('--description <text>', 'new description')
      .option('--architecture <arch>', 'new architecture')
      .option(
        '--metadata <k=v[,k=v]>',
        "new metadata, replacing the old (repeatable; '' clears it)",
        collect,
      ),
  );
  return addOutputOption(command)
    .addHelpText(
      'after',
      `
Other fields are fixed once a profile exists: create a new profile instead.
An empty --tls-cert '' removes the certificate (the system roots are trusted again).

Examples:
  orch-cli os-profile update "Ubuntu 22.04 custom" --metadata kernelversion=linux-image-5.15.0-1035-generic
  orch-cli update osprofile os-1a2b3c4d --tls-cert "$(base64 -w0 new_cert.pem)"
  orch-cli os-profile update "EMT custom" --description "lab nodes" --metadata ''`,
    )
    .action(async (ref: string, o: UpdateOptions, cmd: Command) => {
      const certificate = await resolveCertificateInput(o, { env: ctx.io.env, note: () => {} }, false);
      const body = bodyFromUpdateFlags(o, certificate);
      if (o.metadata && o.metadata.every((m) => m.trim() === '')) body['metadata'] = {};
      if (Object.keys(body).length === 0) {
        throw usageError('nothing to change: give --description, --metadata, --architecture or --tls-cert');
      }
      checkPatchBody(body, ctx.io.now());
      const { client, settings } = await ctx.client(cmd);
      const profile = await resolveProfile(client, settings.project, ref);
      const updated = await patchProfile(client, settings.project, profile.resourceId, body);
      printProfile(ctx, o.output, updated, `${profileLabel(updated)} updated`);
    });
}
