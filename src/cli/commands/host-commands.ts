import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { defineHostCheckDrivers } from './host/host-check-drivers.js';
import { defineHostCreate } from './host/host-create.js';
import {
  defineHostApprove,
  defineHostDelete,
  defineHostGet,
  defineHostList,
  defineHostReprovision,
} from './host/host-manage.js';
import { defineHostWatch } from './host/host-watch.js';

/** The noun-verb form: `host create|list|get|delete|approve|reprovision|watch|check-drivers`. */
export function defineHostCommands(program: Command, ctx: CliContext): void {
  const group = program
    .command('host')
    .description('manage hosts: the edge nodes provisioned with an OS profile')
    .addHelpText(
      'after',
      `\nExamples:\n  orch-cli host create edge-1 --serial SN0001 --os-profile "Ubuntu 22.04 custom"\n  orch-cli host watch edge-1\n  orch-cli host list -o wide`,
    );
  defineHostCreate(group.command('create'), ctx);
  defineHostList(group.command('list').alias('ls'), ctx);
  defineHostGet(group.command('get'), ctx);
  defineHostDelete(group.command('delete').alias('rm'), ctx);
  defineHostApprove(group.command('approve'), ctx);
  defineHostReprovision(group.command('reprovision'), ctx);
  defineHostWatch(group.command('watch'), ctx);
  defineHostCheckDrivers(group.command('check-drivers'), ctx);
}
