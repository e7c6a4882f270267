import type { StatusTriple } from '../../core/host/host-types.js';
import type { WorkflowRecord } from '../../core/workflow/index.js';

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/**
 * EMF's hostStatus words of an onboarded host as they follow from its workflow: `Booting` while it
 * waits or runs the provisioning OS, `Rebooting` in the last step, `Running` once provisioned,
 * `Error` when provisioning failed. Written to the host row with every workflow transition (while
 * the host is onboarded), so that what list shows, filters and counts is one stored column.
 */
export function hostStatusFor(record: WorkflowRecord): StatusTriple {
  const at = seconds(record.updatedAt);
  switch (record.state) {
    case 'succeeded':
      return { text: 'Running', indicator: 'STATUS_INDICATION_IDLE', timestamp: at };
    case 'failed':
      return { text: 'Error', indicator: 'STATUS_INDICATION_ERROR', timestamp: at };
    case 'waiting':
      return { text: 'Booting', indicator: 'STATUS_INDICATION_IN_PROGRESS', timestamp: at };
    default: {
      const running = record.steps.find((step) => step.state === 'running');
      const text = running?.id === 'reboot' ? 'Rebooting' : 'Booting';
      return { text, indicator: 'STATUS_INDICATION_IN_PROGRESS', timestamp: at };
    }
  }
}
