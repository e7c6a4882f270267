/**
 * @module
 * A bounded QEMU boot: q35 with SMM and OVMF's Secure Boot build, a copy of the given variable
 * store, the disk on virtio (read-only snapshot unless asked), an e1000e NIC on a host-isolated
 * user network (no option ROM, so the firmware never tries a network boot), a USB NIC (QEMU's
 * usb-net, CDC Ethernet/RNDIS) on an xHCI controller and its own isolated user network (OVMF
 * carries no USB network driver, so it is no boot option either), the serial console on a pipe. A
 * watcher reads the console as it comes and ends QEMU when the firmware gives up on every boot
 * option (it would sit at its menu forever), a timer ends it after `timeoutMs`, and an abort
 * signal or the test process exiting ends it too: nothing is left running.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** OVMF built with Secure Boot and SMM (the variable store is only writable from SMM). */
export const OVMF_SECURE_CODE = '/usr/share/OVMF/OVMF_CODE_4M.secboot.fd';
/** The blank variable store that goes with it (Secure Boot off: setup mode, no keys). */
export const OVMF_BLANK_VARS = '/usr/share/OVMF/OVMF_VARS_4M.fd';
export const QEMU = 'qemu-system-x86_64';

/** The firmware's last words when nothing it may boot is left. */
const FIRMWARE_GAVE_UP = 'No bootable option or device was found';

/** How QEMU ended. */
export type BootOutcome =
  /** The guest powered itself off (our /init's `poweroff -f`, or a panic with panic=-1 and -no-reboot). */
  | 'powered-off'
  /** The watcher ended QEMU: the firmware found nothing it would boot. */
  | 'firmware-gave-up'
  /** The time limit ended QEMU. */
  | 'timeout'
  /** Aborted by the caller. */
  | 'aborted'
  /** QEMU itself failed (exit status other than 0). */
  | 'qemu-failed';

/** The result of one boot. */
export interface BootRun {
  readonly outcome: BootOutcome;
  /** The serial console with carriage returns and terminal escapes removed. */
  readonly serial: string;
  readonly seconds: number;
  /** QEMU's stderr (its own errors). */
  readonly stderr: string;
}

/** What to boot and how. */
export interface BootOptions {
  readonly disk: string;
  /** The variable store to start from (copied; the firmware writes to its copy). */
  readonly vars: string;
  readonly accel: 'kvm' | 'tcg';
  readonly timeoutMs: number;
  /** Let the guest write to the disk (default: a throw-away snapshot). */
  readonly writable?: boolean;
  readonly signal?: AbortSignal;
  /** Called with each chunk of console text, e.g. to show a live boot. */
  readonly onSerial?: (text: string) => void;
}

