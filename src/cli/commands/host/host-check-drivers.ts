import type { Command } from 'commander';
import type { DriverCheckResult } from '../../../api/driver-check-schemas.js';
import type { CliContext } from '../../cli-context.js';
import { CliError, EXIT } from '../../cli-error.js';
import { hostLabel } from '../../host/host-views.js';
import { resolveHost } from '../../host/host-api.js';
import { resolveProfile } from '../../os-profile/os-profile-api.js';
import type { OutputFormat } from '../../output/output-format.js';
import { renderOutput } from '../../output/render-document.js';
import { renderTable, type Column } from '../../output/render-table.js';
import { addOutputOption } from '../os-profile/output-option.js';

type Device = DriverCheckResult['devices'][number];

const COLUMNS: readonly Column<Device>[] = [
  { header: 'ADDRESS', value: (d) => d.address },
  { header: 'IDS', value: (d) => d.ids },
  { header: 'KIND', value: (d) => d.kind },
  { header: 'BOUND HERE', value: (d) => d.boundHere ?? '-' },
  { header: 'STATE', value: (d) => d.state },
  {
    header: 'DRIVERS IN THE IMAGE',
    value: (d) =>
      Object.entries(d.drivers)
        .map(([kernel, drivers]) => `${kernel}: ${drivers.join(', ') || 'none'}`)
        .join('; '),
  },
];

/**
 * `host check-drivers <host> [--os-profile P]`: does the profile's image have drivers for the
 * host's PCI devices? orchd answers from stored facts (the node's last onboarding, the profile's
 * validation report); nothing is sent to the node. Exit 1 when a device is missing.
 */
export function defineHostCheckDrivers(command: Command, ctx: CliContext): Command {
  return addOutputOption(
    command
      .description(
        "check that the OS profile's image has drivers for the host's storage and network controllers",
      )
      .argument('<id|name|serial>', 'the host id (host-…), its name or its serial number')
      .option('--os-profile <name|id>', "the OS profile to check against (default: the host's instance's)"),
  )
    .addHelpText(
      'after',
      `
From stored facts only: the PCI devices the node reported at onboarding and the kernels the
profile's image validation found. Exit 0 covered (or unknown: the reason is printed), 1 missing.
Accept a known gap with host or profile metadata accepted-driver-gaps (e.g. 8086-125c).

Examples:
  orch-cli host check-drivers edge-1
  orch-cli host check-drivers host-1a2b3c4d --os-profile "Ubuntu 24.04 custom" -o json`,
    )
    .action(async (ref: string, o: { osProfile?: string; output: OutputFormat }, cmd: Command) => {
      const { client, settings } = await ctx.client(cmd);
      const host = await resolveHost(client, settings.project, ref);
      const profile = o.osProfile ? await resolveProfile(client, settings.project, o.osProfile) : undefined;
      const path = `/v1/projects/${encodeURIComponent(settings.project)}/compute/hosts/${encodeURIComponent(host.resourceId)}/driver-check`;
      const result = await client.request<DriverCheckResult>('GET', path, {
        query: { osProfileId: profile?.resourceId },
      });
      ctx.io.stdout(renderOutput(o.output, result, () => describe(hostLabel(host), result)));
      if (result.state === 'missing')
        throw new CliError(`${result.missing.length} device(s) without a driver in the image`, EXIT.failed);
    });
}

function describe(label: string, r: DriverCheckResult): string {
  if (r.state === 'unknown') return `${label} against ${r.osProfileId}: not known: ${r.reason ?? ''}\n`;
  const head = `${label} against ${r.osProfileId} (kernel ${r.kernels.join(', ')}): ${r.state}\n`;
  const lines = [...r.missing.map((m) => `missing: ${m}\n`), ...r.accepted.map((a) => `accepted: ${a}\n`)];
  return `${head}${r.devices.length > 0 ? renderTable(COLUMNS, r.devices) : ''}${lines.join('')}`;
}
