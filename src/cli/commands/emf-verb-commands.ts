import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { defineCreateOsProfile } from './os-profile/os-profile-create.js';
import { defineOsProfileDelete } from './os-profile/os-profile-delete.js';
import { defineOsProfileGet } from './os-profile/os-profile-get.js';
import { defineOsProfileList } from './os-profile/os-profile-list.js';
import { defineOsProfileUpdate } from './os-profile/os-profile-update.js';

/** EMF's noun for OS profiles. */
export const OS_PROFILE_NOUN = 'osprofile';
/** The other spellings EMF users type for it. */
export const OS_PROFILE_ALIASES = ['osprofiles', 'osp'];

const VERBS = [
  ['create', 'create a resource (create osprofile <manifest.yaml>)', defineCreateOsProfile],
  ['list', 'list resources (list osprofiles)', defineOsProfileList],
  ['get', 'show a resource (get osprofile <name|id>)', defineOsProfileGet],
  ['update', 'change a resource (update osprofile <name|id> ...)', defineOsProfileUpdate],
  ['delete', 'delete a resource (delete osprofile <name|id>)', defineOsProfileDelete],
] as const;

/** EMF's verb-noun commands (`create|list|get|update|delete osprofile`, also osprofiles, osp). */
export function defineEmfVerbCommands(program: Command, ctx: CliContext): void {
  for (const [verb, description, define] of VERBS) {
    const group = program
      .command(verb)
      .description(description)
      .addHelpText(
        'after',
        `\nExamples:\n  orch-cli ${verb} osprofile --help\n  orch-cli ${verb} osp --help`,
      );
    define(group.command(OS_PROFILE_NOUN).aliases(OS_PROFILE_ALIASES), ctx);
  }
}
