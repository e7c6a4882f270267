/**
 * The seam between the workflow runner and the step modules (tink's actions): each step kind is
 * one executor with a validated input and one `run`, which never throws but returns what happened,
 * with a machine-readable failure (the error registry's code, the real message, retryable).
 * @module
 */
import { isOrchError, OrchError } from '../../core/errors/index.js';
import type { WorkflowPlan, WorkflowStepKind, WorkflowStepParams } from '../../core/workflow/index.js';
import type { DiskRef } from '../disk/node-disk.js';
import type { NodeFacts } from '../facts/node-facts.js';
import type { ToolRunner } from '../tools/tool-runner.js';

/** Progress of a step that moves bytes. */
export interface StepProgress {
  readonly bytesDone: number;
  readonly bytesTotal?: number;
  /** Bytes per second over the last seconds. */
  readonly rate?: number;
  readonly detail?: string;
}

/** What a step may use: the disk, the node's facts, the plan, system tools, progress and log. */
export interface StepContext {
  readonly disk: DiskRef;
  readonly facts: NodeFacts;
  readonly plan: WorkflowPlan;
  readonly tools: ToolRunner;
  progress(progress: StepProgress): void;
  log(line: string): void;
  /** Options for the image source (tests: fast retries); merged into the stream step's source. */
  readonly imageSource?: {
    readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number };
    readonly idleTimeoutMs?: number;
  };
}

/** The outcome of one run of a step. */
export type StepOutcome =
  { readonly ok: true; readonly detail?: string } | { readonly ok: false; readonly error: OrchError };

/** One step kind's module. */
export interface StepExecutor<K extends WorkflowStepKind = WorkflowStepKind> {
  readonly kind: K;
  /** Checks the parameters orchd sent; throws STEP_PARAMS_INVALID naming the field. */
  parse(params: unknown): WorkflowStepParams[K];
  run(ctx: StepContext, params: WorkflowStepParams[K], signal: AbortSignal): Promise<StepOutcome>;
}

/** Runs `body` and turns any exception into a failed outcome (an OrchError keeps its code). */
export async function outcomeOf(body: () => Promise<string | undefined>): Promise<StepOutcome> {
  try {
    const detail = await body();
    return detail === undefined ? { ok: true } : { ok: true, detail };
  } catch (error) {
    return { ok: false, error: asOrchError(error) };
  }
}

/** Every failure as an OrchError: unknown ones become Internal with the original message. */
export function asOrchError(error: unknown): OrchError {
  if (isOrchError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new OrchError('Internal', message, { cause: error });
}
