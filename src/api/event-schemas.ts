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
  /** A job of the subject changed state. */
  job: 'job',
});
