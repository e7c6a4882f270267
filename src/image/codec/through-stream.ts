import { Readable, type Writable } from 'node:stream';

/**
 * Runs `input` through a Node transform stream and yields its output, with backpressure (pipe).
 * `output` is the readable side when it is not `transform` itself (a classic stream wrapped).
 * An error of `input` itself is rethrown unchanged (it already carries its reason, e.g. a
 * network error); an error of the transform goes through `mapError`.
 * @internal
 */
export async function* throughStream(
  input: AsyncIterable<Uint8Array>,
  transform: Writable,
  output: Readable,
  mapError: (error: unknown) => unknown,
): AsyncGenerator<Uint8Array> {
  const source = Readable.from(input, { objectMode: false });
  const failed: { error?: unknown } = {};
  source.once('error', (error) => {
    failed.error = error;
    transform.destroy(error);
  });
  source.pipe(transform);
  try {
    for await (const chunk of output) yield chunk as Uint8Array;
  } catch (error) {
    throw 'error' in failed ? failed.error : mapError(error);
  } finally {
    source.destroy();
    transform.destroy();
    output.destroy();
  }
}
