/**
 * The agent's life: onboard, fetch the workflow, run its steps from where orchd says the workflow
 * stands (`resumeFrom`), report each step and its progress, retry retryable failures within a
 * budget, and end with a result the program turns into an exit status. One workflow at a time.
 * @module
 */
import { OrchError } from '../../core/errors/index.js';
import type { AgentWorkflow, OnboardRequest, WorkflowPlan } from '../../core/workflow/index.js';
import type { DiskRef } from '../disk/node-disk.js';
import type { NodeFacts } from '../facts/node-facts.js';
import { asOrchError, type StepContext, type StepOutcome } from '../steps/step-executor.js';
import { STEP_EXECUTORS } from '../steps/step-registry.js';
import { REBOOT_COMMAND } from '../steps/reboot-step.js';
import type { ToolRunner } from '../tools/tool-runner.js';
import type { Transport } from '../transport/transport.js';
import type { AgentClock } from './agent-clock.js';
import { loadCredential, saveCredential, type CredentialStore } from './credential-store.js';
import { EventReporter } from './event-reporter.js';
import { onboardNode } from './onboard-node.js';

/** Everything the agent runs with (dependencies passed in). */
export interface AgentOptions {
  readonly transport: Transport;
  readonly facts: NodeFacts;
  readonly disk: DiskRef;
  readonly tools: ToolRunner;
  readonly clock: AgentClock;
  readonly log: (line: string) => void;
  readonly signal?: AbortSignal;
  /** Tries of a step whose failure is retryable (default 3), and the wait between (default 5 s). */
  readonly stepTries?: number;
  readonly retryDelayMs?: number;
  /** Where the node credential is kept between runs (mode 0600); absent: onboard at every start. */
  readonly credentials?: CredentialStore;
  /** Coalescing of progress events (default 500 ms). */
  readonly minProgressMs?: number;
  readonly imageSource?: StepContext['imageSource'];
  /** Reboot after success on hardware (default true; never on a file disk). */
  readonly reboot?: boolean;
}

/** How a run ended. */
export interface AgentResult {
  readonly status: 'succeeded' | 'failed';
  readonly hostId: string;
  /** The failure (terminal), with its code. */
  readonly error?: { readonly code: string; readonly message: string; readonly retryable: boolean };
  /** Steps this run executed (0 when orchd said the workflow was already done). */
  readonly stepsRun: number;
}

/** The onboarding request of these facts. */
export function onboardRequestOf(facts: NodeFacts): OnboardRequest {
  return { uuid: facts.uuid, serialNumber: facts.serialNumber, macs: facts.macs, inventory: facts.inventory };
}

/** Runs the agent until its workflow succeeded or failed. */
export async function runAgent(options: AgentOptions): Promise<AgentResult> {
  let session = await credentialFor(options, false);
  let backoff = 1000;
  for (;;) {
    options.signal?.throwIfAborted();
    let workflow: AgentWorkflow;
    try {
      workflow = await options.transport.workflow(session.credential);
      backoff = 1000;
    } catch (error) {
      if (error instanceof OrchError && error.code === 'Unauthenticated') {
        options.log('orchd refused the saved credential: onboarding again');
        session = await credentialFor(options, true);
        continue;
      }
      if (!(error instanceof OrchError) || !error.retryable) throw error;
      options.log(`workflow: ${error.message} (trying again in ${backoff / 1000} s)`);
      await options.clock.sleep(backoff, options.signal);
      backoff = Math.min(60_000, backoff * 2);
      continue;
    }
    if (workflow.state === 'waiting' || !workflow.plan) {
      const wait = Math.max(1, workflow.retryAfterSeconds ?? 5) * 1000;
      options.log(
        `workflow waiting${workflow.reason ? `: ${workflow.reason}` : ''} (asking again in ${wait / 1000} s)`,
      );
      await options.clock.sleep(wait, options.signal);
      continue;
    }
    if (workflow.state === 'succeeded') return { status: 'succeeded', hostId: session.hostId, stepsRun: 0 };
    if (workflow.state === 'failed') {
      const message =
        workflow.reason ?? 'the workflow failed; the operator must start a new provisioning attempt';
      return {
        status: 'failed',
        hostId: session.hostId,
        stepsRun: 0,
        error: { code: 'FailedPrecondition', message, retryable: false },
      };
    }
    return runSteps(options, session, workflow, workflow.plan);
  }
}

