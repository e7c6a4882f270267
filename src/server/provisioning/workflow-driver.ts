import { OrchError } from '../../core/errors/index.js';
import type { Host } from '../../core/host/host-types.js';
import type { OsProfile } from '../../core/os-profile/index.js';
import {
  WAITING_FOR_NODE,
  WAITING_FOR_VALIDATION,
  applyAgentEvent,
  buildWorkflowPlan,
  canReprovision,
  expireStep,
  failBeforeStart,
  provisioningWords,
  renderUserData,
  startRecord,
  waitingRecord,
  withReason,
  type AgentEvent,
  type WorkflowRecord,
} from '../../core/workflow/index.js';
import type { Store, WorkflowRow, WorkflowTransition } from '../../store/store.js';
import type { HostNotifier } from './host-event-stream.js';
import { hostStatusFor } from './host-status.js';
import { provisioningView } from './host-views.js';
import { validationVerdict } from './validation-verdict.js';

/**
 * Stands in for the node credential in the stored user-data; replaced when the node fetches its
 * workflow with the credential it authenticated with. The credential is never stored in clear.
 */
export const CREDENTIAL_PLACEHOLDER = 'EDGE-ORCH-NODE-CREDENTIAL';

/** Where nodes reach orchd, and the CA they trust it by. */
export interface AgentEndpointConfig {
  /** Read when a plan is snapshotted (a server listening on port 0 learns its URL late). */
  orchestratorUrl(): string;
  /** PEM; '' when nodes verify orchd with their system roots. */
  readonly orchestratorCaPem: string;
}

export interface WorkflowDriverDeps {
  readonly store: Store;
  readonly clock: () => Date;
  readonly hub: HostNotifier;
  readonly agent: AgentEndpointConfig;
}

/** The state machine's transitions, each one store transaction plus its logged event. */
export interface WorkflowDriver {
  /** A waiting workflow moves on when it can: snapshot the plan, or fail on a failed validation. */
  advance(host: Host): Promise<WorkflowRow | undefined>;
  /** Applies a node event; `accepted` false for duplicates and other harmless repeats. */
  applyEvent(host: Host, event: AgentEvent): Promise<{ row: WorkflowRow; accepted: boolean }>;
  /** Fails every step whose node went silent past its timeout; returns how many. */
  sweep(): Promise<number>;
  /** Re-arms an ended attempt (attempt + 1); FailedPrecondition while one runs. */
  reprovision(host: Host): Promise<WorkflowRow>;
  /** The first record of a new instance. */
  initialRecord(): WorkflowRecord;
}

/** The log entry of a workflow change: enough for a watcher to draw its line without a GET. */
export function workflowEvent(row: WorkflowRow, profile?: OsProfile): WorkflowTransition['event'] {
  const count = row.plan?.steps.length ?? 0;
  const words = provisioningWords(row.record, count);
  return {
    kind: 'provisioning',
    data: {
      hostId: row.hostId,
      instanceId: row.instanceId,
      provisioningStatus: words.text,
      provisioningStatusIndicator: words.indicator,
      provisioning: provisioningView(row.record, count, profile),
    },
  };
}

