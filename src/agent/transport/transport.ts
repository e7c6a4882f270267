/**
 * The seam between en-agent and orchd (src/core/workflow/agent-protocol.ts): the three calls, as
 * the agent needs them. Implementations: http-transport.ts (HTTPS to orchd) and fake-transport.ts
 * (tests). Failures are OrchErrors: ORCHESTRATOR_UNREACHABLE (retryable) for the network, 5xx and
 * 429; ONBOARD_REFUSED for a 400 at onboarding; Unauthenticated for a credential orchd refuses.
 * @module
 */
import type {
  AgentEvent,
  AgentEventAck,
  AgentWorkflow,
  OnboardAccepted,
  OnboardRequest,
  OnboardWaiting,
} from '../../core/workflow/index.js';

/** What onboarding answered: a credential, wait, or an unknown node (404: not registered yet). */
export type OnboardAnswer =
  OnboardAccepted | OnboardWaiting | { readonly state: 'unknown'; readonly message: string };

/** The agent's calls to orchd. */
export interface Transport {
  onboard(request: OnboardRequest): Promise<OnboardAnswer>;
  workflow(credential: string): Promise<AgentWorkflow>;
  event(credential: string, event: AgentEvent): Promise<AgentEventAck>;
}
