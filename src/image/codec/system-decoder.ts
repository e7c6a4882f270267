import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { OrchError } from '../../core/errors/index.js';
import { endsWithBzip2Footer, TailKeeper } from './bzip2-end-marker.js';
import { classifyDecoderMessage, isTruncationMessage, truncatedError } from './decoder-errors.js';
import type { Decoder } from './decoder.js';
import type { Compression } from './format-magic.js';

/**
 * Input handed to the child per write: the network delivers 16 KiB TLS records, and one pipe write
 * per record costs a syscall and a wake-up of the decoder each. Gathered pieces go out as one writev.
 */
const INPUT_BATCH_BYTES = 256 * 1024;

/**
 * Decoded bytes read ahead from the child's stdout. A pipe holds only 64 KiB and a child's stdout
 * stops being read at 16 KiB buffered, so without room here the decoder blocked on every 64 KiB it
 * wrote until the pipeline came back for more (the two took turns instead of running at once).
 */
const OUTPUT_BUFFER_BYTES = 256 * 1024;

/** stderr kept for the error message; decompressors print a line or a short paragraph. */
const STDERR_LIMIT = 16 * 1024;

/** How to run one system decompressor: reads stdin, writes the decoded stream to stdout. */
export interface SystemDecoderSpec {
  readonly compression: Compression;
  /** Absolute path or name of the executable. */
  readonly command: string;
  readonly args: readonly string[];
}

type Child = ChildProcessByStdio<Writable, Readable, Readable>;

/**
 * A decoder that runs a system tool (`zstd -dc`, `xz -dc -T0`, `lbzip2 -dc`...) as a child process.
 * Faster than any in-process library for xz and bzip2 and keeps the event loop free. The exit
 * status and stderr decide the outcome (TRUNCATED / CORRUPT_DATA with the tool's own words); the
 * child is killed and reaped when the consumer stops early, so no process outlives its pipeline.
 */
export function createSystemDecoder(spec: SystemDecoderSpec): Decoder {
  return {
    compression: spec.compression,
    path: 'system',
    implementation: [spec.command.split('/').at(-1), ...spec.args].join(' '),
    decode: (input) => decodeWithChild(spec, input),
  };
}

