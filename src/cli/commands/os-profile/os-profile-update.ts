import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { usageError } from '../../cli-error.js';
import { patchProfile, resolveProfile } from '../../os-profile/os-profile-api.js';
import { resolveCertificateInput } from '../../os-profile/certificate-input.js';
import { checkPatchBody } from '../../os-profile/profile-checks.js';
import { bodyFromUpdateFlags, type UpdateProfileFlags } from '../../os-profile/profile-flags.js';
import type { OutputFormat } from '../../output/output-format.js';
import { secureBootFields, type SecureBootFlags } from '../../os-profile/secure-boot-flags.js';
import { addCertificateOptions, addSecureBootOptions, collect } from './certificate-options.js';
import { addOutputOption, printProfile, profileLabel } from './output-option.js';

type UpdateOptions = UpdateProfileFlags &
  SecureBootFlags & { tlsCert?: string; tlsCertFile?: string; output: OutputFormat };

/**
 * `os-profile update <name|id>` / `update osprofile`: changes what orchd lets change after
 * creation (description, metadata, architecture, certificate, Secure Boot policy). Metadata is
 * replaced as a whole.
 */
export function defineOsProfileUpdate(command: Command, ctx: CliContext): Command {
  addSecureBootOptions(
    addCertificateOptions(
      command
        .description(
          'change the description, metadata, architecture, certificate or Secure Boot policy of an OS profile',
        )
        .argument('<name|resource-id>', 'the profile name or its os-xxxxxxxx id')
        .option('--description <text>', 'new description')
        .option('--architecture <arch>', 'new architecture')
        .option(
          '--metadata <k=v[,k=v]>',
          "new metadata, replacing the old (repeatable; '' clears it)",
          collect,
        ),
    ),
  );
  return addOutputOption(command)
    .addHelpText(
      'after',
      `
Other fields are fixed once a profile exists: create a new profile instead.
An empty --tls-cert '' removes the certificate (the system roots are trusted again); an empty
--secure-boot-dbx '' (or any Secure Boot flag) removes that part of the Secure Boot policy.
Run "orch-cli os-profile validate <name>" afterwards to judge the image under the new policy.

Examples:
  orch-cli os-profile update "Ubuntu 22.04 custom" --metadata kernelversion=linux-image-5.15.0-1035-generic
  orch-cli update osprofile os-1a2b3c4d --tls-cert "$(base64 -w0 new_cert.pem)"
  orch-cli os-profile update "EMT custom" --description "lab nodes" --metadata ''
  orch-cli os-profile update "Ubuntu 22.04 custom" --secure-boot-cert-file db.pem --secure-boot-dbx-file dbx.txt`,
    )
    .action(async (ref: string, o: UpdateOptions, cmd: Command) => {
      const certificate = await resolveCertificateInput(o, { env: ctx.io.env, note: () => {} }, false);
      const body = { ...bodyFromUpdateFlags(o, certificate), ...(await secureBootFields(o, {})) };
      if (o.metadata && o.metadata.every((m) => m.trim() === '')) body['metadata'] = {};
      if (Object.keys(body).length === 0) {
        throw usageError(
          'nothing to change: give --description, --metadata, --architecture, --tls-cert or a Secure Boot flag (--secure-boot-cert, --secure-boot-dbx, --secure-boot-mok-cert, --sbat-level)',
        );
      }
      checkPatchBody(body, ctx.io.now());
      const { client, settings } = await ctx.client(cmd);
      const profile = await resolveProfile(client, settings.project, ref);
      const updated = await patchProfile(client, settings.project, profile.resourceId, body);
      printProfile(ctx, o.output, updated, `${profileLabel(updated)} updated`);
    });
}
