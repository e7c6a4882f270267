/**
 * @module
 * Hosts and provisioning views as orchd sends them, for the console's component tests.
 */
import type { Host, Provisioning } from '../api/api-types.js';

const T0 = '2026-12-01T10:00:00.000Z';

/** A provisioning view: `done` steps succeeded, the next one in `state`. */
export function provisioningView(
  state: Provisioning['state'],
  options: Partial<Provisioning> = {},
): Provisioning {
  const ids = [
    'secure-boot-check',
    'erase-disk',
    'stream-image',
    'write-cloud-init',
    'set-boot-entry',
    'reboot',
  ] as const;
  return {
    state,
    attempt: 1,
    reason: null,
    step: null,
    bytesDone: null,
    bytesTotal: null,
    rate: null,
    error: null,
    steps: ids.map((id) => ({
      id,
      text: id,
      state: 'pending',
      startedAt: null,
      endedAt: null,
      durationMs: null,
      detail: null,
      bytes: null,
      error: null,
    })),
    imageValidation: 'passed',
    updatedAt: T0,
    ...options,
  } as Provisioning;
}

/** A host with an instance running `provisioning` (or none). */
export function hostWith(id: string, provisioning: Provisioning | null, extra: Partial<Host> = {}): Host {
  return {
    resourceId: id,
    name: `edge-${id.slice(-4)}`,
    desiredState: 'HOST_STATE_ONBOARDED',
    currentState: 'HOST_STATE_ONBOARDED',
    serialNumber: 'SN0001',
    uuid: '4c4c4544-0035-5210-8036-000000000001',
    hostname: '',
    hostStatus: 'Provisioning',
    hostStatusIndicator: 'STATUS_INDICATION_IN_PROGRESS',
    hostStatusTimestamp: 0,
    onboardingStatus: 'Onboarded',
    onboardingStatusIndicator: 'STATUS_INDICATION_IDLE',
    onboardingStatusTimestamp: 0,
    registrationStatus: '',
    registrationStatusIndicator: 'STATUS_INDICATION_UNSPECIFIED',
    registrationStatusTimestamp: 0,
    hostStorages: [],
    hostNics: [],
    hostPciDevices: [],
    hostUsbDevices: [],
    instance: provisioning
      ? ({
          resourceId: 'inst-00000001',
          instanceID: 'inst-00000001',
          name: '',
          kind: 'INSTANCE_KIND_METAL',
          osID: 'os-00000001',
          hostID: id,
          securityFeature: 'SECURITY_FEATURE_NONE',
          os: { name: 'Ubuntu 22.04' },
          provisioningStatus: 'Not Provisioned',
          provisioningStatusIndicator: 'STATUS_INDICATION_IDLE',
          provisioningStatusTimestamp: 0,
          instanceStatus: '',
          instanceStatusIndicator: 'STATUS_INDICATION_UNSPECIFIED',
          instanceStatusTimestamp: 0,
          instanceStatusDetail: '',
          provisioning,
        } as unknown as Host['instance'])
      : null,
    site: null,
    siteId: '',
    metadata: [],
    note: '',
    autoOnboard: true,
    enableVpro: false,
    userLvmSize: 0,
    timestamps: { createdAt: T0, updatedAt: T0 },
    ...extra,
  } as Host;
}
