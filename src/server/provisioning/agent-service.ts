import { OrchError } from '../../core/errors/index.js';
import type { Host } from '../../core/host/index.js';
import {
  resumeIndex,
  withUserData,
  type AgentEvent,
  type AgentEventAck,
  type AgentWorkflow,
  type WorkflowStep,
} from '../../core/workflow/index.js';
import type { Store } from '../../store/store.js';
import { hashNodeCredential, NODE_CREDENTIAL_PREFIX } from './node-credential.js';
import { CREDENTIAL_PLACEHOLDER, type WorkflowDriver } from './workflow-driver.js';

/** How often a waiting node should ask again. */
export const WAITING_RETRY_SECONDS = 15;
/** How often a node whose attempt failed should look for a reprovision. */
export const FAILED_RETRY_SECONDS = 30;

export interface AgentServiceDeps {
  readonly store: Store;
  readonly driver: WorkflowDriver;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** What a node may do with its credential: read its workflow and report its steps. */
export function createAgentService(deps: AgentServiceDeps) {
  const { store, driver } = deps;

  /** The host of a node credential; Unauthenticated otherwise (never says why beyond that). */
  const authenticate = async (
    authorization: string | undefined,
  ): Promise<{ host: Host; credential: string }> => {
    const credential = authorization ? BEARER.exec(authorization)?.[1] : undefined;
    if (!credential || !credential.startsWith(NODE_CREDENTIAL_PREFIX)) {
      throw new OrchError(
        'Unauthenticated',
        'this call needs a node credential (Authorization: Bearer en_…)',
      );
    }
    const host = await store.hosts.findByCredentialHash(hashNodeCredential(credential));
    if (!host) throw new OrchError('Unauthenticated', 'the node credential is unknown or revoked');
    return { host, credential };
  };

  const ownHost = (host: Host, claimed: string | undefined) => {
    if (claimed !== undefined && claimed !== host.resourceId) {
      throw new OrchError(
        'PermissionDenied',
        `this node credential belongs to another host, not ${claimed.slice(0, 64)}`,
      );
    }
  };

  return {
    authenticate,

    async workflow(host: Host, credential: string, claimedHostId?: string): Promise<AgentWorkflow> {
      ownHost(host, claimedHostId);
      const row = await driver.advance(host);
      if (!row) {
        return {
          state: 'waiting',
          reason: 'no OS profile is assigned to this host yet (no instance)',
          retryAfterSeconds: WAITING_RETRY_SECONDS,
          attempt: 0,
          plan: null,
          resumeFrom: 0,
          lastSeq: 0,
          steps: [],
        };
      }
      const { record } = row;
      const plan =
        row.plan &&
        withUserData(row.plan, userDataOf(row.plan.steps).replaceAll(CREDENTIAL_PLACEHOLDER, credential));
      const retry =
        record.state === 'waiting'
          ? WAITING_RETRY_SECONDS
          : record.state === 'failed'
            ? FAILED_RETRY_SECONDS
            : null;
      return {
        state: record.state,
        reason: record.state === 'failed' ? (record.failure?.message ?? null) : record.reason,
        retryAfterSeconds: retry,
        attempt: record.attempt,
        plan,
        resumeFrom: resumeIndex(record),
        lastSeq: record.lastSeq,
        steps: record.steps.map((step) => ({ id: step.id, state: step.state })),
      };
    },

    async event(host: Host, event: AgentEvent): Promise<AgentEventAck> {
      ownHost(host, event.hostId);
      const { row, accepted } = await driver.applyEvent(host, event);
      return { accepted, state: row.record.state };
    },
  };
}

function userDataOf(steps: readonly WorkflowStep[]): string {
  const step = steps.find((s) => s.kind === 'write-cloud-init');
  return step?.kind === 'write-cloud-init' ? step.params.userData : '';
}

export type AgentService = ReturnType<typeof createAgentService>;
