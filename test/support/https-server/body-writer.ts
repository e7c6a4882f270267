/**
 * @module
 * Streams one response body of the test image server while injecting the faults of a download:
 * a dropped connection or a stall at an exact byte offset, and a rate limit. Backpressure is
 * respected: a write that fills the socket waits for `drain` (or for the client to go away).
 */
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

/** How a body ended. */
export type BodyOutcome = 'complete' | 'dropped' | 'stalled' | 'aborted';

/** The fault to inject into one body, at an absolute offset of the served content. */
export interface BodyFault {
  readonly kind: 'drop' | 'stall';
  readonly offset: number;
}

/** What {@link writeBody} sends. */
export interface BodyPlan {
  /** Offsets in the content of the first and the last byte of this body. */
  readonly start: number;
  readonly end: number;
  readonly fault?: BodyFault;
  /** Sends at most this many bytes per second (in 20 slices a second). */
  readonly bytesPerSecond?: number;
  /** Called with each number of bytes about to be handed to the socket. */
  readonly onBytes: (count: number) => void;
  /** Called once with how the body ended, before the client can see that end. */
  readonly onOutcome: (outcome: BodyOutcome) => void;
}

const SLICES_PER_SECOND = 20;

function closed(res: ServerResponse): boolean {
  return res.destroyed || res.writableEnded || (res.socket?.destroyed ?? true);
}

/** Writes `chunk`; resolves once it was handed to the socket, or false if the client went away. */
function writeFlushed(res: ServerResponse, chunk: Uint8Array): Promise<boolean> {
  if (closed(res)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onClose = (): void => resolve(false);
    res.once('close', onClose);
    res.write(chunk, (error) => {
      res.off('close', onClose);
      resolve(!error && !closed(res));
    });
  });
}

async function writeSlices(res: ServerResponse, chunk: Uint8Array, plan: BodyPlan): Promise<boolean> {
  const slice = plan.bytesPerSecond
    ? Math.max(1, Math.floor(plan.bytesPerSecond / SLICES_PER_SECOND))
    : chunk.byteLength;
  for (let at = 0; at < chunk.byteLength; at += slice) {
    const piece = chunk.subarray(at, Math.min(chunk.byteLength, at + slice));
    plan.onBytes(piece.byteLength);
    if (!(await writeFlushed(res, piece))) return false;
    if (plan.bytesPerSecond) await sleep(1000 / SLICES_PER_SECOND);
  }
  return true;
}

async function injectFault(res: ServerResponse, fault: BodyFault, plan: BodyPlan): Promise<void> {
  res.flushHeaders();
  if (fault.kind === 'drop') {
    plan.onOutcome('dropped');
    res.socket?.destroy();
    return;
  }
  // A stall keeps the connection open and silent until the client (or close()) ends it.
  plan.onOutcome('stalled');
  if (!closed(res)) await new Promise((resolve) => res.once('close', resolve));
}

/**
 * Sends `source` (the bytes from `plan.start` on) as the body of `res`, stopping at the fault's
 * offset when one is given. Ends the response when the whole source was sent. A failing source
 * destroys the response (the client sees a dropped connection).
 */
export async function writeBody(res: ServerResponse, source: Readable, plan: BodyPlan): Promise<void> {
  let position = plan.start;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      const fault = plan.fault;
      if (fault && position + chunk.byteLength > fault.offset) {
        const head = chunk.subarray(0, fault.offset - position);
        if (await writeSlices(res, head, plan)) return await injectFault(res, fault, plan);
        return plan.onOutcome('aborted');
      }
      position += chunk.byteLength;
      // Recorded before the last bytes leave: a client may see the end before our write callback.
      if (position === plan.end + 1) plan.onOutcome('complete');
      if (!(await writeSlices(res, chunk, plan))) return plan.onOutcome('aborted');
    }
    res.end();
  } catch {
    plan.onOutcome('aborted');
    res.destroy();
  } finally {
    source.destroy();
  }
}
