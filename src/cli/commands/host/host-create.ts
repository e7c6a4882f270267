import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { OrchError } from '../../../core/errors/index.js';
import { CliError, EXIT, usageError } from '../../cli-error.js';
import { createHost, type HostSpec } from '../../host/create-host.js';
import { parseMetadataPairs } from '../../host/host-csv.js';
import { hostLabel } from '../../host/host-views.js';
import type { OutputFormat } from '../../output/output-format.js';
import { renderJson, renderYaml } from '../../output/render-document.js';
import { collect } from '../os-profile/certificate-options.js';
import { addOutputOption } from '../os-profile/output-option.js';
import { generateCsv, importCsv } from './host-import.js';

interface CreateHostOptions {
  serial?: string;
  uuid?: string;
  osProfile?: string;
  site?: string;
  secure?: boolean;
  sshKey?: string[];
  cloudInit?: string;
  autoOnboard: boolean;
  metadata?: string[];
  lvmSize?: string;
  generateCsv?: string | true;
  importFromCsv?: string;
  dryRun?: boolean;
  output: OutputFormat;
}

const readText = async (path: string, what: string): Promise<string> => {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${what} ${path}: ${(error as Error).message}`, EXIT.usage);
  }
};

/** OpenSSH public key lines of a file (blank lines and # comments left out). */
async function sshKeys(paths: readonly string[]): Promise<string[]> {
  const keys: string[] = [];
  for (const path of paths) {
    const lines = (await readText(path, 'ssh key file')).split(/\r?\n/).map((l) => l.trim());
    const found = lines.filter((l) => l !== '' && !l.startsWith('#'));
    if (found.length === 0) throw usageError(`ssh key file ${path} has no key`);
    keys.push(...found);
  }
  return keys;
}

/** `--lvm-size`: whole GB, 0 or more. */
function lvmSize(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,6}$/.test(text)) throw usageError(`--lvm-size must be a whole number of GB, not "${text}"`);
  return Number(text);
}

/** The flags' host, checked before any request. */
async function specOf(name: string | undefined, o: CreateHostOptions): Promise<HostSpec> {
  if (!o.serial && !o.uuid) throw usageError('give --serial, --uuid or both: they identify the node');
  if (!o.osProfile) throw usageError('give --os-profile <name|id>: the OS the host is provisioned with');
  const metadata = o.metadata ? parseMetadataPairs(o.metadata.join('&')) : undefined;
  if (metadata instanceof OrchError) throw usageError(`--metadata: ${metadata.message}`);
  return {
    name,
    serialNumber: o.serial,
    uuid: o.uuid,
    osProfile: o.osProfile,
    site: o.site,
    secure: o.secure,
    metadata,
    lvmSize: lvmSize(o.lvmSize),
    sshKeys: o.sshKey ? await sshKeys(o.sshKey) : undefined,
    cloudInit: o.cloudInit ? await readText(o.cloudInit, 'cloud-init file') : undefined,
    autoOnboard: o.autoOnboard,
  };
}

/**
 * `create host [NAME] --serial S --uuid U --os-profile P …` (also `host create`): one host by
 * EMF's flow; or `--generate-csv[=file]` (EMF's template) and `--import-from-csv f.csv
 * [--dry-run]` (many hosts, checked by orchd first).
 */
export function defineHostCreate(command: Command, ctx: CliContext): Command {
  addOutputOption(
    command
      .description('register a host and the OS it is provisioned with (or many, from a CSV file)')
      .argument('[name]', 'host name (up to 50 characters)')
      .option('--serial <serial>', 'serial number of the machine (5 to 20 letters and digits)')
      .option('--uuid <uuid>', 'SMBIOS UUID of the machine')
      .option('--os-profile <name|id>', 'OS profile to provision the host with')
      .option('--site <name|id>', 'site the host belongs to')
      .option('--secure', 'Secure Boot and full disk encryption (needs an SB_FDE profile)')
      .option('--ssh-key <file>', 'OpenSSH public key file authorised on the host (repeatable)', collect)
      .option('--cloud-init <file>', 'a #cloud-config merged into the host user-data')
      .option('--metadata <k=v[&k=v]>', 'host metadata pairs (repeatable)', collect)
      .option('--lvm-size <GB>', 'size of the user LVM volume, GB')
      .option('--no-auto-onboard', 'the node waits for "orch-cli host approve" before it is provisioned')
      .option('--generate-csv [file.csv]', "write EMF's CSV template (default test.csv)")
      .option('--import-from-csv <file.csv>', 'create every host of a CSV file, one line each')
      .option('--dry-run', 'with --import-from-csv: let orchd check every row, create nothing'),
  ).addHelpText(
    'after',
    `
The flow is EMF's: register the node (autoOnboard unless --no-auto-onboard), create its instance
with the OS profile, then set name, site and metadata. A node registered before without an
instance is reused. Follow provisioning with "orch-cli host watch".

CSV columns (EMF's): Serial,UUID,OSProfile,Site,Secure,RemoteUser,Metadata,LVMSize,CloudInitMeta,
K8sEnable,K8sClusterTemplate,K8sConfig,Error - do not fill. Metadata is key=value&key=value.
The dry run asks orchd whether each profile exists and has not failed validation, whether the
serial number and UUID are free and whether Secure matches. Rows that fail are written to
<file>.errors.csv with the Error column filled. Exit 0: every row passed; 1: some failed;
2: the file or the flags are wrong.

Examples:
  orch-cli create host edge-1 --serial SN0001 --uuid 4c4c4544-0035-5210-8036-b4c04f4a5331 \\
    --os-profile "Ubuntu 22.04 custom" --site lab --ssh-key id_ed25519.pub
  orch-cli host create edge-2 --uuid 4c4c4544-0035-5210-8036-b4c04f4a5332 --os-profile os-1a2b3c4d \\
    --secure --no-auto-onboard -o json
  orch-cli create host --generate-csv=myhosts.csv
  orch-cli create host --import-from-csv hosts.csv --dry-run
  orch-cli create host --import-from-csv hosts.csv`,
  );
  return command.action(async (name: string | undefined, o: CreateHostOptions, cmd: Command) => {
    if (o.generateCsv !== undefined) {
      if (o.importFromCsv || name) throw usageError('--generate-csv takes no host and no --import-from-csv');
      return generateCsv(ctx, o.generateCsv === true ? 'test.csv' : o.generateCsv);
    }
    if (o.importFromCsv !== undefined) {
      if (name || o.serial || o.uuid) throw usageError('give either --import-from-csv or one host, not both');
      return importCsv(ctx, cmd, o.importFromCsv, { dryRun: o.dryRun ?? false, output: o.output });
    }
    if (o.dryRun) throw usageError('--dry-run goes with --import-from-csv');
    if (name !== undefined && name.length > 50) throw usageError('a host name has at most 50 characters');
    const spec = await specOf(name, o);
    const { client, settings } = await ctx.client(cmd);
    const created = await createHost(client, settings.project, spec);
    if (o.output === 'json') return ctx.io.stdout(renderJson(created.host));
    if (o.output === 'yaml') return ctx.io.stdout(renderYaml(created.host));
    const how = created.alreadyRegistered ? 'registered already; instance created' : 'created';
    const approve = spec.autoOnboard ? '' : ' (approve it with: orch-cli host approve)';
    ctx.io.stdout(`${hostLabel(created.host)} ${how} with ${created.profile}${approve}\n`);
  });
}
