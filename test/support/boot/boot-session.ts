/**
 * @module
 * What a boot test file shares: the cached artefacts, the accelerator chosen by the probe, a
 * temporary folder for its disks (removed at exit), and `boot(disk)` with the bound and the
 * variable store filled in. `BOOT_PROOF_TIMEOUT_S` changes the bound of one boot (default 180 s:
 * a boot takes 10-30 s under TCG, more on a loaded 2-core machine).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeAccelerator, type AcceleratorChoice } from './accelerator-probe.js';
import { bootArtefacts, type BootArtefacts } from './boot-artefacts.js';
import { readBootReport, type BootReport } from './boot-serial.js';
import { bootDisk, OVMF_BLANK_VARS, type BootRun } from './qemu-boot.js';

/** A boot's run and what its console showed. */
export interface BootResult extends BootRun {
  readonly report: BootReport;
}

/** A test file's boot setup. */
export interface BootSession {
  readonly artefacts: BootArtefacts;
  readonly accelerator: AcceleratorChoice;
  /** A fresh folder for this file's disks. */
  readonly dir: string;
  /** Boots `disk` with our keys enrolled and Secure Boot enforced (or, `secureBoot: false`, a blank store). */
  boot(disk: string, options?: { secureBoot?: boolean; writable?: boolean }): Promise<BootResult>;
}

/** The bound of one boot, in milliseconds. */
export const BOOT_TIMEOUT_MS = Number(process.env.BOOT_PROOF_TIMEOUT_S ?? 180) * 1000;

/** Builds (or finds cached) the artefacts and probes the accelerator. */
export async function openBootSession(): Promise<BootSession> {
  const dir = mkdtempSync(join(tmpdir(), 'edge-orch-boot-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const artefacts = await bootArtefacts();
  const accelerator = await probeAccelerator(dir);
  return {
    artefacts,
    accelerator,
    dir,
    async boot(disk, options = {}) {
      const run = await bootDisk({
        disk,
        vars: options.secureBoot === false ? OVMF_BLANK_VARS : artefacts.secureBootVars,
        accel: accelerator.accel,
        timeoutMs: BOOT_TIMEOUT_MS,
        writable: options.writable,
      });
      return { ...run, report: readBootReport(run.serial) };
    },
  };
}
