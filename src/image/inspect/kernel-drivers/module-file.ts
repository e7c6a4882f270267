/**
 * A kernel module file as distributions ship it: `.ko`, or compressed `.ko.xz` (Debian, Ubuntu,
 * Fedora), `.ko.zst` (Arch, newer Ubuntu) or `.ko.gz`, decoded in-process (the same decoders as
 * the image pipeline) with a bound on the decoded size.
 * @module
 */
import { OrchError } from '../../../core/errors/index.js';
import type { Decoder } from '../../codec/decoder.js';
import {
  createFzstdDecoder,
  createWasmXzDecoder,
  createZlibGzipDecoder,
} from '../../codec/in-process-decoders.js';

/** A decoded module larger than this is refused (the largest in-tree modules are ~20 MiB). */
export const MAX_MODULE_BYTES = 64 * 1024 * 1024;

const MODULE_NAME = /^(.+)\.ko(\.xz|\.zst|\.gz)?$/;

/** The module name of a file name (`igc.ko.zst` -> `igc`), undefined when it is not a module. */
export function moduleNameOf(fileName: string): string | undefined {
  return MODULE_NAME.exec(fileName)?.[1];
}

function decoderFor(fileName: string): Decoder | undefined {
  if (fileName.endsWith('.xz')) return createWasmXzDecoder();
  if (fileName.endsWith('.zst')) return createFzstdDecoder();
  if (fileName.endsWith('.gz')) return createZlibGzipDecoder();
  return undefined;
}

/** The ELF bytes of a module file (decoded when compressed); CORRUPT_DATA/TRUNCATED from the decoder. */
export async function decodeModuleFile(fileName: string, bytes: Uint8Array): Promise<Uint8Array> {
  const decoder = decoderFor(fileName);
  if (!decoder) return bytes;
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of decoder.decode(
    (async function* () {
      yield bytes;
    })(),
  )) {
    total += chunk.byteLength;
    if (total > MAX_MODULE_BYTES)
      throw new OrchError('CORRUPT_DATA', `${fileName} decodes to more than ${MAX_MODULE_BYTES} bytes`);
    chunks.push(chunk);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
