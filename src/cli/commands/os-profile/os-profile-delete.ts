import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { CliError, EXIT, usageError } from '../../cli-error.js';
import { deleteProfile, resolveProfile } from '../../os-profile/os-profile-api.js';
import { profileLabel } from './output-option.js';

/**
 * `os-profile delete <name|id>` / `delete osprofile`: asks on a terminal unless `--yes`; when
 * stdin is not a terminal it never asks, and `--yes` is required.
 */
export function defineOsProfileDelete(command: Command, ctx: CliContext): Command {
  return command
    .description('delete an OS profile (refused while hosts use it)')
    .argument('<name|resource-id>', 'the profile name or its os-xxxxxxxx id')
    .option('-y, --yes', 'do not ask for confirmation (required when stdin is not a terminal)')
    .addHelpText(
      'after',
      `
Examples:
  orch-cli os-profile delete "Ubuntu 22.04 custom"
  orch-cli delete osprofile os-1a2b3c4d --yes`,
    )
    .action(async (ref: string, o: { yes?: boolean }, cmd: Command) => {
      if (!o.yes && !ctx.io.stdinIsTTY) {
        throw usageError('stdin is not a terminal, so nothing can be confirmed: add --yes to delete');
      }
      const { client, settings } = await ctx.client(cmd);
      const profile = await resolveProfile(client, settings.project, ref);
      if (!o.yes) {
        const answer = await ctx.io.ask(`Delete ${profileLabel(profile)}? [y/N] `);
        if (!/^y(es)?$/i.test(answer.trim()))
          throw new CliError(`aborted: ${profileLabel(profile)} was not deleted`, EXIT.failed);
      }
      await deleteProfile(client, settings.project, profile.resourceId);
      ctx.io.stdout(`${profileLabel(profile)} deleted\n`);
    });
}
