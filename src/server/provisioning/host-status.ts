import type { Host, StatusTriple } from '../../core/host/host-types.js';
import type { WorkflowRecord } from '../../core/workflow/index.js';

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/**
 * EMF's hostStatus words as they follow from the host and its workflow: `Not Connected` until the
 * node onboards, `Booting` while it runs the provisioning OS, `Rebooting` in the last step,
 * `Running` once provisioned, `Error` when provisioning failed.
 */
export function hostStatusOf(host: Host, record: WorkflowRecord | null): StatusTriple {
  if (host.currentState !== 'HOST_STATE_ONBOARDED') return host.hostStatus;
  const at = record ? seconds(record.updatedAt) : host.hostStatus.timestamp;
  if (!record || record.state === 'waiting') {
    return host.hostStatus.text
      ? host.hostStatus
      : { text: 'Booting', indicator: 'STATUS_INDICATION_IN_PROGRESS', timestamp: at };
  }
  switch (record.state) {
    case 'succeeded':
      return { text: 'Running', indicator: 'STATUS_INDICATION_IDLE', timestamp: at };
    case 'failed':
      return { text: 'Error', indicator: 'STATUS_INDICATION_ERROR', timestamp: at };
    default: {
      const running = record.steps.find((step) => step.state === 'running');
      const text = running?.id === 'reboot' ? 'Rebooting' : 'Booting';
      return { text, indicator: 'STATUS_INDICATION_IN_PROGRESS', timestamp: at };
    }
  }
}
