/**
 * One iterator over `input`, handed out as an iterable whose early `return()` is ignored: a
 * consumer that stops at its logical end (the qcow2 reader after the last cluster) cannot cut the
 * stream short, so the owner can still read the rest (the hash must cover every hosted byte) and
 * decides itself when to close.
 */
export interface KeptOpen {
  readonly stream: AsyncIterable<Uint8Array>;
  /** Reads whatever is left to the end. */
  drain(): Promise<void>;
  /** Closes the underlying iterator (early stop, failure). */
  close(): Promise<void>;
}

export function keepOpen(input: AsyncIterable<Uint8Array>): KeptOpen {
  const iterator = input[Symbol.asyncIterator]();
  let done = false;
  const next = async (): Promise<IteratorResult<Uint8Array>> => {
    if (done) return { done: true, value: undefined };
    const result = await iterator.next();
    if (result.done) done = true;
    return result;
  };
  const stream: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => ({
      next,
      return: async () => ({ done: true, value: undefined }),
    }),
  };
  return {
    stream,
    async drain() {
      while (!(await next()).done);
    },
    async close() {
      if (done) return;
      done = true;
      await iterator.return?.();
    },
  };
}
