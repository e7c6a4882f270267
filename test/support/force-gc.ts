/**
 * @module
 * A full garbage collection on demand, with or without `--expose-gc`: memory tests measure growth
 * from a collected heap, not from whatever garbage earlier tests of the same process left behind.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/** Runs a full, synchronous garbage collection. */
export function forceGc(): void {
  if (!collect) {
    if (typeof globalThis.gc === 'function') collect = globalThis.gc as () => void;
    else {
      // The flag exposes `gc` to contexts created after it is set (a fresh vm context here).
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    }
  }
  collect();
}
