/**
 * @module
 * The optional tap on the hosted bytes: a copy of the file exactly as the server hosts it (still
 * compressed, still qcow2), taken in the same pass that hashes and decodes it. An image cache
 * stores the file through it while the decoded extents go to the run's sink.
 */
import type { OrchError } from '../../core/errors/index.js';

/**
 * A consumer of the hosted bytes, with the life cycle of an {@link ImageSink}: `write` gets every
 * hosted byte once, in order, from byte 0 (the pipeline reads the file to its end even when the
 * image ends earlier); `commit` comes only once the sha256 matched, before the sink's commit; on
 * any failure `abort` is called instead (possibly twice: it must be idempotent). A rejection of
 * the tap fails the run like a failing sink does: a tap that wants to be best-effort catches its
 * own errors.
 */
export interface HostedTap {
  /**
   * Takes the next chunk. The pipeline waits for the returned promise before reading on, so a
   * slow tap slows the download rather than buffering it. The chunk is read-only and only valid
   * until that promise settles: keep a copy, not the view.
   */
  write(chunk: Uint8Array): Promise<void> | void;
  /** All `hostedBytes` were written and their sha256 is `sha256` (lower-case hex), as expected. */
  commit(summary: { readonly sha256: string; readonly hostedBytes: number }): Promise<void>;
  /** Gives up; what was written must not pass for a complete copy. `reason` is for logs only. */
  abort(reason: OrchError): Promise<void>;
}

/** `input`, unchanged, with every chunk handed to `tap` (and awaited) before it goes on. */
export async function* throughHostedTap(
  input: AsyncIterable<Uint8Array>,
  tap: HostedTap,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of input) {
    await tap.write(chunk);
    yield chunk;
  }
}
