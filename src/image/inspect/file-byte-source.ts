/**
 * @module
 * A random-access byte source over a raw image file (the validation scratch file), for the
 * filesystem readers and the GPT read.
 */
import { open } from 'node:fs/promises';
import type { ByteSource } from '../fs/index.js';

/** A {@link ByteSource} that must be closed. */
export interface FileByteSource extends ByteSource {
  close(): Promise<void>;
}

/** Opens `path` read-only; reads past the end come back short, as {@link ByteSource} allows. */
export async function openFileByteSource(path: string): Promise<FileByteSource> {
  const file = await open(path, 'r');
  const { size } = await file.stat();
  return {
    size,
    async read(offset, length) {
      const wanted = Math.max(0, Math.min(length, size - offset));
      const bytes = new Uint8Array(wanted);
      let done = 0;
      while (done < wanted) {
        const { bytesRead } = await file.read(bytes, done, wanted - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === wanted ? bytes : bytes.subarray(0, done);
    },
    close: () => file.close(),
  };
}