export function createWorkflowDriver(deps: WorkflowDriverDeps): WorkflowDriver {
  const { store, clock, hub } = deps;
  const changed = (row: WorkflowRow, profile: OsProfile | undefined): WorkflowTransition => ({
    record: row.record,
    plan: row.plan,
    event: workflowEvent(row, profile),
    hostStatus: hostStatusFor(row.record),
  });
  /** The host's instance profile: its validation verdict travels with every logged event. */
  const profileOf = async (project: string, hostId: string): Promise<OsProfile | undefined> => {
    const instance = await store.instances.getByHost(project, hostId);
    return instance ? store.profiles.get(project, instance.osId) : undefined;
  };
  const transition = async (
    host: Host,
    next: (row: WorkflowRow) => { record: WorkflowRecord; plan?: WorkflowRow['plan'] } | undefined,
    known?: OsProfile,
  ) => {
    const profile = known ?? (await profileOf(host.project, host.resourceId));
    const result = await store.workflows.transition(host.project, host.resourceId, (row) => {
      const moved = next(row);
      if (!moved) return undefined;
      const after: WorkflowRow = {
        ...row,
        record: moved.record,
        plan: moved.plan === undefined ? row.plan : moved.plan,
      };
      return changed(after, profile);
    });
    if (result?.changed) hub.notify(host.project);
    return result;
  };

  return {
    initialRecord: () => waitingRecord(1, WAITING_FOR_NODE, clock()),

    async advance(host) {
      const row = await store.workflows.get(host.project, host.resourceId);
      if (!row || row.record.state !== 'waiting') return row;
      const instance = await store.instances.getByHost(host.project, host.resourceId);
      const profile = instance && (await store.profiles.get(host.project, instance.osId));
      if (!instance || !profile) return row;
      const verdict = await validationVerdict(store, host.project, profile);
      const now = clock();
      const result = await transition(
        host,
        (current) => {
          if (current.record.state !== 'waiting' || current.record.attempt !== row.record.attempt)
            return undefined;
          if (verdict.kind === 'pending') {
            const record = withReason(current.record, WAITING_FOR_VALIDATION, now);
            return record === current.record ? undefined : { record };
          }
          if (verdict.kind === 'failed') {
            return {
              record: failBeforeStart(
                current.record,
                { code: 'IMAGE_VALIDATION_FAILED', message: verdict.message, retryable: false, step: null },
                now,
              ),
            };
          }
          // The plan is snapshotted when provisioning starts: once the node is there to run it.
          if (host.currentState !== 'HOST_STATE_ONBOARDED') {
            const record = withReason(current.record, WAITING_FOR_NODE, now);
            return record === current.record ? undefined : { record };
          }
          const base = {
            host,
            instance,
            profile,
            facts: verdict.facts,
            orchestratorUrl: deps.agent.orchestratorUrl(),
          };
          const userData = renderUserData({
            hostId: host.resourceId,
            projectName: host.project,
            orchestratorUrl: deps.agent.orchestratorUrl(),
            orchestratorCaPem: deps.agent.orchestratorCaPem,
            credential: CREDENTIAL_PLACEHOLDER,
            osFamily: profile.osFamily,
            sshKeys: instance.sshKeys,
            customCloudInit: instance.customCloudInit,
            metadata: profile.metadata,
          });
          const plan = buildWorkflowPlan({ ...base, userData });
          return { record: startRecord(current.record, plan, now), plan };
        },
        profile,
      );
      return result?.row;
    },

    async applyEvent(host, event) {
      let accepted = false;
      const now = clock();
      const result = await transition(host, (row) => {
        if (!row.plan) return undefined;
        const outcome = applyAgentEvent(row.record, row.plan, event, now);
        accepted = outcome.accepted;
        return outcome.accepted ? { record: outcome.record } : undefined;
      });
      if (!result) throw noWorkflow(host);
      return { row: result.row, accepted };
    },

    async sweep() {
      const now = clock();
      const due = await store.workflows.expired(now.toISOString(), 100);
      let failed = 0;
      for (const { project, hostId } of due) {
        const profile = await profileOf(project, hostId);
        const result = await store.workflows.transition(project, hostId, (row) => {
          if (!row.plan) return undefined;
          const record = expireStep(row.record, row.plan, now);
          return record ? changed({ ...row, record }, profile) : undefined;
        });
        if (result?.changed) {
          failed += 1;
          hub.notify(project);
        }
      }
      return failed;
    },

    async reprovision(host) {
      const now = clock();
      let refusal: OrchError | undefined;
      const result = await transition(host, (row) => {
        if (!canReprovision(row.record)) {
          refusal = new OrchError(
            'FailedPrecondition',
            `host ${host.resourceId} is ${row.record.state === 'waiting' ? 'waiting to provision' : 'provisioning'} (attempt ${row.record.attempt}); reprovision re-arms a failed or provisioned host`,
            { details: { state: row.record.state } },
          );
          return undefined;
        }
        refusal = undefined;
        return { record: waitingRecord(row.record.attempt + 1, WAITING_FOR_NODE, now), plan: null };
      });
      if (!result) throw noWorkflow(host);
      if (refusal) throw refusal;
      return result.row;
    },
  };
}

function noWorkflow(host: Host): OrchError {
  return new OrchError('FailedPrecondition', `host ${host.resourceId} has no instance to provision`, {
    details: { hostId: host.resourceId },
  });
}
