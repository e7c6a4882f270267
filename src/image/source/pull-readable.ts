/**
 * @module
 * A byte Readable fed by an async generator that can be cancelled from the consumer's side: when
 * the stream is destroyed, the generator's signal fires first, so a request that is waiting for
 * the network ends at once instead of at its next chunk or its idle timeout (an async generator
 * cannot be returned while it is awaiting).
 */
import { Readable } from 'node:stream';

/**
 * A Readable of the chunks of `start(signal)`. Chunks are pulled only when the consumer wants
 * more (backpressure); `destroy()` aborts `signal`, then closes the generator.
 */
export function pullReadable(start: (signal: AbortSignal) => AsyncGenerator<Uint8Array, void>): Readable {
  const controller = new AbortController();
  const chunks = start(controller.signal);
  let pulling = false;
  return new Readable({
    read() {
      if (pulling) return;
      pulling = true;
      const pump = async (): Promise<void> => {
        try {
          for (;;) {
            const next = await chunks.next();
            if (next.done) return void this.push(null);
            if (!this.push(next.value)) return;
          }
        } catch (error) {
          this.destroy(error instanceof Error ? error : new Error(String(error)));
        } finally {
          pulling = false;
        }
      };
      void pump();
    },
    destroy(error, callback) {
      controller.abort(error ?? new Error('the stream was destroyed'));
      chunks.return(undefined).then(
        () => callback(error),
        () => callback(error),
      );
    },
  });
}
