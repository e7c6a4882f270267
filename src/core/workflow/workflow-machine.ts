import type { AgentEvent, WorkflowState } from './agent-protocol.js';
import type { StepRecord, WorkflowFailure, WorkflowRecord } from './workflow-record.js';
import type { WorkflowPlan, WorkflowStep } from './workflow-steps.js';

/**
 * The provisioning state machine, as pure functions from (record, input, now) to the next record.
 * The store runs each one inside a transaction on the row it read, so replicas agree.
 *
 *   waiting --plan snapshotted--> ready --first event--> running --last step succeeded--> succeeded
 *      |                            |                      |--failed event / silence--> failed
 *      +--validation failed---------+----------------------+--> failed
 *   succeeded | failed --reprovision--> waiting (attempt + 1)
 */

/** A new attempt that waits for its plan (the node, the image validation). */
export function waitingRecord(attempt: number, reason: string, now: Date): WorkflowRecord {
  return {
    attempt,
    state: 'waiting',
    reason,
    lastSeq: 0,
    steps: [],
    bytesDone: null,
    bytesTotal: null,
    rate: null,
    failure: null,
    deadline: null,
    startedAt: null,
    endedAt: null,
    updatedAt: now.toISOString(),
  };
}

/** The reason words while waiting, unchanged record when it is the same. */
export function withReason(record: WorkflowRecord, reason: string, now: Date): WorkflowRecord {
  if (record.state !== 'waiting' || record.reason === reason) return record;
  return { ...record, reason, updatedAt: now.toISOString() };
}

