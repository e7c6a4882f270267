import { parse, stringify } from 'yaml';
import { OrchError } from '../errors/index.js';
import type { OsFamily } from '../os-profile/os-profile-types.js';
import { readProvisioningOptions } from '../os-profile/provisioning-options.js';

/** Where the node's agent finds its configuration and orchd's CA after the reboot. */
export const AGENT_CONFIG_PATH = '/etc/edge-orch/agent.yaml';
export const AGENT_CA_PATH = '/etc/edge-orch/orchestrator-ca.pem';
/** Kernel options land here on Ubuntu (GRUB drop-in); EMT's UKIs carry a signed command line. */
export const GRUB_DROP_IN_PATH = '/etc/default/grub.d/90-edge-orch.cfg';

/** Metadata keys (folded) that carry extra kernel command-line options. */
const KERNEL_OPTION_KEYS = ['kerneloptions', 'kernelcmdline'];
/** Largest custom cloud-init accepted (a whole cloud-config fits well under this). */
export const CUSTOM_CLOUD_INIT_MAX = 64 * 1024;

/** What the user-data is rendered from. `credential` is present only at fetch time, never stored. */
export interface UserDataInput {
  readonly hostId: string;
  readonly projectName: string;
  readonly orchestratorUrl: string;
  /** PEM of the CA that signs orchd's certificate; '' when the node should use its system roots. */
  readonly orchestratorCaPem: string;
  readonly credential: string;
  readonly osFamily: OsFamily;
  readonly sshKeys: readonly string[];
  /** A `#cloud-config` mapping merged into ours; '' when none. */
  readonly customCloudInit: string;
  /** The profile's metadata (kernel options, kernel version). */
  readonly metadata: Readonly<Record<string, string>>;
}

type CloudConfig = Record<string, unknown>;

/**
 * Parses an operator's custom cloud-init: a YAML mapping (a `#cloud-config` header is allowed and
 * implied). InvalidArgument naming the problem otherwise.
 */
export function parseCustomCloudInit(text: string): CloudConfig {
  if (text.trim() === '') return {};
  if (text.length > CUSTOM_CLOUD_INIT_MAX) {
    throw new OrchError('InvalidArgument', `customCloudInit is larger than ${CUSTOM_CLOUD_INIT_MAX} bytes`, {
      details: { field: 'customCloudInit' },
    });
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new OrchError('InvalidArgument', `customCloudInit is not valid YAML: ${reason}`, {
      details: { field: 'customCloudInit' },
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new OrchError('InvalidArgument', 'customCloudInit must be a #cloud-config mapping', {
      details: { field: 'customCloudInit' },
    });
  }
  return value as CloudConfig;
}

/** Keys whose lists are concatenated (ours first) when the custom cloud-config has them too. */
const LIST_KEYS = ['write_files', 'runcmd', 'ssh_authorized_keys', 'packages', 'bootcmd'];

/**
 * The node's cloud-init `user-data`: its hostname (the host id), orchd's CA and the agent
 * configuration with the node credential (mode 0600), SSH keys, kernel options from the profile
 * metadata, and the operator's custom cloud-config merged in (lists appended, other keys theirs
 * unless they are the agent's files).
 */
export function renderUserData(input: UserDataInput): string {
  const options = readProvisioningOptions(input.metadata);
  const kernelOptions = kernelOptionsOf(input.metadata);
  const agentConfig = stringify({
    orchestratorUrl: input.orchestratorUrl,
    projectName: input.projectName,
    hostId: input.hostId,
    credential: input.credential,
    caFile: input.orchestratorCaPem ? AGENT_CA_PATH : '',
  });
  const writeFiles: CloudConfig[] = [
    { path: AGENT_CONFIG_PATH, permissions: '0600', owner: 'root:root', content: agentConfig },
  ];
  if (input.orchestratorCaPem) {
    writeFiles.push({ path: AGENT_CA_PATH, permissions: '0644', content: input.orchestratorCaPem });
  }
  const runcmd: string[] = [];
  if (kernelOptions && input.osFamily === 'ubuntu') {
    writeFiles.push({
      path: GRUB_DROP_IN_PATH,
      permissions: '0644',
      content: `GRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX_DEFAULT ${kernelOptions}"\n`,
    });
    runcmd.push('update-grub');
  }
  const ours: CloudConfig = {
    hostname: input.hostId,
    preserve_hostname: false,
    write_files: writeFiles,
    ...(input.sshKeys.length > 0 ? { ssh_authorized_keys: [...input.sshKeys] } : {}),
    ...(options.kernelVersion && input.osFamily === 'ubuntu' ? { packages: [options.kernelVersion] } : {}),
    ...(runcmd.length > 0 ? { runcmd } : {}),
  };
  const merged = mergeCloudConfig(ours, parseCustomCloudInit(input.customCloudInit));
  return `#cloud-config\n${stringify(merged, { lineWidth: 0 })}`;
}

function mergeCloudConfig(ours: CloudConfig, custom: CloudConfig): CloudConfig {
  const merged: CloudConfig = { ...ours };
  for (const [key, value] of Object.entries(custom)) {
    if (LIST_KEYS.includes(key) && Array.isArray(value)) {
      const mine = Array.isArray(merged[key]) ? (merged[key] as unknown[]) : [];
      // The agent's files are orchd's: a custom entry with the same path would cut the node off.
      const kept = key === 'write_files' ? value.filter((entry) => !isAgentFile(entry)) : value;
      merged[key] = [...mine, ...kept];
    } else if (key !== 'hostname') {
      merged[key] = value;
    }
  }
  return merged;
}

function isAgentFile(entry: unknown): boolean {
  const path = typeof entry === 'object' && entry !== null ? (entry as { path?: unknown }).path : undefined;
  return path === AGENT_CONFIG_PATH || path === AGENT_CA_PATH;
}

function kernelOptionsOf(metadata: Readonly<Record<string, string>>): string | undefined {
  for (const [key, value] of Object.entries(metadata)) {
    if (KERNEL_OPTION_KEYS.includes(key.toLowerCase().replace(/[-_]/g, '')) && value.trim() !== '') {
      // One line: a newline or quote would break out of the GRUB variable.
      return value.replace(/["\\$`\r\n]/g, ' ').trim();
    }
  }
  return undefined;
}
