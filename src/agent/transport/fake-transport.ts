/**
 * An in-memory orchd for the agent's tests: it plays the protocol's rules (approval, resumeFrom,
 * lastSeq, idempotent events by attempt and seq, a failed event ends the attempt) over one plan,
 * and records every call. Faults: answer `unreachable` a number of times.
 * @module
 */
import { OrchError } from '../../core/errors/index.js';
import type {
  AgentEvent,
  AgentWorkflow,
  StepState,
  WorkflowPlan,
  WorkflowState,
} from '../../core/workflow/index.js';
import type { OnboardAnswer, Transport } from './transport.js';

/** Options of {@link FakeTransport}. */
export interface FakeTransportOptions {
  readonly plan: WorkflowPlan;
  /** Onboarding answers `awaiting-approval` this many times first (default 0). */
  readonly awaitApproval?: number;
  /** Onboarding answers 404 this many times first (default 0). */
  readonly unknownFor?: number;
  /** The next this-many calls fail with ORCHESTRATOR_UNREACHABLE (default 0). */
  readonly unreachable?: number;
}

/** A fake orchd. */
export class FakeTransport implements Transport {
  readonly events: AgentEvent[] = [];
  readonly calls: string[] = [];
  readonly plan: WorkflowPlan;
  attempt = 1;
  state: WorkflowState = 'ready';
  readonly stepStates: StepState[];
  #lastSeq = 0;
  #awaiting: number;
  #unknown: number;
  #unreachable: number;
  #credential = '';
  #onboardings = 0;

  constructor(options: FakeTransportOptions) {
    this.plan = options.plan;
    this.stepStates = options.plan.steps.map(() => 'pending');
    this.#awaiting = options.awaitApproval ?? 0;
    this.#unknown = options.unknownFor ?? 0;
    this.#unreachable = options.unreachable ?? 0;
  }

  /** The failure the host status would show, if any. */
  get failure(): AgentEvent['error'] | undefined {
    return this.events.find((e) => e.state === 'failed')?.error;
  }

  async onboard(): Promise<OnboardAnswer> {
    this.#call('onboard');
    if (this.#unknown > 0) return (this.#unknown--, { state: 'unknown', message: 'unknown node' });
    if (this.#awaiting > 0) {
      this.#awaiting--;
      return { state: 'awaiting-approval', message: 'waiting for the operator', retryAfterSeconds: 1 };
    }
    this.#credential = `cred-${++this.#onboardings}`;
    return {
      state: 'onboarded',
      hostId: this.plan.hostId,
      projectName: 'test',
      credential: this.#credential,
    };
  }

  async workflow(credential: string): Promise<AgentWorkflow> {
    this.#call('workflow');
    this.#authenticate(credential);
    const resumeFrom = this.stepStates.findIndex((s) => s !== 'succeeded');
    return {
      state: this.state,
      reason: null,
      retryAfterSeconds: null,
      attempt: this.attempt,
      plan: this.plan,
      resumeFrom: resumeFrom === -1 ? this.plan.steps.length : resumeFrom,
      lastSeq: this.#lastSeq,
      steps: this.plan.steps.map((s, i) => ({ id: s.id, state: this.stepStates[i]! })),
    };
  }

  async event(credential: string, event: AgentEvent) {
    this.#call('event');
    this.#authenticate(credential);
    if (
      event.attempt !== this.attempt ||
      event.seq <= this.#lastSeq ||
      this.state === 'failed' ||
      this.state === 'succeeded'
    ) {
      return { accepted: false, state: this.state };
    }
    this.#lastSeq = event.seq;
    this.events.push(event);
    const index = this.plan.steps.findIndex((s) => s.kind === event.step);
    if (event.state === 'running') this.stepStates[index] = 'running';
    if (event.state === 'succeeded') this.stepStates[index] = 'succeeded';
    if (event.state === 'failed') {
      this.stepStates[index] = 'failed';
      this.state = 'failed';
    } else if (this.stepStates.every((s) => s === 'succeeded')) this.state = 'succeeded';
    else this.state = 'running';
    return { accepted: true, state: this.state };
  }

  #call(name: string): void {
    this.calls.push(name);
    if (this.#unreachable > 0) {
      this.#unreachable--;
      throw new OrchError('ORCHESTRATOR_UNREACHABLE', `${name}: connection refused (fake)`);
    }
  }

  #authenticate(credential: string): void {
    if (credential !== this.#credential) throw new OrchError('Unauthenticated', 'unknown node credential');
  }
}