async function credentialFor(
  options: AgentOptions,
  fresh: boolean,
): Promise<{ hostId: string; credential: string }> {
  if (!fresh && options.credentials) {
    const saved = await loadCredential(options.credentials, options.facts.uuid);
    if (saved) return saved;
  }
  const accepted = await onboardNode({
    transport: options.transport,
    request: onboardRequestOf(options.facts),
    clock: options.clock,
    log: options.log,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  options.log(`onboarded as host ${accepted.hostId} of project ${accepted.projectName}`);
  const session = { hostId: accepted.hostId, credential: accepted.credential };
  if (options.credentials) await saveCredential(options.credentials, options.facts.uuid, session);
  return session;
}

async function runSteps(
  options: AgentOptions,
  session: { hostId: string; credential: string },
  workflow: AgentWorkflow,
  plan: WorkflowPlan,
): Promise<AgentResult> {
  const reporter = new EventReporter({
    transport: options.transport,
    credential: session.credential,
    attempt: workflow.attempt,
    lastSeq: workflow.lastSeq,
    clock: options.clock,
    ...(options.minProgressMs === undefined ? {} : { minProgressMs: options.minProgressMs }),
  });
  let stepsRun = 0;
  try {
    if (workflow.resumeFrom > 0)
      options.log(`resuming at step ${workflow.resumeFrom + 1} of ${plan.steps.length} as orchd says`);
    for (const step of plan.steps.slice(workflow.resumeFrom)) {
      const position = `${plan.steps.indexOf(step) + 1}/${plan.steps.length}`;
      options.log(`${position}: ${step.text}`);
      const ack = await reporter.state({ step: step.kind, state: 'running' });
      if (ack.state === 'failed' || ack.state === 'succeeded') return ended(session, ack.state, stepsRun);
      const outcome = await runWithRetries(options, plan, step, reporter, position);
      // Stopped from outside (killed): report nothing, a restarted agent resumes where orchd says.
      options.signal?.throwIfAborted();
      stepsRun++;
      if (!outcome.ok) {
        const error = {
          code: outcome.error.code,
          message: outcome.error.message,
          retryable: outcome.error.retryable,
        };
        options.log(`${position}: failed: ${error.code}: ${error.message}`);
        await reporter.state({ step: step.kind, state: 'failed', error });
        return { status: 'failed', hostId: session.hostId, error, stepsRun };
      }
      options.log(`${position}: done${outcome.detail ? `: ${outcome.detail}` : ''}`);
      const done = await reporter.state({
        step: step.kind,
        state: 'succeeded',
        ...(outcome.detail ? { detail: outcome.detail.slice(0, 500) } : {}),
      });
      if (done.state === 'failed') return ended(session, 'failed', stepsRun);
    }
  } finally {
    await reporter.close();
  }
  if (
    options.disk.kind === 'device' &&
    options.reboot !== false &&
    plan.steps.some((s) => s.kind === 'reboot')
  ) {
    options.log('rebooting into the new OS');
    await options.tools.run(REBOOT_COMMAND[0], REBOOT_COMMAND.slice(1));
  }
  return { status: 'succeeded', hostId: session.hostId, stepsRun };
}

function ended(session: { hostId: string }, state: 'failed' | 'succeeded', stepsRun: number): AgentResult {
  if (state === 'succeeded') return { status: 'succeeded', hostId: session.hostId, stepsRun };
  const message = 'orchd ended this provisioning attempt (a step timed out or it was failed by the operator)';
  return {
    status: 'failed',
    hostId: session.hostId,
    stepsRun,
    error: { code: 'FailedPrecondition', message, retryable: false },
  };
}

/** One step, tried again while its failure is retryable and the budget lasts. */
async function runWithRetries(
  options: AgentOptions,
  plan: WorkflowPlan,
  step: WorkflowPlan['steps'][number],
  reporter: EventReporter,
  position: string,
): Promise<StepOutcome> {
  const executor = STEP_EXECUTORS[step.kind] as (typeof STEP_EXECUTORS)['reboot'];
  let params: never;
  try {
    params = executor.parse(step.params) as never;
  } catch (error) {
    return { ok: false, error: asOrchError(error) };
  }
  const tries = options.stepTries ?? 3;
  for (let attempt = 1; ; attempt++) {
    const controller = new AbortController();
    const cancel = (): void => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', cancel, { once: true });
    const ctx: StepContext = {
      disk: options.disk,
      facts: options.facts,
      plan,
      tools: options.tools,
      log: (line) => options.log(`${position}: ${line}`),
      progress: (p) =>
        reporter.progress({
          step: step.kind,
          state: 'progress',
          bytesDone: p.bytesDone,
          ...(p.bytesTotal === undefined ? {} : { bytesTotal: p.bytesTotal }),
          ...(p.rate === undefined ? {} : { rate: p.rate }),
          ...(p.detail === undefined ? {} : { detail: p.detail }),
        }),
      ...(options.imageSource ? { imageSource: options.imageSource } : {}),
    };
    const outcome = await executor
      .run(ctx, params, controller.signal)
      .finally(() => options.signal?.removeEventListener('abort', cancel));
    if (outcome.ok || !outcome.error.retryable || attempt >= tries || options.signal?.aborted) return outcome;
    const detail =
      `retry ${attempt + 1} of ${tries} after ${outcome.error.code}: ${outcome.error.message}`.slice(0, 500);
    options.log(`${position}: ${detail}`);
    await reporter.state({ step: step.kind, state: 'running', detail });
    await options.clock.sleep(options.retryDelayMs ?? 5000, options.signal);
  }
}
