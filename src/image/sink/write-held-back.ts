/**
 * The commit step of the disk sink: writes the held-back backup GPT (moved to the target's end when
 * the target is larger, as `sgdisk -e` does), syncs, then writes the first MiB and syncs again,
 * so the disk becomes bootable only once everything else is durable.
 * @module
 */
import { relocateBackupGpt } from '../gpt/gpt-relocate.js';
import type { DiskTarget } from './disk-target.js';
import type { HeldBackPlan } from './held-back-plan.js';

/** What was held back, and where it goes. */
export interface HeldBackRegions {
  readonly target: DiskTarget;
  readonly plan: HeldBackPlan;
  /** The image's first bytes (up to 1 MiB). */
  readonly head: Uint8Array;
  /** The image's backup GPT region beyond `head`, for a GPT image. */
  readonly tail: { readonly start: number; readonly bytes: Uint8Array } | undefined;
  /** True when unwritten target ranges read as zeros (no need to clear a stale backup). */
  readonly zeroed: boolean;
}

/** Writes the held-back regions; returns whether the backup GPT moved and how many image bytes they were. */
export async function writeHeldBack(
  held: HeldBackRegions,
): Promise<{ relocated: boolean; imageBytes: number }> {
  const { target, plan, tail } = held;
  let primary = held.head;
  let relocated = false;
  if (plan.kind === 'gpt') {
    const lastLba = BigInt(Math.floor(target.size / plan.sectorSize)) - 1n;
    if (lastLba !== plan.header.alternateLba) {
      const moved = relocateBackupGpt(held.head, target.size);
      primary = moved.primary;
      // The image's own backup must not survive in the middle of the disk as a stale table.
      primary.fill(0, Math.min(plan.tailStart, primary.length), Math.min(plan.tailEnd, primary.length));
      if (tail && !held.zeroed) await target.write(new Uint8Array(tail.bytes.length), tail.start);
      await target.write(moved.backup, moved.backupOffset);
      relocated = true;
    } else if (tail) {
      await target.write(tail.bytes, tail.start);
    }
  }
  await target.sync();
  await target.write(primary, 0);
  await target.sync();
  return { relocated, imageBytes: held.head.length + (tail?.bytes.length ?? 0) };
}
