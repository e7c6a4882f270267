import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { defineOsProfileCreate, CREATE_FLOW_EXAMPLE } from './os-profile/os-profile-create.js';
import { defineOsProfileDelete } from './os-profile/os-profile-delete.js';
import { defineOsProfileGet } from './os-profile/os-profile-get.js';
import { defineOsProfileList } from './os-profile/os-profile-list.js';
import { defineOsProfileUpdate } from './os-profile/os-profile-update.js';
import { defineOsProfileValidate } from './os-profile/os-profile-validate.js';

/** The noun-verb form: `os-profile create|list|get|update|delete|validate`. */
export function defineOsProfileCommands(program: Command, ctx: CliContext): void {
  const group = program
    .command('os-profile')
    .description('manage OS profiles: the images nodes are provisioned with')
    .addHelpText('after', `\nExamples:\n${CREATE_FLOW_EXAMPLE}\n  orch-cli os-profile list -o wide`);
  defineOsProfileCreate(group.command('create'), ctx);
  defineOsProfileList(group.command('list').alias('ls'), ctx);
  defineOsProfileGet(group.command('get'), ctx);
  defineOsProfileUpdate(group.command('update'), ctx);
  defineOsProfileDelete(group.command('delete').alias('rm'), ctx);
  defineOsProfileValidate(group.command('validate'), ctx);
}
