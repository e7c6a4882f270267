/**
 * @module
 * What the test image server serves under a path: bytes in memory, a file on disk (streamed, never
 * read whole) or any provider of byte ranges.
 */
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';

/** Any source of bytes that can stream a range. */
export interface ContentProvider {
  readonly size: number;
  /** A stream of bytes [start, end] (end inclusive). */
  open(start: number, end: number): Readable;
}

/** Bytes in memory, a file path on disk, or a provider. */
export type ServedContent = Uint8Array | { readonly file: string } | ContentProvider;

/** Chunk size used to stream in-memory content (like fs streams do). */
const MEMORY_CHUNK = 64 * 1024;

function isProvider(content: ServedContent): content is ContentProvider {
  return typeof (content as ContentProvider).open === 'function';
}

/** A provider for in-memory bytes, handing out 64 KiB views (no copies). */
export function memoryContent(bytes: Uint8Array): ContentProvider {
  return {
    size: bytes.byteLength,
    open(start, end) {
      const chunks = function* (): Generator<Buffer> {
        for (let at = start; at <= end; at += MEMORY_CHUNK) {
          const stop = Math.min(end + 1, at + MEMORY_CHUNK);
          yield Buffer.from(bytes.buffer, bytes.byteOffset + at, stop - at);
        }
      };
      return Readable.from(chunks(), { objectMode: false });
    },
  };
}

/** A provider that streams a range of a file; the size is taken once, when it is created. */
export function fileContent(path: string): ContentProvider {
  const size = statSync(path).size;
  return { size, open: (start, end) => createReadStream(path, { start, end }) };
}

/** Turns any {@link ServedContent} into a provider. */
export function toProvider(content: ServedContent): ContentProvider {
  if (content instanceof Uint8Array) return memoryContent(content);
  if (isProvider(content)) return content;
  return fileContent(content.file);
}
