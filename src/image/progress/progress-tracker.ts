import { PROGRESS_STAGES, type ProgressEvent, type ProgressStage } from './progress-event.js';
import { RateMeter } from './rate-meter.js';

/** Options of {@link createProgressTracker}. */
export interface ProgressTrackerOptions {
  /** Receives the events; when absent the tracker only keeps counts. */
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Milliseconds clock (default `performance.now`), injectable for tests. */
  readonly now?: () => number;
  /** Minimum interval between two byte-count events (default 250 ms: at most 4 per second). */
  readonly minIntervalMs?: number;
}

/** Collects counts from a pipeline run and emits throttled {@link ProgressEvent}s. */
export interface ProgressTracker {
  /** Moves to a later stage, reported at once; an earlier or the same stage is ignored. */
  stage(stage: ProgressStage): void;
  setTotal(total: number | undefined): void;
  /** Running total of hosted bytes received. */
  downloaded(bytes: number): void;
  /** Running total of raw bytes handed to the sink. */
  written(bytes: number): void;
  /** The current counts as an event (not throttled, not emitted). */
  snapshot(): ProgressEvent;
}

/**
 * A tracker that reports at most every `minIntervalMs` while bytes flow, so a fast local pipeline
 * cannot flood an SSE stream or a terminal, plus one event per stage change.
 */
export function createProgressTracker(options: ProgressTrackerOptions = {}): ProgressTracker {
  const now = options.now ?? (() => performance.now());
  const minInterval = options.minIntervalMs ?? 250;
  const meter = new RateMeter();
  const state = {
    stage: 'connecting' as ProgressStage,
    down: 0,
    written: 0,
    total: undefined as number | undefined,
  };
  let lastEmit = Number.NEGATIVE_INFINITY;
  let started = false;

  const snapshot = (): ProgressEvent => {
    const rate = meter.rate;
    const left = state.total === undefined ? undefined : Math.max(0, state.total - state.down);
    return {
      stage: state.stage,
      bytesDownloaded: state.down,
      bytesWritten: state.written,
      ...(state.total === undefined ? {} : { total: state.total }),
      rate,
      ...(left !== undefined && rate > 0 ? { etaSeconds: left / rate } : {}),
    };
  };
  const emit = (force: boolean): void => {
    const at = now();
    meter.sample(state.down, at);
    if (!options.onProgress || (!force && at - lastEmit < minInterval)) return;
    lastEmit = at;
    options.onProgress(snapshot());
  };
  return {
    stage(stage) {
      if (started && PROGRESS_STAGES.indexOf(stage) <= PROGRESS_STAGES.indexOf(state.stage)) return;
      started = true;
      state.stage = stage;
      emit(true);
    },
    setTotal(total) {
      state.total = total;
    },
    downloaded(bytes) {
      state.down = bytes;
      emit(false);
    },
    written(bytes) {
      state.written = bytes;
      emit(false);
    },
    snapshot,
  };
}
