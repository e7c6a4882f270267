import type {
  OpenImageSource,
  PipelineLimits,
  ScratchBudget,
  ValidateImageInput,
  ValidateImageOptions,
  ValidationPolicy,
  ValidationReport,
} from '../../image/index.js';

/** The image validator: `validateImage` in orchd, a fake with controlled timing in tests. */
export type ValidateImage = (
  input: ValidateImageInput,
  options: ValidateImageOptions,
) => Promise<ValidationReport>;

/** How this orchd process runs validation jobs. */
export interface ValidationRunnerSettings {
  readonly validate: ValidateImage;
  /** Folder for the sparse scratch copies of images (created by orchd serve). */
  readonly scratchDir: string;
  /** Jobs run at once in this process. Default {@link DEFAULT_VALIDATION_CONCURRENCY}. */
  readonly concurrency?: number;
  /**
   * Most jobs one project may have running, every replica counted, so one project's slow
   * validations leave slots for the others. Default: no cap beyond `concurrency` (orchd serve
   * sets `concurrency - 1`, at least 1: see {@link defaultPerProjectConcurrency}).
   */
  readonly perProjectConcurrency?: number;
  /**
   * Most image dry runs one project may have running, every replica counted (slots in the store).
   * Default: no cap per project.
   */
  readonly perProjectDryRuns?: number;
  /**
   * Most image dry runs running in all, every replica counted. Default: no cap beyond each
   * replica's `concurrency`, which also bounds the dry runs of this process.
   */
  readonly totalDryRuns?: number;
  /**
   * Names this process in job leases; stable across restarts of the same replica, so that a
   * restart re-queues what the previous run left running. Default: the host name.
   */
  readonly instanceId?: string;
  /** How long a job claim or a dry-run slot holds without renewal (ms). Default 30 s. */
  readonly leaseMs?: number;
  /** How often the queue is polled for jobs queued elsewhere (ms). Default 1 s. */
  readonly pollMs?: number;
  /** Least time between two progress writes to the store per job (ms). Default 1 s. */
  readonly progressMs?: number;
  /** Claims of one job before it is failed (its replicas kept dying). Default 3. */
  readonly maxAttempts?: number;
  /** Accept http:// image URLs (tests only). Default false. */
  readonly allowHttp?: boolean;
  readonly policy?: Partial<ValidationPolicy>;
  /** Where validation reads images from (an image cache). Default: the origin over HTTPS. */
  readonly openSource?: OpenImageSource;
  /** Size caps, deadline and minimum rate of every validation's download (orchd serve sets them). */
  readonly limits?: PipelineLimits;
  /** The scratch budget of this process and the free-space floor of its scratch filesystem. */
  readonly scratchBudget?: ScratchBudget;
  /** This replica's tag in scratch file names (its leftovers are swept at start). */
  readonly scratchOwner?: string;
}

/**
 * How event streams follow a validation. They never poll: changes arrive through the event hub
 * from every replica, and a hub gap makes them read again.
 */
export interface ValidationStreamSettings {
  /** How often a comment line keeps idle proxies from closing the stream. */
  readonly heartbeatMs: number;
}

export const DEFAULT_VALIDATION_CONCURRENCY = 2;
export const DEFAULT_LEASE_MS = 30_000;
export const DEFAULT_STREAM_SETTINGS: ValidationStreamSettings = Object.freeze({
  heartbeatMs: 15_000,
});

/**
 * orchd serve's per-project cap on running jobs: one slot below the concurrency (at least 1), so
 * that a slot is always left for another project's validation.
 */
export const defaultPerProjectConcurrency = (concurrency: number): number => Math.max(1, concurrency - 1);

/** orchd serve's per-project cap on concurrent image dry runs. */
export const DEFAULT_DRY_RUNS_PER_PROJECT = 1;
