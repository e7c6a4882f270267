import type { OsProfile, OsProfileChanges, OsProfileFields } from '../core/os-profile/os-profile-types.js';
import type { FilterNode, OrderByTerm } from '../core/filter/filter-ast.js';
import type { Project, ProjectRole } from '../core/projects/index.js';
import type { ApiToken } from '../core/tokens/index.js';
import type { Job, JobLease, JobOutcome } from '../core/jobs/index.js';
import type { ValidationState } from '../core/validation/index.js';
import type { StoreNotifications } from './notifications/store-notifications.js';

/** Domain types the store persists, defined in core (re-exported for the store's callers). */
export type { ApiToken, Project, ProjectRole };

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
  readonly jobs: JobRepository;
  /**
   * Runs `work` in one transaction over repositories bound to it: every write commits together or
   * none does (e.g. a profile and its first validation job). Repository methods called on `tx`
   * join it instead of opening their own.
   */
  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  /** Cross-replica notifications (PostgreSQL LISTEN/NOTIFY); undefined on SQLite (one process). */
  readonly notifications: StoreNotifications | undefined;
  /** Resolves when the database answers a trivial query (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
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
  /** Writes the profile's validation state (the validation job kind's part); false when absent. */
  setValidationState(project: string, resourceId: string, state: ValidationState): Promise<boolean>;
  /** Profile counts by project and source, for metrics. */
  countBySource(): Promise<{ project: string; source: string; count: number }[]>;
}

/** A job to queue. */
export interface NewJob {
  readonly id: string;
  readonly kind: string;
  readonly project: string;
  readonly subject: string;
  /** Not claimed before this time (ISO-8601); default at once. */
  readonly runAt?: string;
}

/** What one claim looks for and holds. */
export interface ClaimRequest {
  /** Names this replica in the lease. */
  readonly owner: string;
  /** The kinds this replica runs, each with the claims a job gets before it is failed. */
  readonly kinds: ReadonlyMap<string, { readonly maxAttempts: number }>;
  /** How long the claim holds without renewal (ms), on the lease clock. */
  readonly leaseMs: number;
}

/** What a claim did: the job it took, and the jobs it failed for using every attempt. */
export interface ClaimResult {
  readonly job: Job | undefined;
  readonly gaveUp: readonly Job[];
}

/**
 * The job queue of every kind. Each method is one transaction (the caller's inside
 * `store.transaction`). At most one job per kind and subject is pending or running. Methods
 * taking a {@link JobLease} return false when the lease is no longer held (expired and taken
 * over, or the job was deleted with its subject). The store knows no kind: what a kind's job
 * changes elsewhere (a profile's validation state) its handler writes in the same transaction.
 */
export interface JobRepository {
  /**
   * Queues a job, or returns the kind's pending/running job of this subject (`created` false).
   * NotFound when the project does not exist.
   */
  enqueue(job: NewJob): Promise<{ job: Job; created: boolean }>;
  /** The subject's most recent job of this kind. */
  latest(kind: string, project: string, subject: string): Promise<Job | undefined>;
  get(id: string): Promise<Job | undefined>;
  /**
   * Takes the oldest due pending job of the given kinds, or a running one whose lease expired
   * (its replica died), for `owner` until the lease clock's now + `leaseMs`. Two replicas never
   * get the same job. A job already claimed its kind's `maxAttempts` times is failed instead.
   */
  claim(request: ClaimRequest): Promise<ClaimResult>;
  /** Extends the lease to the lease clock's now + `leaseMs`. */
  renew(lease: JobLease, leaseMs: number): Promise<boolean>;
  saveProgress(lease: JobLease, progress: unknown): Promise<boolean>;
  /** Records the result (or the error) and ends the lease. */
  finish(lease: JobLease, outcome: JobOutcome): Promise<boolean>;
  /** Puts the job back in the queue (orchd is stopping); this attempt does not count. */
  release(lease: JobLease): Promise<boolean>;
  /** Re-queues the running jobs of `owner` (a previous life of this process); returns them. */
  requeueOwnedBy(owner: string): Promise<Job[]>;
  /** Deletes every job of a subject (the subject is being deleted); returns how many. */
  deleteForSubject(project: string, subject: string): Promise<number>;
}

/** The repositories bound to one transaction: see {@link Store.transaction}. */
export type StoreTransaction = Pick<Store, 'projects' | 'tokens' | 'profiles' | 'jobs'>;

export type { Job, JobLease, JobOutcome, StoreNotifications };
