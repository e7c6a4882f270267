/**
 * @module
 * KVM where it can run OVMF, TCG otherwise. Some KVMs cannot execute firmware at all (a
 * paravirtual KVM for nested guests without VT-x fails with "KVM internal error ... emulation
 * failure"), so /dev/kvm being there is not enough: the probe boots OVMF on an empty disk and
 * takes KVM only when the firmware got as far as giving up on it. `BOOT_PROOF_ACCEL=kvm|tcg`
 * skips the probe.
 */
import { constants } from 'node:fs';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bootDisk, OVMF_BLANK_VARS } from './qemu-boot.js';

/** An accelerator QEMU can boot OVMF with here. */
export type Accelerator = 'kvm' | 'tcg';

/** Why the accelerator was chosen, for the test log. */
export interface AcceleratorChoice {
  readonly accel: Accelerator;
  readonly reason: string;
}

/** Probes once (about 2 s when KVM fails, a few seconds when it works). */
export async function probeAccelerator(workDir: string): Promise<AcceleratorChoice> {
  const forced = process.env.BOOT_PROOF_ACCEL;
  if (forced === 'kvm' || forced === 'tcg') return { accel: forced, reason: 'BOOT_PROOF_ACCEL' };
  try {
    await access('/dev/kvm', constants.R_OK | constants.W_OK);
  } catch {
    return { accel: 'tcg', reason: 'no usable /dev/kvm' };
  }
  const dir = await mkdtemp(join(workDir, '.kvm-probe-'));
  try {
    const disk = join(dir, 'empty.raw');
    await writeFile(disk, new Uint8Array(1024 * 1024));
    const run = await bootDisk({ disk, vars: OVMF_BLANK_VARS, accel: 'kvm', timeoutMs: 30_000 });
    if (run.outcome === 'firmware-gave-up') return { accel: 'kvm', reason: 'KVM runs OVMF' };
    const why = run.stderr.split('\n').find((line) => line.trim()) ?? run.outcome;
    return { accel: 'tcg', reason: `KVM cannot run OVMF here (${why.trim()})` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
