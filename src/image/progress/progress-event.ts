/** Stages of one image pipeline run, in order. */
export const PROGRESS_STAGES = [
  'connecting',
  'downloading',
  'writing',
  'verifying',
  'committing',
  'done',
] as const;
export type ProgressStage = (typeof PROGRESS_STAGES)[number];

/** A progress report: what the CLI bar, the agent's step events and the web page show. */
export interface ProgressEvent {
  readonly stage: ProgressStage;
  /** Hosted (possibly compressed) bytes received so far. */
  readonly bytesDownloaded: number;
  /** Raw disk bytes handed to the sink so far, holes included. */
  readonly bytesWritten: number;
  /** Size of the hosted file, when the server said it. */
  readonly total?: number;
  /** Download rate in bytes/s, smoothed over the last seconds. */
  readonly rate: number;
  /** Seconds left at the current rate, when `total` is known and the rate is above zero. */
  readonly etaSeconds?: number;
}
