import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { resolveProfile } from '../../os-profile/os-profile-api.js';
import type { OutputFormat } from '../../output/output-format.js';
import { addOutputOption, printProfile } from './output-option.js';

/** `os-profile get <name|id>` / `get osprofile <name|id>`. */
export function defineOsProfileGet(command: Command, ctx: CliContext): Command {
  return addOutputOption(
    command
      .description(
        'show one OS profile: every field, the certificate as subject, issuer, validity, fingerprint',
      )
      .argument('<name|resource-id>', 'the profile name or its os-xxxxxxxx id'),
  )
    .addHelpText(
      'after',
      `
Examples:
  orch-cli os-profile get "Ubuntu 22.04 custom"
  orch-cli get osprofile os-1a2b3c4d -o yaml`,
    )
    .action(async (ref: string, o: { output: OutputFormat }, cmd: Command) => {
      const { client, settings } = await ctx.client(cmd);
      printProfile(ctx, o.output, await resolveProfile(client, settings.project, ref));
    });
}
