import { OrchError } from '../../core/errors/index.js';
import { issuesToError, applyProfileCreateRules } from '../../core/os-profile/index.js';
import type { ValidationProgressEvent, ValidationReport } from '../../image/index.js';
import { splitValidateFlag } from '../os-profiles/validate-flag.js';
import { validationInputOf } from './validation-input.js';
import { runValidator } from './run-validator.js';
import { DEFAULT_VALIDATION_CONCURRENCY, type ValidationRunnerSettings } from './validation-options.js';

/** What a dry run uses: the runner's validator and scratch folder, and core's create rules. */
export interface ImageDryRunDeps {
  readonly settings: ValidationRunnerSettings;
  readonly releaseServiceUrl: string;
  readonly clock: () => Date;
  /** Tells whether the project exists (an unknown one answers 404, as a create does). */
  readonly projectExists: (project: string) => Promise<boolean>;
}

/** One dry run, its body checked and its slot held: runs once, then frees the slot. */
export type DryRunTask = (
  onProgress: (event: ValidationProgressEvent) => void,
  signal: AbortSignal,
) => Promise<ValidationReport>;

/** Validating an image from a create body, without creating a profile or a job. */
export interface ImageDryRun {
  /**
   * Checks the body with core's create rules (the same errors as a create) and takes a slot, so
   * every refusal happens before an answer starts; the task must then be run.
   */
  start(project: string, body: unknown): Promise<DryRunTask>;
}

/**
 * Dry runs run validateImage directly. No job row exists, so they are bounded by their own
 * counters: per project (`perProjectDryRuns`; one more answers TOO_MANY_DRY_RUNS, 429) and in
 * all, as many at once as the runner's job concurrency (one more answers Unavailable, 503, retryable).
 */
export function createImageDryRun(deps: ImageDryRunDeps): ImageDryRun {
  const { settings } = deps;
  const limit = settings.concurrency ?? DEFAULT_VALIDATION_CONCURRENCY;
  const perProject = settings.perProjectDryRuns;
  let running = 0;
  const byProject = new Map<string, number>();
  return {
    async start(project, body) {
      if (!(await deps.projectExists(project))) {
        throw new OrchError('NotFound', `project "${project}" not found`, { details: { project } });
      }
      // `validate` is a create option; accepted here too so the same body works for both.
      const { profileBody } = splitValidateFlag(body);
      const result = await applyProfileCreateRules(profileBody, {
        releaseServiceUrl: deps.releaseServiceUrl,
        now: deps.clock(),
      });
      if (!result.ok) throw issuesToError(result.issues);
      const ofProject = byProject.get(project) ?? 0;
      if (perProject !== undefined && ofProject >= perProject) {
        throw new OrchError(
          'TOO_MANY_DRY_RUNS',
          `project "${project}" already has ${ofProject} image dry run(s) running (the cap per project is ${perProject}); try again when one ends`,
          { details: { project, limit: perProject } },
        );
      }
      if (running >= limit) {
        throw new OrchError('Unavailable', `${limit} image dry runs are running; try again shortly`);
      }
      running += 1;
      byProject.set(project, ofProject + 1);
      const input = validationInputOf(result.value);
      return async (onProgress, signal) => {
        try {
          return await runValidator(settings, input, { onProgress, signal });
        } finally {
          running -= 1;
          const left = (byProject.get(project) ?? 1) - 1;
          if (left > 0) byProject.set(project, left);
          else byProject.delete(project);
        }
      };
    },
  };
}
