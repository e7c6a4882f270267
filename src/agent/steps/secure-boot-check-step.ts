/**
 * Step 1: the firmware's Secure Boot state against the profile's security feature, strict both
 * ways (EMF fails a NONE profile on a node with Secure Boot on, too).
 * @module
 */
import { OrchError } from '../../core/errors/index.js';
import { choiceField, paramsObject } from './step-params.js';
import { outcomeOf, type StepExecutor } from './step-executor.js';

const KIND = 'secure-boot-check';

/** Compares `facts.secureBoot` with `expected`; SECURE_BOOT_MISMATCH says which is on and which was expected. */
export const secureBootCheckStep: StepExecutor<'secure-boot-check'> = {
  kind: KIND,
  parse: (params) => ({
    expected: choiceField(KIND, paramsObject(KIND, params), 'expected', ['on', 'off'] as const),
  }),
  run: (ctx, params) =>
    outcomeOf(async () => {
      // No UEFI means no Secure Boot: that satisfies `off` and fails `on`.
      const actual = ctx.facts.secureBoot === true ? 'on' : 'off';
      const how = ctx.facts.secureBoot === null ? ' (the node did not boot through UEFI)' : '';
      if (actual === params.expected) return `Secure Boot is ${actual}${how}, as the profile expects`;
      const profile = params.expected === 'on' ? 'SB_FDE' : 'NONE';
      throw new OrchError(
        'SECURE_BOOT_MISMATCH',
        `Secure Boot is ${actual} in the node's firmware${how} but the profile (security feature ${profile}) expects it ${params.expected}: ` +
          (params.expected === 'on'
            ? 'enable Secure Boot in the firmware setup'
            : 'disable Secure Boot in the firmware setup, or use an SB_FDE profile'),
        { details: { firmware: actual, expected: params.expected } },
      );
    }),
};
