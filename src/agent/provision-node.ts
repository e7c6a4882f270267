/**
 * The programmatic entry of en-agent: provision this node (hardware) or a virtual edge node (a
 * regular file as its disk) against an orchd. The program (bin/en-agent.ts) and tests call this.
 * @module
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { OrchError } from '../core/errors/index.js';
import { probeNodeDisk, type DiskRef } from './disk/node-disk.js';
import { chooseDisk } from './facts/choose-disk.js';
import type { NodeFacts } from './facts/node-facts.js';
import { readNodeFacts } from './facts/read-node-facts.js';
import { readNetDevices } from './facts/read-net-devices.js';
import { readPciDevices } from './facts/read-pci-devices.js';
import { readUsbDevices } from './facts/read-usb-devices.js';
import type { NodeNic, PciDevice, UsbDevice } from '../core/workflow/index.js';
import { systemClock, type AgentClock } from './run/agent-clock.js';
import { runAgent, type AgentResult } from './run/run-agent.js';
import type { StepContext } from './steps/step-executor.js';
import { systemToolRunner, type ToolRunner } from './tools/tool-runner.js';
import { httpTransport } from './transport/http-transport.js';
import type { Transport } from './transport/transport.js';

/** What to provision and how. */
export interface ProvisionNodeOptions {
  /** orchd's base URL. */
  readonly orchestratorUrl: string;
  /** Path of orchd's CA certificate (PEM); absent: the system's roots. */
  readonly caFile?: string;
  /** A block device, or a regular file (created sparse with `diskSize`) for a virtual edge node. */
  readonly disk?: string;
  readonly diskSize?: number;
  /** SMBIOS UUID and serial; required for a file disk, override /sys/class/dmi/id on hardware. */
  readonly uuid?: string;
  readonly serial?: string;
  /** Secure Boot state; a file disk defaults to off, hardware reads the EFI variable. */
  readonly secureBoot?: boolean;
  /** NIC MACs (provisioning NIC first); a file disk defaults to one derived from the UUID. */
  readonly macs?: readonly string[];
  /** Keeps the node credential between runs. */
  readonly stateDir?: string;
  readonly log?: (line: string) => void;
  readonly signal?: AbortSignal;
  // Injected for tests.
  readonly transport?: Transport;
  readonly tools?: ToolRunner;
  readonly clock?: AgentClock;
  /**
   * Root of the /sys and /proc tree the node's facts are read from (default `/`). With a file
   * disk, only the PCI and USB devices and the NICs (/sys/class/net) are read from it (a virtual
   * node with a fake or rebuilt sysfs); NICs fall back to the MAC flags when it has none.
   */
  readonly sysRoot?: string;
  readonly imageSource?: StepContext['imageSource'];
  readonly stepTries?: number;
  readonly retryDelayMs?: number;
  readonly minProgressMs?: number;
}

/** Provisions; resolves with how the workflow ended (and the disk it wrote). */
export async function provisionNode(
  options: ProvisionNodeOptions,
): Promise<AgentResult & { readonly disk: DiskRef }> {
  const log = options.log ?? ((line: string) => process.stderr.write(`en-agent: ${line}\n`));
  const { facts, disk } = await factsAndDisk(options, log);
  log(
    `node ${facts.uuid} (serial ${facts.serialNumber}), disk ${disk.path} (${disk.kind}, ${disk.size} bytes), Secure Boot ${facts.secureBoot ? 'on' : 'off'}`,
  );
  const caPem = options.caFile ? await readFile(options.caFile, 'utf8') : undefined;
  const result = await runAgent({
    transport:
      options.transport ?? httpTransport({ baseUrl: options.orchestratorUrl, ...(caPem ? { caPem } : {}) }),
    facts,
    disk,
    tools: options.tools ?? systemToolRunner(),
    clock: options.clock ?? systemClock,
    log,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.stateDir ? { credentials: { dir: options.stateDir } } : {}),
    ...(options.imageSource ? { imageSource: options.imageSource } : {}),
    ...(options.stepTries === undefined ? {} : { stepTries: options.stepTries }),
    ...(options.retryDelayMs === undefined ? {} : { retryDelayMs: options.retryDelayMs }),
    ...(options.minProgressMs === undefined ? {} : { minProgressMs: options.minProgressMs }),
  });
  return { ...result, disk };
}

async function factsAndDisk(
  options: ProvisionNodeOptions,
  log: (line: string) => void,
): Promise<{ facts: NodeFacts; disk: DiskRef }> {
  const virtual = options.disk !== undefined && !options.disk.startsWith('/dev/');
  if (virtual) {
    if (!options.uuid || !options.serial) {
      throw new OrchError(
        'InvalidArgument',
        'a file disk is a virtual edge node: give its --uuid and --serial',
      );
    }
    const disk = await probeNodeDisk(options.disk!, options.diskSize);
    const devices = options.sysRoot
      ? {
          pci: await readPciDevices(options.sysRoot),
          usb: await readUsbDevices(options.sysRoot),
          nics: await readNetDevices(options.sysRoot),
        }
      : undefined;
    return { disk, facts: virtualFacts(options, disk, devices) };
  }
  const read = await readNodeFacts(options.sysRoot ?? '/');
  let path = options.disk;
  if (!path) {
    const chosen = chooseDisk(read.disks);
    log(chosen.reason);
    path = chosen.path;
  }
  const facts: NodeFacts = {
    ...read,
    uuid: options.uuid ?? read.uuid,
    serialNumber: options.serial ?? read.serialNumber,
    secureBoot: options.secureBoot ?? read.secureBoot,
    macs: options.macs ?? read.macs,
  };
  if (!facts.uuid || !facts.serialNumber)
    throw new OrchError(
      'InvalidArgument',
      'no SMBIOS UUID or serial in /sys/class/dmi/id: give --uuid and --serial',
    );
  return { facts, disk: await probeNodeDisk(path, options.diskSize) };
}

/** What a sysfs root gave a virtual node. */
interface VirtualDevices {
  readonly pci: readonly PciDevice[];
  readonly usb: readonly UsbDevice[];
  readonly nics: readonly NodeNic[];
}

/**
 * A virtual node's facts. Its NICs are the sysfs root's /sys/class/net when that has any, as on
 * hardware; else one `eth<i>` per MAC flag (or one MAC derived from the UUID). `--mac` keeps
 * hardware's meaning either way: the MACs orchd is told, provisioning NIC first.
 */
function virtualFacts(
  options: ProvisionNodeOptions,
  disk: DiskRef,
  devices: VirtualDevices | undefined,
): NodeFacts {
  // A stable locally administered MAC per node (QEMU's 52:54:00 prefix).
  const hash = createHash('sha256').update(options.uuid!).digest();
  const mac = `52:54:00:${[hash[0], hash[1], hash[2]].map((b) => b!.toString(16).padStart(2, '0')).join(':')}`;
  const sysNics = devices?.nics.length ? devices.nics : undefined;
  const macs = options.macs ?? sysNics?.map((n) => n.mac) ?? [mac];
  return {
    uuid: options.uuid!.toLowerCase(),
    serialNumber: options.serial!,
    secureBoot: options.secureBoot ?? false,
    uefi: true,
    tpm: false,
    macs,
    ramBytes: null,
    inventory: {
      nics: sysNics ?? macs.map((m, i) => ({ name: `eth${i}`, mac: m })),
      storages: [{ name: disk.path, sizeBytes: disk.size, removable: false }],
      ...(devices ? { pciDevices: devices.pci, usbDevices: devices.usb } : {}),
      secureBoot: options.secureBoot ?? false,
    },
  };
}
