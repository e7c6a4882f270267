/**
 * en-agent's command line: parses and validates the flags, then hands them to provisionNode.
 * Exit status: 0 provisioned (or nothing left to do), 1 the workflow failed (the reason is printed
 * and is in the host's status), 2 bad usage, 3 the agent itself could not go on (orchd unreachable,
 * disk unusable).
 * @module
 */
import { Command, InvalidArgumentError } from 'commander';
import { isOrchError } from '../../core/errors/index.js';
import { provisionNode, type ProvisionNodeOptions } from '../provision-node.js';

const EXAMPLES = `
Examples:
  en-agent --orchestrator https://orchd.example:8443 --ca /etc/edge-node/orch-ca.pem
  en-agent --orchestrator https://orchd.example:8443 --ca orch-ca.pem --disk /dev/nvme0n1
  en-agent --orchestrator https://127.0.0.1:8443 --ca orch-ca.pem --disk ./node.img --disk-size 64G --uuid 4c4c4544-0042-4a10-8052-b4c04f4e3332 --serial SN0001
  en-agent --orchestrator https://127.0.0.1:8443 --ca orch-ca.pem --disk ./emt-node.img --disk-size 40G --uuid 0b8f5e1c-7a2d-4e3f-9c1b-2d3e4f5a6b7c --serial SN0002 --secure-boot off --state-dir ./emt-node.state
`;

/** `64G`, `512M`, `1T` or bytes. */
export function parseSize(text: string): number {
  const match = /^(\d+)([KMGT]?)i?B?$/i.exec(text.trim());
  if (!match) throw new InvalidArgumentError('a size such as 64G, 512M or a number of bytes');
  const unit = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 }[
    match[2]!.toUpperCase() as '' | 'K' | 'M' | 'G' | 'T'
  ];
  return Number(match[1]) * unit;
}

/** Parsed flags. */
export interface AgentFlags {
  orchestrator: string;
  ca?: string;
  disk?: string;
  diskSize?: number;
  uuid?: string;
  serial?: string;
  secureBoot?: 'on' | 'off';
  mac?: string[];
  stateDir?: string;
  sysRoot?: string;
}

/** The commander program; `action` receives the parsed flags (tests pass their own). */
export function agentProgram(action: (flags: AgentFlags) => Promise<void>): Command {
  return new Command('en-agent')
    .description(
      "edge-orch's edge node agent: onboards the node, then writes, lays out and configures its disk as orchd's workflow says",
    )
    .requiredOption('--orchestrator <url>', "orchd's URL", (v) => {
      if (!/^https?:\/\//.test(v)) throw new InvalidArgumentError('an https:// URL');
      return v;
    })
    .option('--ca <file>', "PEM of the CA orchd's certificate chains to (default: the system's roots)")
    .option(
      '--disk <path>',
      'the disk: a block device, or a regular file for a virtual edge node (default: the largest non-removable disk)',
    )
    .option('--disk-size <size>', 'size to create a file disk with (64G, 40G...)', parseSize)
    .option(
      '--uuid <uuid>',
      'SMBIOS UUID (default: /sys/class/dmi/id/product_uuid; required with a file disk)',
    )
    .option(
      '--serial <serial>',
      'serial number (default: /sys/class/dmi/id/product_serial; required with a file disk)',
    )
    .option(
      '--secure-boot <on|off>',
      'Secure Boot state (default: the SecureBoot EFI variable; off for a file disk)',
      (v) => {
        if (v !== 'on' && v !== 'off') throw new InvalidArgumentError('on or off');
        return v;
      },
    )
    .option('--mac <mac...>', 'NIC MACs, the provisioning NIC first (default: /sys/class/net)')
    .option('--state-dir <dir>', 'keeps the node credential between runs (mode 0600)')
    .option(
      '--sys-root <dir>',
      'root the /sys facts are read from (default /); with a file disk, its sys/bus/pci, sys/bus/usb and sys/class/net give the PCI and USB inventory and the NICs',
    )
    .addHelpText('after', EXAMPLES)
    .action((flags: AgentFlags) => action(flags));
}

/** Runs the program; resolves with the exit status. */
export async function runAgentCli(
  argv: readonly string[],
  err: (text: string) => void = (t) => process.stderr.write(t),
): Promise<number> {
  let status = 0;
  const program = agentProgram(async (flags) => {
    const options: ProvisionNodeOptions = {
      orchestratorUrl: flags.orchestrator,
      ...(flags.ca ? { caFile: flags.ca } : {}),
      ...(flags.disk ? { disk: flags.disk } : {}),
      ...(flags.diskSize ? { diskSize: flags.diskSize } : {}),
      ...(flags.uuid ? { uuid: flags.uuid } : {}),
      ...(flags.serial ? { serial: flags.serial } : {}),
      ...(flags.secureBoot ? { secureBoot: flags.secureBoot === 'on' } : {}),
      ...(flags.mac ? { macs: flags.mac.map((m) => m.toLowerCase()) } : {}),
      ...(flags.stateDir ? { stateDir: flags.stateDir } : {}),
      ...(flags.sysRoot ? { sysRoot: flags.sysRoot } : {}),
      log: (line) => err(`en-agent: ${line}\n`),
    };
    try {
      const result = await provisionNode(options);
      if (result.status === 'succeeded') err(`en-agent: host ${result.hostId} provisioned\n`);
      else err(`en-agent: provisioning failed: ${result.error?.code}: ${result.error?.message}\n`);
      status = result.status === 'succeeded' ? 0 : 1;
    } catch (error) {
      err(
        `en-agent: ${isOrchError(error) ? `${error.code}: ` : ''}${error instanceof Error ? error.message : String(error)}\n`,
      );
      status = isOrchError(error, 'InvalidArgument') ? 2 : 3;
    }
  });
  program.exitOverride().configureOutput({ writeErr: err });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    const code = (error as { code?: string }).code;
    return code === 'commander.helpDisplayed' || code === 'commander.version' ? 0 : 2;
  }
  return status;
}
