import { Type, type Static } from 'typebox';
import { JOB_STATES } from '../core/jobs/index.js';
import { literals } from './schema-helpers.js';

/**
 * The `job` event of a subject's stream: one of its jobs changed state (queued, claimed,
 * finished, re-queued). Streams that show a view re-read it on this event.
 */
export const JobEvent = Type.Object({
  id: Type.String({ description: 'The job.' }),
  kind: Type.String({ description: 'Its kind, e.g. `validation`.' }),
  state: literals(JOB_STATES, 'The job state it moved to.'),
});
export type JobEvent = Static<typeof JobEvent>;

/** The SSE event names of orchd's streams. */
export const STREAM_EVENTS = Object.freeze({
  /** A validation view (whole, replaces the previous one). */
  validation: 'validation',
  /** Progress counters of a running job. */
  progress: 'progress',
  /** A dry run's final report. */
  report: 'report',
  /** The stream ends because of an error `{code, message}`. */
  error: 'error',
  /** The stream ends because nothing is left to follow `{reason, message}` ({@link StreamEnd}). */
  end: 'end',
  /** A job of the subject changed state. */
  job: 'job',
});

/** Why a stream ended with an `end` event. */
export const STREAM_END_REASONS = ['NO_VALIDATION_JOB', 'HOST_DELETED'] as const;

/**
 * The `end` event: the last one of its stream, sent when the subject exists but has nothing to
 * follow (`NO_VALIDATION_JOB`: the profile has no validation job; start one with
 * `POST …/validate`), or no longer exists (`HOST_DELETED`: after a one-host stream's `deleted`
 * event). A client does not reconnect after it.
 */
export const StreamEnd = Type.Object({
  reason: literals(STREAM_END_REASONS, 'Why the stream ended.'),
  message: Type.String({ description: 'The same in words, for people.' }),
});
export type StreamEnd = Static<typeof StreamEnd>;
