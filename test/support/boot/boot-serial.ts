/**
 * @module
 * Reads what a boot printed on the serial console: the firmware's verdict, the kernel's Secure
 * Boot line, and the lines of our /init (boot-init.sh), whose prefixes are fixed: `BOOTPROOF:`,
 * `os-release|`, `meta-data|`, `user-data|`, `network-config|`.
 */

/** A file the seed's write_files put in place, as /init listed it. */
export interface SeededFile {
  readonly path: string;
  /** Octal mode as `stat -c %a` prints it, e.g. `600`. */
  readonly mode: string;
  readonly sha256: string;
}

/** What a boot showed. */
export interface BootReport {
  /** The firmware refused a boot option (its name and the reason, e.g. `Access Denied`). */
  readonly firmwareRefusals: readonly string[];
  /** The kernel's "Secure boot enabled" (arch/x86 setup) was printed. */
  readonly kernelSecureBoot: boolean;
  /** /init reached the end. */
  readonly done: boolean;
  /** /init's reason when it stopped early. */
  readonly failed: string | undefined;
  /** The /proc/mounts line of the root filesystem. */
  readonly rootMount: string | undefined;
  /** The verity device /init opened (`/dev/mapper/rootfs_verity`), if any. */
  readonly verityDevice: string | undefined;
  readonly osRelease: Readonly<Record<string, string>>;
  readonly metaData: string;
  readonly userData: string;
  readonly seededFiles: readonly SeededFile[];
  /** Every `BOOTPROOF:` line, for messages. */
  readonly proofLines: readonly string[];
}

/** Parses a cleaned serial console (see cleanConsole). */
export function readBootReport(serial: string): BootReport {
  const lines = serial.split('\n');
  const prefixed = (prefix: string): string[] =>
    lines.filter((l) => l.startsWith(`${prefix}| `)).map((l) => l.slice(prefix.length + 2));
  const proofLines = lines.filter((l) => l.startsWith('BOOTPROOF: ')).map((l) => l.slice(11));
  const osRelease: Record<string, string> = {};
  for (const line of prefixed('os-release')) {
    const match = /^([A-Z0-9_]+)=("?)(.*)\2$/.exec(line);
    if (match) osRelease[match[1]!] = match[3]!;
  }
  const seededFiles = proofLines.flatMap((line) => {
    const match = /^write_files (\S+) mode (\d+) sha256 ([0-9a-f]{64})$/.exec(line);
    return match ? [{ path: match[1]!, mode: match[2]!, sha256: match[3]! }] : [];
  });
  return {
    firmwareRefusals: lines.flatMap((l) => {
      const match = /failed to (?:load|start) (Boot[0-9A-F]{4} .*): (Access Denied|Security Violation)$/.exec(
        l,
      );
      return match ? [`${match[1]}: ${match[2]}`] : [];
    }),
    // Anywhere in a line: on a loaded machine the console may interleave the kernel's message with
    // our /init's output, and /init never prints these words itself.
    kernelSecureBoot: lines.some((l) => /\] secureboot: Secure boot enabled/.test(l)),
    done: proofLines.includes('DONE'),
    failed: proofLines.find((l) => l.startsWith('FAILED '))?.slice(7),
    rootMount: proofLines.find((l) => l.startsWith('root mounted: '))?.slice(14),
    verityDevice: /^verity: opened (\S+)$/.exec(
      proofLines.find((l) => l.startsWith('verity: opened ')) ?? '',
    )?.[1],
    osRelease,
    metaData: prefixed('meta-data').join('\n'),
    userData: prefixed('user-data').join('\n'),
    seededFiles,
    proofLines,
  };
}
