/**
 * @module
 * Runs the checks of a profile over an image's facts. A check whose prerequisite is missing (no
 * readable partition table, no root filesystem) is reported as `skip` with the reason.
 */
import type { ImageFacts } from '../inspect/image-facts.js';
import { checksFor } from './check-catalog.js';
import type { CheckContext, CheckNeed, CheckResult, CheckStatus } from './check-types.js';

/** Why a check whose prerequisite is missing was skipped; inspection's first problem says more. */
function skipText(need: CheckNeed, facts: ImageFacts): string {
  if (need === 'gpt') return 'skipped: the image has no GPT partition table (see gpt.valid)';
  const problem = facts.problems[0];
  return `skipped: no ext4 root filesystem could be read${problem === undefined ? '' : ` (${problem})`}`;
}

function missingNeed(need: CheckNeed, facts: ImageFacts): boolean {
  if (need === 'gpt') return !facts.gpt.found;
  return facts.rootPartition === undefined;
}

/** Every check of `context.profile`, in report order. Pure. */
export function runChecks(context: CheckContext): CheckResult[] {
  return checksFor(context.profile).map((check) => {
    const missing = check.needs.find((need) => missingNeed(need, context.facts));
    if (missing) return { id: check.id, status: 'skip', message: skipText(missing, context.facts) };
    return { id: check.id, ...check.run(context) };
  });
}

/** The report's state: failed when a check failed, warned when one warned, else passed. */
export function reportState(
  results: readonly { readonly status: CheckStatus }[],
): 'passed' | 'warned' | 'failed' {
  if (results.some((r) => r.status === 'fail')) return 'failed';
  if (results.some((r) => r.status === 'warn')) return 'warned';
  return 'passed';
}
