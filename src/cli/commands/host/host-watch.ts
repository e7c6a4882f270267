import type { Command } from 'commander';
import type { SseMessage } from '../../../api/sse-reader.js';
import { followEvents } from '../../api-client/follow-events.js';
import type { CliContext } from '../../cli-context.js';
import { CliError, EXIT, usageError } from '../../cli-error.js';
import { listHosts, resolveHost, type HostResource } from '../../host/host-api.js';
import {
  hasEnded,
  hasFailed,
  progressAfter,
  progressOfHost,
  progressRemoved,
  whoOf,
  type HostProgress,
  type ProvisioningEventData,
} from '../../host/host-progress.js';
import { hostLabel } from '../../host/host-views.js';
import { watchBars, watchLines, type WatchDisplay } from '../../host/host-watch-display.js';
import { terminalSafe } from '../../output/terminal-text.js';

interface WatchOptions {
  all?: boolean;
  output: 'table' | 'json';
}

function parseWatchOutput(value: string): 'table' | 'json' {
  const format = value.toLowerCase();
  if (format === 'table' || format === 'json') return format;
  throw usageError(`-o/--output of host watch must be table or json, not "${value}"`);
}

/** The hosts to watch: one, or (--all) every host that has an instance. */
async function targets(ctx: CliContext, cmd: Command, ref: string | undefined, all: boolean) {
  const { client, settings } = await ctx.client(cmd);
  if (ref !== undefined) {
    const host = await resolveHost(client, settings.project, ref);
    if (!host.instance) {
      throw new CliError(
        `${hostLabel(host)} has no instance, so nothing provisions it: create one with orch-cli create host`,
        EXIT.failed,
      );
    }
    return { client, project: settings.project, hosts: [host] };
  }
  const hosts = (await listHosts(client, settings.project)).filter((h) => h.instance);
  return { client, project: settings.project, hosts: all ? hosts : [] };
}

/**
 * Applies one stream event to the watched hosts. With `all`, a host that gets an instance while
 * watching joins. Returns the progress that changed, if any.
 */
function apply(
  watched: Map<string, HostProgress>,
  message: SseMessage,
  all: boolean,
): HostProgress | undefined {
  let data: { hostId?: string } & Record<string, unknown>;
  try {
    data = JSON.parse(message.data) as typeof data;
  } catch {
    return undefined;
  }
  const hostId = message.event === 'host' ? (data as unknown as HostResource).resourceId : data.hostId;
  if (typeof hostId !== 'string') return undefined;
  const before = watched.get(hostId);
  let after: HostProgress | undefined;
  if (message.event === 'host') {
    const view = data as unknown as HostResource;
    if (before || (all && view.instance)) after = progressOfHost(view);
  } else if (message.event === 'provisioning') {
    const base =
      before ?? (all ? { ...progressOfHost({ resourceId: hostId, name: '' } as HostResource) } : undefined);
    if (base) after = progressAfter(base, data as unknown as ProvisioningEventData);
  } else if (before && message.event === 'deleted') after = progressRemoved(before, 'the host was');
  else if (before && message.event === 'instance-deleted')
    after = progressRemoved(before, 'its instance was');
  if (after) watched.set(hostId, after);
  return after;
}

/** The final line of a host: its status words, and for a failure the error code. */
function finalLine(p: HostProgress): string {
  const code = p.error && !p.status.includes(p.error.message) ? ` (${p.error.code}: ${p.error.message})` : '';
  const codeOnly = p.error && p.status.includes(p.error.message) ? ` [${p.error.code}]` : '';
  return terminalSafe(`${whoOf(p)}: ${p.status}${code}${codeOnly}`);
}

/**
 * `host watch <id|name|serial>` or `host watch --all`: follows orchd's event stream
 * (`GET …/events`, reconnecting with Last-Event-ID) and shows each host until every one has
 * ended. Exit 0 when all were provisioned, 1 when any failed (its reason printed).
 */
export function defineHostWatch(command: Command, ctx: CliContext): Command {
  return command
    .description('follow provisioning live until every watched host is provisioned or failed')
    .argument('[id|name|serial]', 'the host to watch')
    .option('--all', 'watch every host of the project that has an instance')
    .option(
      '-o, --output <format>',
      'table (bars or lines) or json (the events, one JSON object a line)',
      parseWatchOutput,
      'table',
    )
    .addHelpText(
      'after',
      `
On a terminal each host gets a progress bar (step k/N, bytes, rate) on stderr; elsewhere a line
per change. When every host has ended, one line per host goes to stdout. Exit 0: all provisioned;
1: any failed (with the step and the node's reason); 3: orchd cannot be reached.

Examples:
  orch-cli host watch edge-1
  orch-cli host watch --all
  orch-cli host watch host-1a2b3c4d -o json | jq -c 'select(.event == "provisioning")'`,
    )
    .action(async (ref: string | undefined, o: WatchOptions, cmd: Command) => {
      if ((ref === undefined) === !o.all) throw usageError('give one host, or --all');
      const { client, project, hosts } = await targets(ctx, cmd, ref, o.all ?? false);
      const watched = new Map(hosts.map((h) => [h.resourceId, progressOfHost(h)]));
      if (watched.size === 0) {
        ctx.io.stderr('no host of the project has an instance: nothing to watch\n');
        return;
      }
      const json = o.output === 'json';
      const terminal = json ? undefined : ctx.io.stderrTerminal?.();
      const display: WatchDisplay | undefined = json
        ? undefined
        : terminal
          ? watchBars(terminal)
          : watchLines((line) => ctx.io.stderr(line));
      const allEnded = () => [...watched.values()].every(hasEnded);
      try {
        for (const p of watched.values()) display?.update(p);
        if (!allEnded()) {
          await followEvents({
            client,
            path: `/v1/projects/${encodeURIComponent(project)}/events`,
            query: { host: ref === undefined ? undefined : hosts[0]!.resourceId },
            onMessage: (message) => {
              if (json) {
                let data: unknown = message.data;
                try {
                  data = JSON.parse(message.data);
                } catch {
                  // kept as text
                }
                ctx.io.stdout(`${JSON.stringify({ id: message.id ?? null, event: message.event, data })}\n`);
              }
              const changed = apply(watched, message, o.all ?? false);
              if (changed) display?.update(changed);
              return allEnded();
            },
            onReconnect: (reason) =>
              ctx.io.stderr(`note: reconnecting to orchd's event stream (${reason})\n`),
          });
        }
      } finally {
        display?.stop();
      }
      const results = [...watched.values()];
      if (!json) for (const p of results) ctx.io.stdout(`${finalLine(p)}\n`);
      const failed = results.filter(hasFailed);
      if (failed.length > 0) {
        throw new CliError(`${failed.length} of ${results.length} hosts failed`, EXIT.failed, {
          lines: failed.map(finalLine),
        });
      }
    });
}
