import type { DecoderFactory } from '../codec/decoder-factory.js';
import type { Compression } from '../codec/format-magic.js';
import type { ImageSource } from '../source/image-source.js';

/**
 * Random access into a COMPRESSED qcow2: re-downloads the hosted file and decodes it up to the
 * wanted range. This is the slow path, taken only when the qcow2 reader needs bytes that its
 * forward pass has gone past and could not buffer (qemu-img never writes such files; a hand-made
 * or rewritten image might). Each call costs a download of everything before `start + length`;
 * the alternative, staging the image in RAM or /tmp, is what principle 6 forbids.
 */
export function compressedRangeReader(
  source: ImageSource,
  compression: Compression,
  decoders: DecoderFactory,
): (start: number, length: number) => Promise<Uint8Array> {
  return async (start, length) => {
    const out = new Uint8Array(length);
    let filled = 0;
    let position = 0;
    const decoded = decoders.create(compression).decode(source.stream());
    for await (const chunk of decoded) {
      const from = Math.max(start - position, 0);
      const to = Math.min(chunk.byteLength, start + length - position);
      if (to > from) {
        out.set(chunk.subarray(from, to), filled);
        filled += to - from;
      }
      position += chunk.byteLength;
      // Leaving the loop closes the decoder and the download.
      if (filled === length) break;
    }
    return out.subarray(0, filled);
  };
}
