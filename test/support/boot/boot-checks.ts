/**
 * @module
 * The boot-and-read-the-console steps every boot test repeats, asserted in one place: a disk that
 * boots to its OS under Secure Boot (what the console must show), a disk the firmware never hands
 * to a kernel, a boot our /init stops with a reason; and the one-byte change the dm-verity cases
 * make to a rootfs.
 */
import assert from 'node:assert/strict';
import { open } from 'node:fs/promises';
import type { BootSession } from './boot-session.js';
import type { BootReport, SeededFile } from './boot-serial.js';

/** What a boot printed, with its outcome. */
export type BootResult = Awaited<ReturnType<BootSession['boot']>>;

/** What the console of a boot that reached its OS must show. */
export interface ExpectedOs {
  /** The /proc/mounts line of the root, e.g. /^\/dev\/vda1 \/root ext4 ro,/. */
  readonly rootMount: RegExp;
  /** os-release fields that must have these values. */
  readonly osRelease: Readonly<Record<string, string>>;
  /** `BOOTPROOF:` lines that must be among those printed. */
  readonly proofLines?: readonly string[];
  /** The verity device /init opened the root through. */
  readonly verityDevice?: string;
  /** meta-data keys that must have these values (`key: value` lines). */
  readonly metaData?: Readonly<Record<string, string>>;
  /** Files the seed's write_files must have put in place, with mode and sha256. */
  readonly seededFiles?: readonly SeededFile[];
  /**
   * Boot with Secure Boot enforced (default true; the console must show the kernel's "Secure boot
   * enabled" and SecureBoot=1), or with a blank variable store (SecureBoot=0).
   */
  readonly secureBoot?: boolean;
}

/** Boots `disk` and asserts it reached its OS as `expected` says; returns what it printed. */
export async function bootsToOs(
  session: BootSession,
  disk: string,
  expected: ExpectedOs,
): Promise<BootResult> {
  const run = await session.boot(disk, { secureBoot: expected.secureBoot ?? true });
  const { report } = run;
  const context = `${report.failed ?? ''}\n${run.serial.slice(-3000)}`;
  assert.equal(run.outcome, 'powered-off', context);
  assert.equal(report.failed, undefined, context);
  assert.deepEqual(report.firmwareRefusals, []);
  if (expected.secureBoot ?? true) {
    assert.ok(
      report.kernelSecureBoot,
      `the kernel printed "Secure boot enabled":\n${run.serial.slice(0, 6000)}`,
    );
    assert.ok(
      report.proofLines.some((l) => /^SecureBoot=1 SetupMode=0 /.test(l)),
      report.proofLines.join('\n'),
    );
  } else {
    assert.ok(report.proofLines.some((l) => l.startsWith('SecureBoot=0 ')));
  }
  for (const line of expected.proofLines ?? []) {
    assert.ok(report.proofLines.includes(line), `"${line}" among\n${report.proofLines.join('\n')}`);
  }
  if (expected.verityDevice !== undefined) assert.equal(report.verityDevice, expected.verityDevice);
  assert.match(report.rootMount ?? '', expected.rootMount);
  for (const [key, value] of Object.entries(expected.osRelease)) {
    assert.equal(report.osRelease[key], value, `os-release ${key}`);
  }
  for (const [key, value] of Object.entries(expected.metaData ?? {})) {
    assert.match(report.metaData, new RegExp(`^${key}: ${value}$`, 'm'), report.metaData);
  }
  for (const file of expected.seededFiles ?? []) {
    assert.deepEqual(
      report.seededFiles.find((f) => f.path === file.path),
      file,
      `write_files ${file.path}`,
    );
  }
  assert.ok(report.done, 'the early userspace reached its end');
  return run;
}

/** Boots `disk` and asserts the firmware never started a kernel from it; `refusal` matches its reason. */
export async function neverReachesKernel(
  session: BootSession,
  disk: string,
  refusal?: RegExp,
): Promise<BootResult> {
  const run = await session.boot(disk);
  assert.equal(run.outcome, 'firmware-gave-up', run.serial.slice(-2000));
  assert.doesNotMatch(run.serial, /EFI stub|Linux version/);
  assert.equal(run.report.kernelSecureBoot, false);
  assert.deepEqual(run.report.proofLines, []);
  if (refusal) assert.match(run.report.firmwareRefusals[0] ?? '', refusal);
  return run;
}

/** Boots `disk` and asserts the kernel ran but /init stopped with `failed`, before any os-release. */
export async function bootStops(
  session: BootSession,
  disk: string,
  failed: string,
  console?: RegExp,
): Promise<BootReport> {
  const run = await session.boot(disk);
  assert.equal(run.outcome, 'powered-off', run.serial.slice(-3000));
  if (console) assert.match(run.serial, console);
  assert.equal(run.report.failed, failed);
  assert.equal(run.report.rootMount, undefined);
  assert.deepEqual(run.report.osRelease, {});
  assert.equal(run.report.done, false);
  return run.report;
}

/** Offset of the ext4 volume name in a filesystem (superblock at 1024; in data block 0). */
export const EXT4_VOLUME_NAME = 1024 + 0x78;

/** Inverts the byte at `offset` of the file `path`. */
export async function flipByte(path: string, offset: number): Promise<void> {
  const file = await open(path, 'r+');
  try {
    const byte = new Uint8Array(1);
    await file.read(byte, 0, 1, offset);
    byte[0] = byte[0]! ^ 0xff;
    await file.write(byte, 0, 1, offset);
  } finally {
    await file.close();
  }
}
