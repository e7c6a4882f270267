import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { OrchError } from '../../core/errors/index.js';
import { issuesToError, applyProfileCreateRules } from '../../core/os-profile/index.js';
import type { ValidationProgressEvent, ValidationReport } from '../../image/index.js';
import type { DryRunSlotRepository } from '../../store/index.js';
import { splitValidateFlag } from '../os-profiles/validate-flag.js';
import { validationInputOf } from './validation-input.js';
import { runValidator } from './run-validator.js';
import {
  DEFAULT_LEASE_MS,
  DEFAULT_VALIDATION_CONCURRENCY,
  type ValidationRunnerSettings,
} from './validation-options.js';

/** What a dry run uses: the runner's validator and scratch folder, and core's create rules. */
export interface ImageDryRunDeps {
  readonly settings: ValidationRunnerSettings;
  readonly releaseServiceUrl: string;
  readonly clock: () => Date;
  /** Tells whether the project exists (an unknown one answers 404, as a create does). */
  readonly projectExists: (project: string) => Promise<boolean>;
  /** The dry-run slots every replica shares (the store's). */
  readonly slots: DryRunSlotRepository;
  /** Slot ids; default random UUIDs. */
  readonly newId?: () => string;
  readonly log?: { warn(fields: Record<string, unknown>, msg: string): void };
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
  /** Gives back the slots a previous life of this replica left (its lease would free them later). */
  releaseLeftovers(): Promise<number>;
}

/** A slot lease is renewed this many times within its duration, as job leases are. */
const RENEWALS_PER_LEASE = 3;

/**
 * Dry runs run validateImage directly. No job row exists, so they are bounded by two caps:
 * - in the store, shared by every replica: a slot per run, at most `perProjectDryRuns` per project
 *   (one more answers TOO_MANY_DRY_RUNS, 429) and `totalDryRuns` in all (503, retryable). The slot
 *   is leased for the runner's `leaseMs` (default 30 s) and renewed every third of it while the
 *   run goes on, so a replica that dies frees its slots within one lease, and a renewal can fail
 *   twice (a database hiccup, a stalled event loop) before the slot lapses. A run whose slot
 *   lapsed anyway is stopped, since another one may already have taken its place.
 * - in this process: as many at once as the runner's job concurrency (one more answers
 *   Unavailable, 503, retryable), which bounds this replica's CPU and scratch disk. It is judged
 *   first, so a full replica refuses without a database write.
 */
export function createImageDryRun(deps: ImageDryRunDeps): ImageDryRun {
  const { settings, slots } = deps;
  const limit = settings.concurrency ?? DEFAULT_VALIDATION_CONCURRENCY;
  const leaseMs = settings.leaseMs ?? DEFAULT_LEASE_MS;
  const renewMs = Math.max(10, Math.floor(leaseMs / RENEWALS_PER_LEASE));
  const owner = settings.instanceId ?? hostname();
  const newId = deps.newId ?? randomUUID;
  let running = 0;
  return {
    releaseLeftovers: () => slots.releaseOwnedBy(owner),
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
      if (running >= limit) {
        throw new OrchError('Unavailable', `${limit} image dry runs are running; try again shortly`);
      }
      // Counted before the store is asked, so concurrent requests cannot all pass the check above.
      running += 1;
      let slotId: string;
      try {
        slotId = await takeSlot(slots, {
          id: newId(),
          project,
          owner,
          leaseMs,
          ...(settings.perProjectDryRuns === undefined
            ? {}
            : { perProjectLimit: settings.perProjectDryRuns }),
          ...(settings.totalDryRuns === undefined ? {} : { totalLimit: settings.totalDryRuns }),
        });
      } catch (error) {
        running -= 1;
        throw error;
      }
      const input = validationInputOf(result.value);
      return async (onProgress, signal) => {
        const lapsed = new AbortController();
        const renewTimer = setInterval(() => {
          slots.renew(slotId, leaseMs).then(
            (held) => {
              if (!held) lapsed.abort();
            },
            // The database did not answer: the lease still runs; the next renewal tries again.
            (error: unknown) => deps.log?.warn({ err: error }, 'dry-run slot renewal failed'),
          );
        }, renewMs);
        try {
          return await runValidator(settings, input, {
            onProgress,
            signal: AbortSignal.any([signal, lapsed.signal]),
          });
        } catch (error) {
          if (!lapsed.signal.aborted || signal.aborted) throw error;
          throw new OrchError(
            'Unavailable',
            'the dry run lost its slot (its lease could not be renewed in time); try again',
            { cause: error },
          );
        } finally {
          clearInterval(renewTimer);
          running -= 1;
          // Not given back (the database did not answer), the slot lapses with its lease.
          await slots
            .release(slotId)
            .catch((error: unknown) => deps.log?.warn({ err: error }, 'dry-run slot release failed'));
        }
      };
    },
  };
}

/** Takes a slot in the shared table, or answers the cap that refused it. */
async function takeSlot(
  slots: DryRunSlotRepository,
  request: Parameters<DryRunSlotRepository['take']>[0],
): Promise<string> {
  const take = await slots.take(request);
  if (take.taken) return take.slot.id;
  const { project } = request;
  if (take.cap === 'project') {
    throw new OrchError(
      'TOO_MANY_DRY_RUNS',
      `project "${project}" already has ${take.running} image dry run(s) running (the cap per project is ${take.limit}, every orchd replica counted); try again when one ends`,
      { details: { project, limit: take.limit, running: take.running } },
    );
  }
  throw new OrchError(
    'Unavailable',
    `${take.running} image dry runs are running across orchd replicas (the cap in all is ${take.limit}); try again shortly`,
  );
}
