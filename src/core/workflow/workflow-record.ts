import type { StepState, WorkflowState } from './agent-protocol.js';
import type { WorkflowStepKind } from './workflow-steps.js';

/** Why an attempt failed: the code and message exactly as they came (from the node or orchd). */
export interface WorkflowFailure {
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
  /** The step that failed; null when the attempt failed before any step (image validation). */
  readonly step: WorkflowStepKind | null;
}

/** One step of an attempt, for the timeline. */
export interface StepRecord {
  readonly id: WorkflowStepKind;
  readonly state: StepState;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  /** The node's latest short detail for this step. */
  readonly detail: string | null;
  readonly error: WorkflowFailure | null;
  /**
   * The bytes the step moved (its last counter) once it ended; null for a step without counters.
   * Absent in records written before it was kept.
   */
  readonly bytes?: number | null;
}

/**
 * Where one host's provisioning stands: the attempt, its state, the highest accepted event seq,
 * each step, the live counters and the silence deadline. Kept as JSON beside the plan snapshot;
 * every change is one transaction in the store.
 */
export interface WorkflowRecord {
  /** Increments with each reprovision. */
  readonly attempt: number;
  readonly state: WorkflowState;
  /** Why it waits (`waiting`), in words. */
  readonly reason: string | null;
  readonly lastSeq: number;
  /** Empty until the plan is snapshotted. */
  readonly steps: readonly StepRecord[];
  readonly bytesDone: number | null;
  readonly bytesTotal: number | null;
  readonly rate: number | null;
  readonly failure: WorkflowFailure | null;
  /** ISO time after which the current step fails with STEP_TIMEOUT; null when nothing runs. */
  readonly deadline: string | null;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly updatedAt: string;
}
