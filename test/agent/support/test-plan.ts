/**
 * @module
 * Workflow plans as orchd builds them, for the agent's tests (the fake transport serves them):
 * the EMF step lists of both families with their parameters.
 */
import {
  CIDATA_RESERVE_MIB,
  WORKFLOW_STEP_TEXT,
  type WorkflowPlan,
  type WorkflowStep,
  type WorkflowStepKind,
  type WorkflowStepParams,
} from '../../../src/core/workflow/index.js';

/** The image a plan streams. */
export interface PlanImage {
  readonly url: string;
  readonly sha256: string;
  readonly tlsCaCert: string;
  readonly expectedDiskBytes?: number | null;
}

/** Options of {@link testPlan}. */
export interface TestPlanOptions {
  readonly family: 'ubuntu' | 'emt';
  readonly image: PlanImage;
  readonly secureBoot?: 'on' | 'off';
  readonly provisioningMac?: string | null;
  readonly userData?: string;
  readonly hostId?: string;
  readonly lvmSizeGiB?: number;
}

const step = <K extends WorkflowStepKind>(kind: K, params: WorkflowStepParams[K]): WorkflowStep =>
  ({ kind, id: kind, text: WORKFLOW_STEP_TEXT[kind], timeoutSeconds: 600, params }) as WorkflowStep;

/** A plan of `family` streaming `image`. */
export function testPlan(options: TestPlanOptions): WorkflowPlan {
  const hostId = options.hostId ?? 'host-1a2b3c4d';
  const layout =
    options.family === 'ubuntu'
      ? step('grow-root', { rootPartition: 1, reserveMiB: CIDATA_RESERVE_MIB })
      : step('emt-layout', {
          espPartition: 1,
          rootfsPartition: 2,
          persistentPartition: 3,
          lvmSizeGiB: options.lvmSizeGiB ?? 0,
          ramGiB: 4,
        });
  return {
    hostId,
    instanceId: 'inst-5e6f7a8b',
    osProfileId: 'os-12345678',
    osProfileName: `${options.family}-test`,
    osFamily: options.family,
    osType: options.family === 'ubuntu' ? 'OS_TYPE_MUTABLE' : 'OS_TYPE_IMMUTABLE',
    securityFeature: 'SECURITY_FEATURE_NONE',
    orchestratorUrl: 'https://orchd.test:8443',
    steps: [
      step('secure-boot-check', { expected: options.secureBoot ?? 'off' }),
      step('erase-disk', {}),
      step('stream-image', { expectedDiskBytes: null, ...options.image }),
      layout,
      step('write-cloud-init', {
        instanceId: hostId,
        localHostname: hostId,
        userData:
          options.userData ??
          '#cloud-config\nusers:\n  - name: edge\n    ssh_authorized_keys: [ssh-ed25519 AAAAC3Nz test]\n',
        provisioningMac:
          options.provisioningMac === undefined ? '52:54:00:12:34:56' : options.provisioningMac,
      }),
      step('set-boot-entry', { osFamily: options.family }),
      step('reboot', {}),
    ],
  };
}
