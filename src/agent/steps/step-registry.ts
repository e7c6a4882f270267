/**
 * Every step kind's executor: the closed set the runner dispatches on.
 * @module
 */
import type { WorkflowStepKind } from '../../core/workflow/index.js';
import { driverCheckStep } from './driver-check-step.js';
import { emtLayoutStep } from './emt-layout-step.js';
import { encryptDiskStep } from './encrypt-disk-step.js';
import { eraseDiskStep } from './erase-disk-step.js';
import { growRootStep } from './grow-root-step.js';
import { rebootStep } from './reboot-step.js';
import { secureBootCheckStep } from './secure-boot-check-step.js';
import { setBootEntryStep } from './set-boot-entry-step.js';
import type { StepExecutor } from './step-executor.js';
import { streamImageStep } from './stream-image-step.js';
import { writeCloudInitStep } from './write-cloud-init-step.js';

/** The executor of each kind. */
export const STEP_EXECUTORS: { readonly [K in WorkflowStepKind]: StepExecutor<K> } = {
  'secure-boot-check': secureBootCheckStep,
  'driver-check': driverCheckStep,
  'erase-disk': eraseDiskStep,
  'stream-image': streamImageStep,
  'grow-root': growRootStep,
  'emt-layout': emtLayoutStep,
  'encrypt-disk': encryptDiskStep,
  'write-cloud-init': writeCloudInitStep,
  'set-boot-entry': setBootEntryStep,
  reboot: rebootStep,
};
