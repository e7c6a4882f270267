/**
 * Where a virtual edge node's disk file holds data: the extents `filefrag -e` lists (FIEMAP).
 * Reading a hole costs the kernel a zeroed page-cache page per 4 KiB, which for the 4096 MiB
 * rootfs A of the EMT layout around a small filesystem is seconds of system time per pass; a step
 * that only needs to know the bytes are zeros can skip what no extent covers. Block devices have no
 * holes, and a file system without FIEMAP (or no filefrag) gives no answer: the caller reads all.
 * @module
 */
import type { ToolRunner } from '../tools/tool-runner.js';

/** A byte range `[start, end)` of the file that may hold data. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Parses `filefrag -e -b1` (lengths in bytes): each extent line carries `logical_start..logical_end`
 * (inclusive). Extents not yet allocated (delalloc, length 0) still name their logical range.
 * Returns undefined when the output is not what it should be, so the caller reads everything.
 */
export function parseFilefrag(output: string): ByteRange[] | undefined {
  if (!/extents? found/.test(output)) return undefined;
  const ranges: ByteRange[] = [];
  for (const line of output.split('\n')) {
    const match = /^\s*\d+:\s+(\d+)\.\.\s*(\d+):/.exec(line);
    if (match) ranges.push({ start: Number(match[1]), end: Number(match[2]) + 1 });
  }
  return ranges.sort((a, b) => a.start - b.start);
}

/** The extents of the file `path`, or undefined when they cannot be listed. */
export async function fileExtents(tools: ToolRunner, path: string): Promise<ByteRange[] | undefined> {
  try {
    const { stdout } = await tools.run('filefrag', ['-e', '-b1', path]);
    return parseFilefrag(stdout);
  } catch {
    return undefined;
  }
}

/** True when some extent overlaps `[start, end)`. */
export function overlapsData(extents: readonly ByteRange[], start: number, end: number): boolean {
  return extents.some((e) => e.start < end && e.end > start);
}
