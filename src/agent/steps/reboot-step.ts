/**
 * Step 7: done. On hardware the node reboots into its new OS once the success is reported; a
 * virtual edge node (a file disk) has nothing to reboot and the agent exits 0.
 * @module
 */
import { paramsObject } from './step-params.js';
import { outcomeOf, type StepExecutor } from './step-executor.js';

export const rebootStep: StepExecutor<'reboot'> = {
  kind: 'reboot',
  parse: (params) => (paramsObject('reboot', params), {}),
  run: (ctx) =>
    outcomeOf(async () =>
      ctx.disk.kind === 'file'
        ? 'file disk: nothing to reboot, the agent exits'
        : 'rebooting into the new OS once this is reported',
    ),
};

/** What the program does after the last event on hardware: `systemctl reboot`. */
export const REBOOT_COMMAND = ['systemctl', 'reboot'] as const;
