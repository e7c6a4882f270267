/**
 * The disk to provision when none is given, as EMF chooses it: the largest non-removable disk.
 * The reason is returned for the log, so the operator can see why.
 * @module
 */
import { OrchError } from '../../core/errors/index.js';
import type { BlockDisk } from './read-node-facts.js';

/** The chosen disk's device path and why it was chosen. */
export function chooseDisk(disks: readonly BlockDisk[]): { path: string; reason: string } {
  const fixed = disks
    .filter((d) => !d.removable)
    .sort((a, b) => b.sizeBytes - a.sizeBytes || a.name.localeCompare(b.name));
  const chosen = fixed[0];
  if (!chosen) {
    const seen = disks.map((d) => `${d.name}${d.removable ? ' (removable)' : ''}`).join(', ') || 'none';
    throw new OrchError(
      'DISK_NOT_FOUND',
      `no non-removable disk to provision (disks seen: ${seen}); give one with --disk`,
    );
  }
  const others = disks
    .filter((d) => d !== chosen)
    .map((d) => `${d.name} ${gib(d.sizeBytes)}${d.removable ? ' removable' : ''}`);
  return {
    path: `/dev/${chosen.name}`,
    reason: `chose /dev/${chosen.name} (${gib(chosen.sizeBytes)}${chosen.model ? `, ${chosen.model}` : ''}): the largest non-removable disk${others.length ? `; also seen: ${others.join(', ')}` : ''}`,
  };
}

const gib = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
