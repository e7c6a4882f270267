/** The first bytes of a stream, and the whole stream again (head included) to consume after. */
export interface Peeked {
  /** At least the requested bytes, or the whole stream when it is shorter. */
  readonly head: Uint8Array;
  /** True when the stream ended within `head`. */
  readonly ended: boolean;
  /** Every byte of the stream, from byte 0: the buffered head chunks, then the rest. */
  readonly stream: AsyncIterable<Uint8Array>;
  /** Closes the source when `stream` will not be consumed (e.g. the head was refused). */
  close(): Promise<void>;
}

/**
 * Reads chunks until `bytes` are buffered (format sniffing needs ~36 KiB) without losing them:
 * the returned stream replays them. Only the head is held, never the stream.
 */
export async function peekHead(input: AsyncIterable<Uint8Array>, bytes: number): Promise<Peeked> {
  const iterator = input[Symbol.asyncIterator]();
  const chunks: Uint8Array[] = [];
  let length = 0;
  let ended = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.byteLength;
  }
  const head = concat(chunks, length);
  async function* replay(): AsyncGenerator<Uint8Array> {
    try {
      yield* chunks.splice(0);
      if (ended) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      // Closing the replay (an early stop, an error downstream) closes the source too.
      await iterator.return?.();
    }
  }
  return {
    head,
    ended,
    stream: replay(),
    close: async () => void (await iterator.return?.()),
  };
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
