/**
 * @module
 * Runs the checks of a profile over an image's facts. A check whose prerequisite is missing (no
 * readable partition table, no root filesystem) is reported as `skip` with the reason.
 */
import type { ImageFacts } from '../inspect/image-facts.js';
import { checksFor } from './check-catalog.js';
import type { CheckContext, CheckNeed, CheckResult, CheckStatus } from './check-types.js';

const NEED_TEXT: Readonly<Record<CheckNeed, string>> = {
  gpt: 'skipped: the image has no readable GPT partition table (see gpt.valid)',
  root: 'skipped: no ext4 root filesystem could be read',
};

function missingNeed(need: CheckNeed, facts: ImageFacts): boolean {
  if (need === 'gpt') return !facts.gpt.found || facts.partitions.length === 0;
  return facts.rootPartition === undefined;
}

/** Every check of `context.profile`, in report order. Pure. */
export function runChecks(context: CheckContext): CheckResult[] {
  return checksFor(context.profile).map((check) => {
    const missing = check.needs.find((need) => missingNeed(need, context.facts));
    if (missing) return { id: check.id, status: 'skip', message: NEED_TEXT[missing] };
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
