import { OrchError } from '../../core/errors/index.js';
import { identify, type Compression } from './format-magic.js';

/** A supported layer found by {@link sniff}: an outer compression, or the disk image itself. */
export type Detected =
  | { readonly kind: 'compression'; readonly name: Compression }
  | { readonly kind: 'image'; readonly name: 'qcow2' }
  | { readonly kind: 'image'; readonly name: 'raw'; readonly partitionTable: 'gpt' | 'mbr' };

/** Where the bytes being sniffed sit, for the error message: the hosted file or inside a compression. */
export interface SniffContext {
  /** Outer layers already peeled off, e.g. `['gzip']`; empty for the hosted bytes. */
  readonly within?: readonly string[];
}

/**
 * Detects the format of a stream from its first bytes (at least `SNIFF_HEAD_BYTES`, or the whole
 * stream when shorter). Throws UNSUPPORTED_FORMAT naming what was found (an ISO, a VMDK, a web
 * page, an empty file, raw data without a partition table...), so an operator knows what to fix.
 */
export function sniff(head: Uint8Array, context: SniffContext = {}): Detected {
  const found = identify(head);
  if (found.kind !== 'unsupported') return found;
  const where = context.within?.length ? ` inside ${formatChainText(context.within)}` : '';
  throw new OrchError('UNSUPPORTED_FORMAT', `Unsupported image${where}: found ${found.description}.`, {
    details: { found: found.name, within: [...(context.within ?? [])] },
  });
}

/** Renders a format chain for people: `['gzip', 'qcow2']` -> `gzip > qcow2`. */
export function formatChainText(chain: readonly string[]): string {
  return chain.join(' > ');
}
