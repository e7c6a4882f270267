/**
 * Iterates `input` one item ahead: while the consumer works on item N (a disk write), item N+1
 * is already being produced (downloaded, hashed, decoded, zero-scanned). Without it the stages
 * take turns and the connection sits idle during every write. Still backpressured: exactly one
 * item is requested ahead, so memory grows by one item (one raw chunk, or one qcow2 run).
 */
export async function* readAhead<T>(input: AsyncIterable<T>): AsyncGenerator<T, void> {
  const iterator = input[Symbol.asyncIterator]();
  let ahead = iterator.next();
  // A failure of the item ahead surfaces when it is awaited; if the consumer stops first, it must
  // not become an unhandled rejection.
  ahead.catch(() => undefined);
  let finished = false;
  try {
    for (;;) {
      const result = await ahead;
      if (result.done) {
        finished = true;
        return;
      }
      ahead = iterator.next();
      ahead.catch(() => undefined);
      yield result.value;
    }
  } finally {
    // An early stop (a failed write, an abort) closes the input, but without waiting: an async
    // generator runs return() only after its pending next(), which may be waiting for the network;
    // the caller's own cleanup (destroying the download) is what settles it.
    if (!finished) iterator.return?.().catch(() => undefined);
  }
}
