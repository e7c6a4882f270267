import type { OsProfile } from '../../core/os-profile/index.js';
import type { PlanImageFacts } from '../../core/workflow/index.js';
import type { Store } from '../../store/store.js';
import { VALIDATION_JOB_KIND } from '../validation/validation-job-kind.js';

/** Where a profile's image validation leaves provisioning. */
export type ValidationVerdictForProvisioning =
  | { readonly kind: 'ready'; readonly facts: PlanImageFacts | null }
  | { readonly kind: 'pending' }
  | { readonly kind: 'failed'; readonly message: string; readonly failedChecks: readonly string[] };

interface StoredReport {
  readonly checks?: readonly { readonly id: string; readonly status: string; readonly message: string }[];
  readonly facts?: PlanImageFacts;
}

/**
 * Default profiles are not validated (their servers are outside): ready, no facts. A custom
 * profile is ready once its latest validation passed or warned (with the report's layout facts),
 * pending while queued or running, failed naming the failed checks (or the run's error).
 */
export async function validationVerdict(
  store: Store,
  project: string,
  profile: OsProfile,
): Promise<ValidationVerdictForProvisioning> {
  if (profile.source === 'default') return { kind: 'ready', facts: null };
  const state = profile.validationState ?? 'pending';
  if (state === 'pending' || state === 'running') return { kind: 'pending' };
  const job = await store.jobs.latest(VALIDATION_JOB_KIND, project, profile.resourceId);
  const report = (job?.result ?? null) as StoredReport | null;
  if (state === 'passed' || state === 'warned') return { kind: 'ready', facts: report?.facts ?? null };
  const failed = (report?.checks ?? []).filter((check) => check.status === 'fail');
  const named = failed.map((check) => `${check.id}: ${check.message}`);
  const why = named.length > 0 ? named.join('; ') : (job?.error?.message ?? 'no report');
  return {
    kind: 'failed',
    message: `image validation of OS profile "${profile.name}" (${profile.resourceId}) failed: ${why}`,
    failedChecks: failed.map((check) => check.id),
  };
}
