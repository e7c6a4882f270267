/**
 * The boot order the agent sets: the newest `edge-orch` entry first, the other disk entries next,
 * network boot (PXE, HTTP boot: entries whose device path names a MAC or whose label says so) last.
 * Input is `efibootmgr`'s listing.
 * @module
 */

interface BootEntry {
  readonly id: string;
  readonly text: string;
}

/** Parses `Boot0003* label\tpath` lines and orders them as described. */
export function bootOrder(listing: string): string[] {
  const entries: BootEntry[] = [];
  for (const line of listing.split('\n')) {
    const match = /^Boot([0-9A-Fa-f]{4})\*?\s+(.*)$/.exec(line);
    if (match) entries.push({ id: match[1]!.toUpperCase(), text: match[2]! });
  }
  const isNetwork = (e: BootEntry): boolean => /MAC\(|PXE|HTTP|network|IPv4|IPv6/i.test(e.text);
  const ours = entries.filter((e) => /^edge-orch\b/.test(e.text)).slice(-1);
  const rest = entries.filter((e) => !ours.includes(e));
  return [...ours, ...rest.filter((e) => !isNetwork(e)), ...rest.filter(isNetwork)].map((e) => e.id);
}
