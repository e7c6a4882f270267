import type { StatusIndicator } from '../host/host-types.js';
import type { WorkflowRecord } from './workflow-record.js';
import { WORKFLOW_STEP_TEXT, type WorkflowStepKind } from './workflow-steps.js';

/** The reason words while a profile's image validation has not ended (EMF-like, step 0). */
export const WAITING_FOR_VALIDATION = 'Waiting for image validation';
/** The reason words before the node fetched its workflow. */
export const WAITING_FOR_NODE = 'Waiting for the node to onboard';

/** EMF's provisioning words of a record, with the indicator. */
export interface ProvisioningWords {
  readonly text: string;
  readonly indicator: StatusIndicator;
}

/**
 * EMF's words: `Not Provisioned`, `Provisioning In Progress: 3/8: Streaming OS image`,
 * `Provisioned`, `Provisioning Failed: 3/8: Streaming OS image failed: <reason>`. `stepCount` is
 * N of the plan (or of the plan to come, while waiting).
 */
export function provisioningWords(record: WorkflowRecord | null, stepCount: number): ProvisioningWords {
  if (!record) return { text: 'Not Provisioned', indicator: 'STATUS_INDICATION_IDLE' };
  const n = record.steps.length || stepCount;
  switch (record.state) {
    case 'waiting':
      return record.reason === WAITING_FOR_VALIDATION
        ? {
            text: `Provisioning In Progress: 0/${n}: ${record.reason}`,
            indicator: 'STATUS_INDICATION_IN_PROGRESS',
          }
        : { text: 'Not Provisioned', indicator: 'STATUS_INDICATION_IDLE' };
    case 'ready':
    case 'running': {
      const index = Math.max(
        0,
        record.steps.findIndex((step) => step.state !== 'succeeded'),
      );
      const step = record.steps[index];
      const text = step ? WORKFLOW_STEP_TEXT[step.id] : 'Starting';
      return {
        text: `Provisioning In Progress: ${index + 1}/${n}: ${text}`,
        indicator: 'STATUS_INDICATION_IN_PROGRESS',
      };
    }
    case 'succeeded':
      return { text: 'Provisioned', indicator: 'STATUS_INDICATION_IDLE' };
    case 'failed': {
      const failure = record.failure;
      const stepId: WorkflowStepKind | null = failure?.step ?? null;
      const index = stepId ? record.steps.findIndex((step) => step.id === stepId) : -1;
      const where =
        index >= 0 ? `${index + 1}/${n}: ${WORKFLOW_STEP_TEXT[stepId!]} failed` : `0/${n}: failed`;
      return {
        text: `Provisioning Failed: ${where}: ${failure?.message ?? 'unknown reason'}`,
        indicator: 'STATUS_INDICATION_ERROR',
      };
    }
  }
}
