import { OrchError } from '../../core/errors/index.js';
import { checkDeclaredFormat, type DeclaredFormat } from '../codec/declared-format.js';
import type { Decoder } from '../codec/decoder.js';
import type { DecoderFactory } from '../codec/decoder-factory.js';
import { SNIFF_HEAD_BYTES, type Compression } from '../codec/format-magic.js';
import { formatChainText, sniff } from '../codec/sniff.js';
import { peekHead } from './peek-head.js';

/** The hosted stream with its outer compression peeled off, and what it turned out to be. */
export interface DecodedLayers {
  /** e.g. `['gzip', 'qcow2']` or `['raw']`. */
  readonly chain: readonly string[];
  readonly image: 'qcow2' | 'raw';
  /** The disk image's bytes (decoded when compressed), from byte 0. */
  readonly stream: AsyncIterable<Uint8Array>;
  /** The decoder used, when the hosted file is compressed. */
  readonly decoder?: Decoder;
  /** Stops the decoder (and its child process) when `stream` is abandoned. */
  close(): Promise<void>;
}

/**
 * Detects, from content only, what the hosted bytes are: an optional compression, then qcow2 or a
 * raw disk. Checks a declaration against it, before a single byte reaches a sink.
 */
export async function decodeLayers(
  hosted: AsyncIterable<Uint8Array>,
  decoders: DecoderFactory,
  declared?: DeclaredFormat,
): Promise<DecodedLayers> {
  const outer = await peekHead(hosted, SNIFF_HEAD_BYTES);
  const first = sniff(outer.head);
  if (first.kind === 'image') {
    checkDeclaredFormat(declared, [first.name]);
    return { chain: [first.name], image: first.name, stream: outer.stream, close: outer.close };
  }
  const decoder = decoders.create(first.name);
  const inner = await peekHead(decoder.decode(outer.stream), SNIFF_HEAD_BYTES);
  try {
    const second = sniff(inner.head, { within: [first.name] });
    if (second.kind === 'compression') throw nestedCompression(first.name, second.name);
    const chain = [first.name, second.name];
    checkDeclaredFormat(declared, chain);
    return { chain, image: second.name, stream: inner.stream, decoder, close: inner.close };
  } catch (error) {
    // The decoder is running (a child process, perhaps): stop it before reporting.
    await inner.close();
    throw error;
  }
}

function nestedCompression(outer: Compression, inner: Compression): OrchError {
  const chain = formatChainText([outer, inner]);
  return new OrchError(
    'UNSUPPORTED_FORMAT',
    `Unsupported image: ${inner} inside ${outer} (${chain}); compress once.`,
    {
      details: { found: inner, within: [outer] },
    },
  );
}
