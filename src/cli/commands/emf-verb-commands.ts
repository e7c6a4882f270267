import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { defineHostCreate } from './host/host-create.js';
import { defineHostDelete, defineHostGet, defineHostList } from './host/host-manage.js';
import { defineCreateOsProfile } from './os-profile/os-profile-create.js';
import { defineOsProfileDelete } from './os-profile/os-profile-delete.js';
import { defineOsProfileGet } from './os-profile/os-profile-get.js';
import { defineOsProfileList } from './os-profile/os-profile-list.js';
import { defineOsProfileUpdate } from './os-profile/os-profile-update.js';

/** EMF's noun for OS profiles. */
export const OS_PROFILE_NOUN = 'osprofile';
/** The other spellings EMF users type for it. */
export const OS_PROFILE_ALIASES = ['osprofiles', 'osp'];
/** EMF's noun for hosts, and its plural. */
export const HOST_NOUN = 'host';
export const HOST_ALIASES = ['hosts'];

type Define = (command: Command, ctx: CliContext) => Command;

const VERBS: readonly (readonly [string, string, Define, Define | undefined])[] = [
  [
    'create',
    'create a resource (create osprofile <manifest.yaml>, create host ...)',
    defineCreateOsProfile,
    defineHostCreate,
  ],
  ['list', 'list resources (list osprofiles, list hosts)', defineOsProfileList, defineHostList],
  [
    'get',
    'show a resource (get osprofile <name|id>, get host <id|name|serial>)',
    defineOsProfileGet,
    defineHostGet,
  ],
  ['update', 'change a resource (update osprofile <name|id> ...)', defineOsProfileUpdate, undefined],
  [
    'delete',
    'delete a resource (delete osprofile <name|id>, delete host <id|name|serial>)',
    defineOsProfileDelete,
    defineHostDelete,
  ],
];

/**
 * EMF's verb-noun commands: `create|list|get|update|delete osprofile` (also osprofiles, osp) and
 * `create|list|get|delete host` (also hosts).
 */
export function defineEmfVerbCommands(program: Command, ctx: CliContext): void {
  for (const [verb, description, defineProfile, defineHost] of VERBS) {
    const group = program
      .command(verb)
      .description(description)
      .addHelpText(
        'after',
        `\nExamples:\n  orch-cli ${verb} osprofile --help\n  orch-cli ${verb} osp --help${defineHost ? `\n  orch-cli ${verb} host --help` : ''}`,
      );
    defineProfile(group.command(OS_PROFILE_NOUN).aliases(OS_PROFILE_ALIASES), ctx);
    if (defineHost) defineHost(group.command(HOST_NOUN).aliases(HOST_ALIASES), ctx);
  }
}