async function* decodeWithChild(
  spec: SystemDecoderSpec,
  input: AsyncIterable<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  const child: Child = spawn(spec.command, [...spec.args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr = collectStderr(child);
  const exited = new Promise<{ code: number | null; signal: string | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  // The exit status reports why stdin closed early (EPIPE); the stream error itself says nothing more.
  child.stdin.on('error', () => undefined);
  const tail = new TailKeeper();
  const state = { stopped: false, inputError: undefined as unknown };
  const pumped = pumpInput(input, child, tail, state, exited);
  try {
    yield* readAheadOutput(child.stdout);
    await pumped;
    const status = await exited;
    if (state.inputError !== undefined) throw state.inputError;
    if (status.error) {
      throw new OrchError('DECODER_FAILED', `Cannot run ${spec.command}: ${status.error.message}`, {
        cause: status.error,
      });
    }
    if (status.code !== 0) throw failure(spec, status, stderr(), tail);
  } finally {
    state.stopped = true;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  }
}

async function pumpInput(
  input: AsyncIterable<Uint8Array>,
  child: Child,
  tail: TailKeeper,
  state: { stopped: boolean; inputError: unknown },
  exited: Promise<unknown>,
): Promise<void> {
  try {
    let complete = true;
    const batch: Uint8Array[] = [];
    let batched = 0;
    for await (const chunk of input) {
      if (state.stopped || child.stdin.destroyed) {
        complete = false; // the child is gone: what it did not read cannot be judged
        break;
      }
      tail.push(chunk);
      batch.push(chunk);
      batched += chunk.byteLength;
      if (batched < INPUT_BATCH_BYTES) continue;
      const more = writeBatch(child.stdin, batch);
      batch.length = 0;
      batched = 0;
      // A child that exits never drains: its exit ends the wait too.
      if (!more) await Promise.race([drained(child.stdin), exited]);
    }
    if (complete) {
      tail.end();
      if (!child.stdin.destroyed) writeBatch(child.stdin, batch);
    }
    child.stdin.end();
  } catch (error) {
    state.inputError = error;
    child.kill('SIGKILL');
  }
}

/**
 * The chunks of `stdout` as they were read (no re-chunking, no concatenation), read ahead up to
 * {@link OUTPUT_BUFFER_BYTES} and paused beyond (backpressure through the pipe). One handler and
 * one promise per chunk: a PassThrough and its async iterator cost a transform, a copy of every
 * byte (`read()` concatenates what is buffered) and several promise hops per chunk.
 */
async function* readAheadOutput(stdout: Readable): AsyncGenerator<Uint8Array> {
  const queue: Buffer[] = [];
  let head = 0;
  let queued = 0;
  const state: { ended: boolean; error?: unknown } = { ended: false };
  let wake: (() => void) | undefined;
  const signal = (): void => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const onData = (chunk: Buffer): void => {
    queue.push(chunk);
    queued += chunk.byteLength;
    if (queued >= OUTPUT_BUFFER_BYTES) stdout.pause();
    signal();
  };
  const onEnd = (): void => {
    state.ended = true;
    signal();
  };
  const onError = (error: unknown): void => {
    state.error = error;
    signal();
  };
  stdout.on('data', onData).once('end', onEnd).once('error', onError);
  try {
    for (;;) {
      if (head < queue.length) {
        const chunk = queue[head]!;
        queue[head++] = undefined as unknown as Buffer;
        if (head === queue.length) {
          queue.length = 0;
          head = 0;
        }
        queued -= chunk.byteLength;
        if (queued < OUTPUT_BUFFER_BYTES && stdout.isPaused()) stdout.resume();
        yield chunk;
        continue;
      }
      if (state.error !== undefined) throw state.error;
      if (state.ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stdout.off('data', onData).off('end', onEnd).off('error', onError);
    stdout.destroy();
  }
}

/** Writes `pieces` as one writev; false when the caller should wait for 'drain'. */
function writeBatch(stdin: Writable, pieces: readonly Uint8Array[]): boolean {
  if (pieces.length === 0) return true;
  stdin.cork();
  let more = true;
  for (const piece of pieces) more = stdin.write(piece);
  stdin.uncork();
  return more;
}

/** Resolves on 'drain', or when stdin can no longer drain (the child exited). */
function drained(stdin: Writable): Promise<void> {
  if (stdin.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      stdin.off('drain', done).off('close', done).off('error', done);
      resolve();
    };
    stdin.once('drain', done).once('close', done).once('error', done);
  });
}

function collectStderr(child: Child): () => string {
  let text = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (piece: string) => {
    if (text.length < STDERR_LIMIT) text += piece.slice(0, STDERR_LIMIT - text.length);
  });
  return () => text;
}

function failure(
  spec: SystemDecoderSpec,
  status: { code: number | null; signal: string | null },
  stderr: string,
  tail: TailKeeper,
): OrchError {
  const name = spec.command.split('/').at(-1);
  const said = stderr.trim() || `exit ${status.code ?? status.signal}`;
  if (status.signal !== null) {
    return new OrchError('DECODER_FAILED', `${name} was killed by ${status.signal}: ${said}`, {
      details: { compression: spec.compression, signal: status.signal },
    });
  }
  if (isTruncationMessage(said)) return truncatedError(spec.compression, `${name}: ${said}`);
  // lbzip2 says "bad block header magic" for a cut-off stream too: a missing footer decides.
  if (spec.compression === 'bzip2' && tail.ended && !endsWithBzip2Footer(tail.tail)) {
    return truncatedError(spec.compression, `${name}: ${said} (no end-of-stream marker)`);
  }
  return classifyDecoderMessage(spec.compression, `${name}: ${said}`);
}
