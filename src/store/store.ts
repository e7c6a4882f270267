import type { OsProfile, OsProfileChanges, OsProfileFields } from '../core/os-profile/os-profile-types.js';
import type { FilterNode, OrderByTerm } from '../core/filter/filter-ast.js';

/**
 * The store seen by orchd: one implementation over Kysely, two dialects (SQLite, PostgreSQL).
 * Every method is one transaction. Rule violations come back as OrchError with API codes
 * (AlreadyExists, NotFound, FailedPrecondition), never as driver errors or SQL text; an outage
 * is Unavailable (retryable). A SQLite file serves one orchd process; replicas share PostgreSQL.
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly projects: ProjectRepository;
  readonly tokens: TokenRepository;
  readonly profiles: OsProfileRepository;
  readonly validationJobs: ValidationJobRepository;
  /** Resolves when the database answers a trivial query (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface Project {
  readonly name: string;
  readonly description: string;
  readonly createdAt: string;
}

export interface ProjectRepository {
  /**
   * AlreadyExists when the name is taken. Does not seed default profiles: the caller runs
   * `profiles.seedDefaults` next (the store does not know the seed catalogue).
   */
  create(name: string, description?: string): Promise<Project>;
  get(name: string): Promise<Project | undefined>;
  list(): Promise<Project[]>;
}

export type ProjectRole = 'read' | 'write';

export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly admin: boolean;
  /** Per-project roles; `write` implies `read`. */
  readonly roles: readonly { readonly project: string; readonly role: ProjectRole }[];
  readonly createdAt: string;
  readonly expiresAt: string | null;
}

export interface TokenRepository {
  /** Stores a token by the hash of its secret; the secret itself is never stored. */
  create(token: Omit<ApiToken, 'createdAt'> & { readonly secretHash: string }): Promise<ApiToken>;
  findBySecretHash(secretHash: string): Promise<ApiToken | undefined>;
  list(): Promise<ApiToken[]>;
  /** False when no such token. */
  revoke(id: string): Promise<boolean>;
}

export interface ListQuery {
  readonly filter?: FilterNode;
  readonly orderBy?: readonly OrderByTerm[];
  readonly pageSize: number;
  readonly offset: number;
}

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
}

/** A default profile to seed: `key` identifies it across releases (e.g. `microvisor-nonrt`). */
export interface DefaultProfileSeed {
  readonly key: string;
  readonly fields: OsProfileFields;
}

export interface OsProfileRepository {
  /** AlreadyExists (naming the existing profile and its id) on a duplicate name or profileName+imageId. */
  create(project: string, resourceId: string, fields: OsProfileFields): Promise<OsProfile>;
  get(project: string, resourceId: string): Promise<OsProfile | undefined>;
  getByName(project: string, name: string): Promise<OsProfile | undefined>;
  list(project: string, query: ListQuery): Promise<Page<OsProfile>>;
  /** NotFound when absent. Only the mutable fields can be changed; updatedAt moves. */
  update(project: string, resourceId: string, changes: OsProfileChanges): Promise<OsProfile>;
  /** NotFound when absent; FailedPrecondition listing the hosts when an instance uses it. */
  delete(project: string, resourceId: string): Promise<void>;
  /**
   * Inserts the seeds this project never had (a seed once deleted is not resurrected).
   * Idempotent and safe to run concurrently from several replicas. Returns how many were added.
   */
  seedDefaults(project: string, seeds: readonly DefaultProfileSeed[], newId: () => string): Promise<number>;
  /** Profile counts by project and source, for metrics. */
  countBySource(): Promise<{ project: string; source: string; count: number }[]>;
}

/** A validation job's state: queued, running on a replica, one of the verdicts, or cancelled. */
export type ValidationJobState = 'pending' | 'running' | 'passed' | 'warned' | 'failed' | 'cancelled';

/** The verdicts a finished run records (also the profile's validation state afterwards). */
export type ValidationVerdict = 'passed' | 'warned' | 'failed';

/** Why a run ended without a report: the OrchError's code and message. */
export interface ValidationJobError {
  readonly code: string;
  readonly message: string;
}

/** One validation run of a profile. `progress` and `report` are the runner's JSON, opaque here. */
export interface ValidationJob {
  readonly id: string;
  readonly project: string;
  readonly osId: string;
  readonly state: ValidationJobState;
  readonly progress: unknown;
  readonly report: unknown;
  readonly error: ValidationJobError | null;
  readonly attempts: number;
  readonly leaseOwner: string | null;
  readonly leaseExpiresAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

/**
 * A claim on a running job: who holds it and which attempt. Every write of a runner carries it,
 * so a replica whose lease expired and was taken over can no longer change the job.
 */
export interface JobLease {
  readonly jobId: string;
  readonly owner: string;
  readonly attempt: number;
}

/** How a run ended. */
export type ValidationOutcome =
  | { readonly state: ValidationVerdict; readonly report: unknown; readonly error?: undefined }
  | { readonly state: 'failed'; readonly report?: undefined; readonly error: ValidationJobError };

/**
 * The validation job queue. Each method is one transaction; every job state change writes the
 * profile's `validation_state` in the same transaction. At most one job per profile is pending
 * or running. Methods taking a {@link JobLease} return false when the lease is no longer held
 * (expired and taken over, or the job was deleted with its profile).
 */
export interface ValidationJobRepository {
  /**
   * Queues a validation of the profile, or returns its pending/running job (`created` false).
   * NotFound when the profile does not exist.
   */
  enqueue(
    project: string,
    osId: string,
    newId: () => string,
  ): Promise<{ job: ValidationJob; created: boolean }>;
  /** The profile's most recent job. */
  latest(project: string, osId: string): Promise<ValidationJob | undefined>;
  get(id: string): Promise<ValidationJob | undefined>;
  /**
   * Takes the oldest pending job, or a running one whose lease expired (its replica died), for
   * `owner` until now + `leaseMs`. Two replicas never get the same job. A job already claimed
   * `maxAttempts` times is failed instead of taken again.
   */
  claim(owner: string, leaseMs: number, maxAttempts: number): Promise<ValidationJob | undefined>;
  /** Extends the lease to now + `leaseMs`. */
  renew(lease: JobLease, leaseMs: number): Promise<boolean>;
  saveProgress(lease: JobLease, progress: unknown): Promise<boolean>;
  /** Records the verdict (or error) and sets the profile's validation state. */
  finish(lease: JobLease, outcome: ValidationOutcome): Promise<boolean>;
  /** Puts the job back in the queue (orchd is stopping); this attempt does not count. */
  release(lease: JobLease): Promise<boolean>;
  /** Re-queues the running jobs of `owner` (a previous life of this process); returns how many. */
  requeueOwnedBy(owner: string): Promise<number>;
}
