import { randomBytes } from 'node:crypto';
import { OrchError } from '../../core/errors/index.js';
import type { OsProfile } from '../../core/os-profile/index.js';
import type { Store } from '../../store/store.js';
import { toValidationView, type ValidationView } from './validation-view.js';

/** What the validation operations use. */
export interface ValidationServiceDeps {
  readonly store: Store;
  /** Tells this process's runner a job was queued (it may claim it before the next poll). */
  readonly onQueued?: () => void;
}

/** Starting and reading the validation of a profile, in API terms. */
export interface ValidationService {
  /** Queues a validation, or returns the pending/running one (`created` false). */
  start(project: string, osId: string): Promise<{ view: ValidationView; created: boolean }>;
  /** The latest validation of the profile. */
  get(project: string, osId: string): Promise<ValidationView>;
}

/** `vjob-` + 12 hex: unique enough for one profile's history across replicas. */
export const newValidationJobId = (): string => `vjob-${randomBytes(6).toString('hex')}`;

/** Validation operations; both answer NotFound for an unknown project or profile. */
export function createValidationService(deps: ValidationServiceDeps): ValidationService {
  const { store } = deps;
  const load = async (project: string, osId: string): Promise<OsProfile> => {
    if (!(await store.projects.get(project))) {
      throw new OrchError('NotFound', `project "${project}" not found`, { details: { project } });
    }
    const profile = await store.profiles.get(project, osId);
    if (profile) return profile;
    throw new OrchError('NotFound', `OS profile ${osId} not found in project "${project}"`, {
      details: { resourceId: osId },
    });
  };
  return {
    async start(project, osId) {
      const profile = await load(project, osId);
      const { job, created } = await store.validationJobs.enqueue(project, osId, newValidationJobId);
      if (created) deps.onQueued?.();
      return { view: toValidationView(profile, job), created };
    },
    async get(project, osId) {
      const profile = await load(project, osId);
      return toValidationView(profile, await store.validationJobs.latest(project, osId));
    },
  };
}