/** The plan is snapshotted: every step pending; the first must start within its timeout. */
export function startRecord(record: WorkflowRecord, plan: WorkflowPlan, now: Date): WorkflowRecord {
  return {
    ...record,
    state: 'ready',
    reason: null,
    steps: plan.steps.map((step) => pendingStep(step)),
    deadline: deadlineOf(plan.steps[0], now),
    startedAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

/** The attempt fails before any step ran (e.g. the profile's image validation failed). */
export function failBeforeStart(record: WorkflowRecord, failure: WorkflowFailure, now: Date): WorkflowRecord {
  return {
    ...record,
    state: 'failed',
    reason: null,
    failure,
    deadline: null,
    endedAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

/** How an event was taken. */
export interface EventOutcome {
  readonly record: WorkflowRecord;
  /** False for duplicates, out-of-order events, other attempts, ended attempts. */
  readonly accepted: boolean;
  /** Why not accepted, for the log. */
  readonly ignoredBecause?: string;
}

const ENDED: readonly WorkflowState[] = ['succeeded', 'failed'];

/**
 * Applies one node event. Idempotent by (attempt, seq): anything at or below the last accepted
 * seq, of another attempt, or after the attempt ended is ignored; so is an event for a step whose
 * predecessors have not all succeeded or that already ended. `failed` ends the attempt with the
 * node's code and message verbatim; the last step's `succeeded` ends it as provisioned.
 */
export function applyAgentEvent(
  record: WorkflowRecord,
  plan: WorkflowPlan,
  event: AgentEvent,
  now: Date,
): EventOutcome {
  const ignore = (why: string): EventOutcome => ({ record, accepted: false, ignoredBecause: why });
  if (event.attempt !== record.attempt) return ignore(`attempt ${event.attempt} is not the current one`);
  if (event.seq <= record.lastSeq) return ignore(`seq ${event.seq} is at or below ${record.lastSeq}`);
  if (record.state !== 'ready' && record.state !== 'running') return ignore(`the attempt is ${record.state}`);
  const index = plan.steps.findIndex((step) => step.id === event.step);
  if (index < 0) return ignore(`step ${event.step} is not in the plan`);
  const blocked = record.steps.slice(0, index).find((step) => step.state !== 'succeeded');
  if (blocked) return ignore(`step ${blocked.id} has not succeeded`);
  const current = record.steps[index]!;
  if (current.state === 'succeeded' || current.state === 'failed') {
    return ignore(`step ${event.step} already ${current.state}`);
  }
  const at = now.toISOString();
  const started: StepRecord = {
    ...current,
    state: 'running',
    startedAt: current.startedAt ?? at,
    detail: event.detail ?? current.detail,
  };
  const base = { ...record, lastSeq: event.seq, updatedAt: at };
  const steps = [...record.steps];
  switch (event.state) {
    case 'running':
    case 'progress': {
      steps[index] = started;
      // A step that just started has no counters yet; a later event keeps what it does not say.
      const fresh = current.state === 'pending';
      const counters = {
        bytesDone: event.bytesDone ?? (fresh ? null : record.bytesDone),
        bytesTotal: event.bytesTotal ?? (fresh ? null : record.bytesTotal),
        rate: event.rate ?? (fresh ? null : record.rate),
      };
      return {
        record: {
          ...base,
          ...counters,
          state: 'running',
          steps,
          deadline: deadlineOf(plan.steps[index], now),
        },
        accepted: true,
      };
    }
    case 'succeeded': {
      steps[index] = {
        ...started,
        state: 'succeeded',
        endedAt: at,
        bytes: stepBytes(current, record, event),
      };
      const last = index === plan.steps.length - 1;
      return {
        record: {
          ...base,
          state: last ? 'succeeded' : 'running',
          steps,
          bytesDone: event.bytesDone ?? record.bytesDone,
          bytesTotal: event.bytesTotal ?? record.bytesTotal,
          rate: null,
          // The next step must start (or report) within its own timeout.
          deadline: last ? null : deadlineOf(plan.steps[index + 1], now),
          endedAt: last ? at : null,
        },
        accepted: true,
      };
    }
    case 'failed': {
      const failure: WorkflowFailure = {
        code: event.error?.code ?? 'Internal',
        message: event.error?.message ?? `step ${event.step} failed without a reason`,
        retryable: event.error?.retryable ?? false,
        step: event.step,
      };
      steps[index] = {
        ...started,
        state: 'failed',
        endedAt: at,
        error: failure,
        bytes: stepBytes(current, record, event),
      };
      return {
        record: { ...base, state: 'failed', steps, failure, rate: null, deadline: null, endedAt: at },
        accepted: true,
      };
    }
  }
}

/**
 * The bytes a step moved when it ends: the event's counter, else the record's when the step ran
 * (a step ending at its first event has no earlier counters of its own).
 */
function stepBytes(current: StepRecord, record: WorkflowRecord, event: AgentEvent): number | null {
  if (event.bytesDone !== undefined) return event.bytesDone;
  return current.state === 'running' ? record.bytesDone : null;
}

/**
 * Fails the running (or next) step with STEP_TIMEOUT when `now` is past the deadline; undefined
 * when nothing expired. The message names the step, its k/N and how long the node was silent.
 */
export function expireStep(
  record: WorkflowRecord,
  plan: WorkflowPlan,
  now: Date,
): WorkflowRecord | undefined {
  if (record.state !== 'ready' && record.state !== 'running') return undefined;
  if (record.deadline === null || Date.parse(record.deadline) > now.getTime()) return undefined;
  const index = Math.max(
    0,
    record.steps.findIndex((step) => step.state !== 'succeeded'),
  );
  const step = plan.steps[index]!;
  const failure: WorkflowFailure = {
    code: 'STEP_TIMEOUT',
    message: `step ${index + 1}/${plan.steps.length} "${step.text}" timed out: no word from the node for ${step.timeoutSeconds} s`,
    retryable: true,
    step: step.id,
  };
  const at = now.toISOString();
  const steps = [...record.steps];
  steps[index] = { ...steps[index]!, state: 'failed', endedAt: at, error: failure };
  return {
    ...record,
    state: 'failed',
    steps,
    failure,
    rate: null,
    deadline: null,
    endedAt: at,
    updatedAt: at,
  };
}

/** Whether an operator may re-arm the host: only once the attempt ended. */
export function canReprovision(record: WorkflowRecord): boolean {
  return ENDED.includes(record.state);
}

/** Index of the first step not yet succeeded (where a restarted node resumes). */
export function resumeIndex(record: WorkflowRecord): number {
  const index = record.steps.findIndex((step) => step.state !== 'succeeded');
  return index < 0 ? record.steps.length : index;
}

function pendingStep(step: WorkflowStep): StepRecord {
  return { id: step.id, state: 'pending', startedAt: null, endedAt: null, detail: null, error: null };
}

function deadlineOf(step: WorkflowStep | undefined, now: Date): string | null {
  return step ? new Date(now.getTime() + step.timeoutSeconds * 1000).toISOString() : null;
}
