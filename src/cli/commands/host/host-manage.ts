import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { CliError, EXIT, usageError } from '../../cli-error.js';
import {
  approveHost,
  deleteHost,
  deleteInstance,
  listHosts,
  reprovisionHost,
  resolveHost,
} from '../../host/host-api.js';
import {
  HOST_COLUMNS,
  hostDetails,
  hostLabel,
  provisioningStatusOf,
  WIDE_HOST_COLUMNS,
} from '../../host/host-views.js';
import type { OutputFormat } from '../../output/output-format.js';
import { renderOutput } from '../../output/render-document.js';
import { renderFields, renderTable } from '../../output/render-table.js';
import { addOutputOption } from '../os-profile/output-option.js';

/** EMF's short filter words for `list host -f`. */
const FILTER_WORDS: Readonly<Record<string, string>> = {
  onboarded: "hostStatus='onboarded'",
  registered: "hostStatus='registered'",
  provisioned: "hostStatus='provisioned'",
  deauthorized: "hostStatus='invalidated'",
  'not connected': "hostStatus=''",
  error: "hostStatus='error'",
};

/** `list host` / `host list`: every page, as EMF's table, JSON or YAML. */
export function defineHostList(command: Command, ctx: CliContext): Command {
  return addOutputOption(
    command
      .description('list the hosts of the project (all pages)')
      .option(
        '-f, --filter <aip160>',
        'AIP-160 filter, or one of EMF\'s words: onboarded, registered, provisioned, deauthorized, "not connected", error',
      )
      .option('--order-by <fields>', 'e.g. "name desc" or "serialNumber"'),
  )
    .addHelpText(
      'after',
      `
JSON and YAML print the hosts exactly as orchd's API returns them (a list).

Examples:
  orch-cli list host
  orch-cli list hosts -f "serialNumber='SN0001'" -o json
  orch-cli host list -f 'name = "edge-*"' --order-by 'name desc' -o wide`,
    )
    .action(async (o: { filter?: string; orderBy?: string; output: OutputFormat }, cmd: Command) => {
      const { client, settings } = await ctx.client(cmd);
      const filter = o.filter === undefined ? undefined : (FILTER_WORDS[o.filter.toLowerCase()] ?? o.filter);
      const hosts = await listHosts(client, settings.project, { filter, orderBy: o.orderBy });
      ctx.io.stdout(
        renderOutput(o.output, hosts, () =>
          renderTable(o.output === 'wide' ? WIDE_HOST_COLUMNS : HOST_COLUMNS, hosts),
        ),
      );
    });
}

/** `get host <id|name|serial>` / `host get`. */
export function defineHostGet(command: Command, ctx: CliContext): Command {
  return addOutputOption(
    command
      .description('show one host: states, instance, provisioning step by step')
      .argument('<id|name|serial>', 'the host id (host-…), its name or its serial number'),
  )
    .addHelpText(
      'after',
      `
Examples:
  orch-cli get host host-1a2b3c4d
  orch-cli host get edge-1 -o yaml`,
    )
    .action(async (ref: string, o: { output: OutputFormat }, cmd: Command) => {
      const { client, settings } = await ctx.client(cmd);
      const host = await resolveHost(client, settings.project, ref);
      ctx.io.stdout(renderOutput(o.output, host, () => renderFields(hostDetails(host))));
    });
}

/**
 * `delete host <id|name|serial>` / `host delete`: asks on a terminal unless `--yes`. orchd refuses
 * a host that has an instance; `--with-instance` deletes the instance first (the node is not
 * wiped).
 */
export function defineHostDelete(command: Command, ctx: CliContext): Command {
  return command
    .description('delete a host (revokes its node credential)')
    .argument('<id|name|serial>', 'the host id (host-…), its name or its serial number')
    .option('-y, --yes', 'do not ask for confirmation (required when stdin is not a terminal)')
    .option('--with-instance', 'delete the host instance first (orchd refuses a host that has one)')
    .addHelpText(
      'after',
      `
Examples:
  orch-cli delete host host-1a2b3c4d --yes
  orch-cli host delete edge-1 --with-instance`,
    )
    .action(async (ref: string, o: { yes?: boolean; withInstance?: boolean }, cmd: Command) => {
      if (!o.yes && !ctx.io.stdinIsTTY) {
        throw usageError('stdin is not a terminal, so nothing can be confirmed: add --yes to delete');
      }
      const { client, settings } = await ctx.client(cmd);
      const host = await resolveHost(client, settings.project, ref);
      if (!o.yes) {
        const answer = await ctx.io.ask(`Delete ${hostLabel(host)}? [y/N] `);
        if (!/^y(es)?$/i.test(answer.trim()))
          throw new CliError(`aborted: ${hostLabel(host)} was not deleted`, EXIT.failed);
      }
      if (o.withInstance && host.instance)
        await deleteInstance(client, settings.project, host.instance.resourceId);
      await deleteHost(client, settings.project, host.resourceId);
      ctx.io.stdout(`${hostLabel(host)} deleted\n`);
    });
}

/** `host approve <id|name|serial>`: EMF's onboard of a host registered without autoOnboard. */
export function defineHostApprove(command: Command, ctx: CliContext): Command {
  return command
    .description('approve a host registered with --no-auto-onboard: its node may onboard')
    .argument('<id|name|serial>', 'the host id (host-…), its name or its serial number')
    .addHelpText(
      'after',
      '\nExamples:\n  orch-cli host approve edge-1\n  orch-cli host approve host-1a2b3c4d',
    )
    .action(async (ref: string, _o: unknown, cmd: Command) => {
      const { client, settings } = await ctx.client(cmd);
      const host = await resolveHost(client, settings.project, ref);
      await approveHost(client, settings.project, host.resourceId);
      ctx.io.stdout(`${hostLabel(host)} approved\n`);
    });
}

/** `host reprovision <id|name|serial>`: re-arms a failed or provisioned host. */
export function defineHostReprovision(command: Command, ctx: CliContext): Command {
  return addOutputOption(
    command
      .description('provision a failed or provisioned host again (a new attempt when its node asks)')
      .argument('<id|name|serial>', 'the host id (host-…), its name or its serial number'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  orch-cli host reprovision edge-1\n  orch-cli host reprovision host-1a2b3c4d; orch-cli host watch host-1a2b3c4d',
    )
    .action(async (ref: string, o: { output: OutputFormat }, cmd: Command) => {
      const { client, settings } = await ctx.client(cmd);
      const host = await resolveHost(client, settings.project, ref);
      const after = await reprovisionHost(client, settings.project, host.resourceId);
      ctx.io.stdout(
        renderOutput(o.output, after, () => `${hostLabel(after)} re-armed: ${provisioningStatusOf(after)}\n`),
      );
    });
}
