import type { SinkReport } from '../sink/image-sink.js';

/** What one pipeline run did; the final summary every caller reports. */
export interface PipelineResult<Report extends SinkReport = SinkReport> {
  /** sha256 of the hosted bytes (lower-case hex): what `sha256sum` on the hosted file prints. */
  readonly sha256: string;
  /** sha256 of the raw disk content [0, virtualSize), when asked for. */
  readonly rawSha256?: string;
  /** Detected layers, outermost first, e.g. `['gzip', 'qcow2']`. */
  readonly formatChain: readonly string[];
  /** Decoder implementation used for the compression, e.g. `zstd -dc -q`, when compressed. */
  readonly decoder?: string;
  /** Bytes of the hosted file. */
  readonly hostedBytes: number;
  /** Size of the raw disk image. */
  readonly virtualSize: number;
  /** Raw bytes handed to the sink as data. */
  readonly bytesWritten: number;
  /** Raw bytes handed to the sink as holes (all-zero blocks, unallocated qcow2 clusters). */
  readonly bytesSkipped: number;
  /** Download continuations after drops or stalls. */
  readonly resumes: number;
  /** Downloads started again from byte 0 (server without Range support). */
  readonly restarts: number;
  readonly durationMs: number;
  /** What the sink's commit returned. */
  readonly sinkReport: Report;
}