/** Boots `disk` once; resolves when QEMU has ended, however it ended. */
export async function bootDisk(options: BootOptions): Promise<BootRun> {
  const work = await mkdtemp(join(options.disk, '..', '.boot-'));
  try {
    const vars = join(work, 'vars.fd');
    await copyFile(options.vars, vars);
    return await runQemu(qemuArgs(options, vars), options);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** QEMU's command line for a boot of `options.disk` with the variable store `vars`. */
export function qemuArgs(options: Pick<BootOptions, 'disk' | 'accel' | 'writable'>, vars: string): string[] {
  const accel =
    options.accel === 'kvm' ? ['-accel', 'kvm', '-cpu', 'host'] : ['-accel', 'tcg', '-cpu', 'max'];
  return [
    ...accel,
    '-machine', 'q35,smm=on',
    '-global', 'driver=cfi.pflash01,property=secure,value=on',
    '-global', 'ICH9-LPC.disable_s3=1',
    '-drive', `if=pflash,format=raw,unit=0,readonly=on,file=${OVMF_SECURE_CODE}`,
    '-drive', `if=pflash,format=raw,unit=1,file=${vars}`,
    '-drive', `file=${options.disk},format=raw,if=virtio${options.writable ? '' : ',snapshot=on'}`,
    '-netdev', 'user,id=nic0,restrict=on', '-device', 'e1000e,netdev=nic0,romfile=',
    '-device', 'qemu-xhci,id=xhci',
    '-netdev', 'user,id=usbnic0,restrict=on', '-device', 'usb-net,netdev=usbnic0,bus=xhci.0',
    '-m', '512', '-smp', '1', '-nodefaults', '-display', 'none', '-no-reboot',
    '-serial', 'stdio',
  ]; // prettier-ignore
}

/** A PCI function as QEMU's monitor lists it (`info pci`). */
export interface QemuPciFunction {
  /** `0000:00:1f.2` */
  readonly address: string;
  /** QEMU's words for the class, e.g. `Ethernet controller`. */
  readonly kind: string;
  readonly vendor: string;
  readonly device: string;
  readonly subsystemVendor: string;
  readonly subsystemDevice: string;
}

/**
 * The PCI functions of the machine `qemuArgs` defines, from QEMU itself: the machine is created
 * stopped (`-S`, no firmware runs), its monitor answers `info pci`, and it quits.
 */
export async function qemuPciFunctions(disk: string): Promise<QemuPciFunction[]> {
  const work = await mkdtemp(join(disk, '..', '.pci-'));
  try {
    const vars = join(work, 'vars.fd');
    await copyFile(OVMF_BLANK_VARS, vars);
    const args = qemuArgs({ disk, accel: 'tcg' }, vars).map((a) => (a === 'stdio' ? 'none' : a));
    const child = spawn(QEMU, [...args, '-S', '-monitor', 'stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
    child.stdin.end('info pci\nquit\n');
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    if (code !== 0) throw new Error(`${QEMU} -S (info pci) exited ${code}`);
    return parseInfoPci(cleanConsole(out));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Parses the monitor's `info pci` listing. */
export function parseInfoPci(text: string): QemuPciFunction[] {
  const hex = (n: string, digits: number) => Number(n).toString(16).padStart(digits, '0');
  const found: QemuPciFunction[] = [];
  const pattern =
    /Bus\s+(\d+), device\s+(\d+), function (\d+):\n\s+([^:\n]+): PCI device ([0-9a-f]{4}):([0-9a-f]{4})\n\s+PCI subsystem ([0-9a-f]{4}):([0-9a-f]{4})/g;
  for (const m of text.matchAll(pattern)) {
    found.push({
      address: `0000:${hex(m[1]!, 2)}:${hex(m[2]!, 2)}.${m[3]}`,
      kind: m[4]!.trim(),
      vendor: m[5]!,
      device: m[6]!,
      subsystemVendor: m[7]!,
      subsystemDevice: m[8]!,
    });
  }
  return found;
}

function runQemu(args: readonly string[], options: BootOptions): Promise<BootRun> {
  const started = performance.now();
  const child = spawn(QEMU, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let serial = '';
  let stderr = '';
  let endedBy: BootOutcome | undefined;
  const end = (why: BootOutcome): void => {
    endedBy ??= why;
    child.kill('SIGKILL');
  };
  const timer = setTimeout(() => end('timeout'), options.timeoutMs);
  const onAbort = (): void => end('aborted');
  const onExit = (): void => void child.kill('SIGKILL');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  process.once('exit', onExit);
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    serial += text;
    options.onSerial?.(text);
    if (serial.includes(FIRMWARE_GAVE_UP)) end('firmware-gave-up');
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text.slice(0, 4000)));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      process.removeListener('exit', onExit);
      resolve({
        outcome: endedBy ?? (code === 0 ? 'powered-off' : 'qemu-failed'),
        serial: cleanConsole(serial),
        seconds: Math.round((performance.now() - started) / 10) / 100,
        stderr,
      });
    });
  });
}

/** Removes carriage returns and terminal escape sequences (OVMF draws its screen with them). */
export function cleanConsole(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;=?]*[A-Za-z]/g, '').replace(/\r/g, '');
}
