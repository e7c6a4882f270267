import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Decoder } from './decoder.js';
import type { Compression } from './format-magic.js';
import {
  createFzstdDecoder,
  createJsBzip2Decoder,
  createWasmXzDecoder,
  createZlibGzipDecoder,
} from './in-process-decoders.js';
import { createSystemDecoder, type SystemDecoderSpec } from './system-decoder.js';
import { ZSTD_MAX_WINDOW_BYTES } from './zstd-frame.js';
import { withZstdWindowCap } from './zstd-window.js';

/**
 * Which implementation to use. `fastest` (default) takes what docs/benchmarks.md measured as fastest:
 * node:zlib for gzip, a system tool for zstd/xz/bzip2 when installed. `system` forces a child
 * process (gzip included, via pigz or gzip), `in-process` forces the libraries; both exist so that
 * tests can exercise each path.
 */
export type DecoderPreference = 'fastest' | 'system' | 'in-process';

/** Finds an executable by name; returns its path or undefined. */
export type Which = (command: string) => string | undefined;

/** Options of {@link createDecoderFactory}. */
export interface DecoderFactoryOptions {
  /** Default `fastest`. */
  readonly prefer?: DecoderPreference;
  /** Tool lookup, default {@link whichOnPath} over `PATH`; injectable so tests can hide tools. */
  readonly which?: Which;
}

/** Creates decoders for a compression; tools are looked up once per factory. */
export interface DecoderFactory {
  create(compression: Compression): Decoder;
}

/** System tools per compression, best first, with the arguments that stream stdin to stdout. */
const SYSTEM_TOOLS: Readonly<Record<Compression, readonly (readonly [string, ...string[]])[]>> = {
  gzip: [
    ['pigz', '-dc'],
    ['gzip', '-dc'],
  ],
  zstd: [['zstd', '-dc', '-q']],
  xz: [['xz', '-dc', '-T0']],
  bzip2: [
    ['lbzip2', '-dc'],
    ['bzip2', '-dc'],
  ],
};

const IN_PROCESS: Readonly<Record<Compression, () => Decoder>> = {
  gzip: createZlibGzipDecoder,
  zstd: createFzstdDecoder,
  xz: createWasmXzDecoder,
  bzip2: createJsBzip2Decoder,
};

/**
 * Returns a factory choosing, per compression, a system tool or an in-process library.
 * With `prefer: 'system'` and no tool installed, the in-process decoder is used (never a failure).
 */
export function createDecoderFactory(options: DecoderFactoryOptions = {}): DecoderFactory {
  const prefer = options.prefer ?? 'fastest';
  const which = options.which ?? whichOnPath();
  const found = new Map<Compression, SystemDecoderSpec | null>();
  const systemSpec = (compression: Compression): SystemDecoderSpec | null => {
    if (!found.has(compression)) {
      const hit = SYSTEM_TOOLS[compression]
        .map(([name, ...args]) => ({ path: which(name), args }))
        .find((tool) => tool.path !== undefined);
      found.set(compression, hit?.path ? { compression, command: hit.path, args: hit.args } : null);
    }
    return found.get(compression) ?? null;
  };
  return {
    create(compression) {
      const useSystem = prefer === 'system' || (prefer === 'fastest' && compression !== 'gzip');
      const spec = useSystem ? systemSpec(compression) : null;
      if (!spec) return IN_PROCESS[compression]();
      const decoder = createSystemDecoder(spec);
      // The zstd tool has the same 128 MiB window limit, but names it in words of its own: frames
      // are judged first so both paths fail with ZSTD_WINDOW_TOO_LARGE.
      if (compression !== 'zstd') return decoder;
      return {
        ...decoder,
        decode: (input) => decoder.decode(withZstdWindowCap(input, ZSTD_MAX_WINDOW_BYTES)),
      };
    },
  };
}

/** A {@link Which} that searches the directories of `PATH` for an executable file. */
export function whichOnPath(path: string = process.env.PATH ?? ''): Which {
  return (command) => {
    for (const dir of path.split(delimiter).filter(Boolean)) {
      const candidate = join(dir, command);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not in this directory
      }
    }
    return undefined;
  };
}
