import type { OsProfile, OsProfileChanges, OsProfileFields } from '../core/os-profile/os-profile-types.js';
import type { FilterNode, OrderByTerm } from '../core/filter/filter-ast.js';
import type {
  Host,
  HostNic,
  HostRegistration,
  HostState,
  HostStorage,
  Instance,
  InstanceFields,
  MetadataItem,
  StatusTriple,
} from '../core/host/host-types.js';
import type { WorkflowPlan, WorkflowRecord } from '../core/workflow/index.js';

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
  readonly hosts: HostRepository;
  readonly instances: InstanceRepository;
  readonly workflows: WorkflowRepository;
  readonly sites: SiteRepository;
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

/** A host-level event to append to the project's event log in the same transaction. */
export interface HostEventInput {
  readonly kind: string;
  readonly data: unknown;
}

/** One entry of the event log: `seq` is per project and strictly increasing. */
export interface HostEvent {
  readonly seq: number;
  readonly hostId: string;
  readonly kind: string;
  readonly data: unknown;
  readonly createdAt: string;
}

/** What PATCH/PUT and orchd itself may change on a host. */
export interface HostChanges {
  readonly name?: string;
  readonly siteId?: string;
  readonly metadata?: readonly MetadataItem[];
  readonly desiredState?: HostState;
  readonly currentState?: HostState;
  readonly hostname?: string;
  readonly hostStatus?: StatusTriple;
  readonly onboardingStatus?: StatusTriple;
  readonly registrationStatus?: StatusTriple;
  readonly note?: string;
  readonly serialNumber?: string;
  readonly uuid?: string;
  /** Sets (a new hash) or clears (null) the node credential. */
  readonly credentialHash?: string | null;
  readonly nics?: readonly HostNic[];
  readonly storages?: readonly HostStorage[];
  readonly inventory?: { readonly ramBytes: number | null; readonly secureBoot: boolean | null };
}

/** EMF's host summary. */
export interface HostSummary {
  readonly total: number;
  readonly error: number;
  readonly running: number;
  readonly unallocated: number;
}

/**
 * Hosts. A node is one machine across projects: a UUID, or a serial number of a host without
 * UUID, already registered anywhere is FailedPrecondition (naming the holder only when it is in
 * the caller's project).
 */
export interface HostRepository {
  /** Retries `newId` on the rare id collision. */
  register(project: string, newId: () => string, registration: HostRegistration): Promise<Host>;
  get(project: string, resourceId: string): Promise<Host | undefined>;
  list(project: string, query: ListQuery): Promise<Page<Host>>;
  summary(project: string): Promise<HostSummary>;
  /** NotFound when absent; `event` is appended in the same transaction. */
  update(project: string, resourceId: string, changes: HostChanges, event?: HostEventInput): Promise<Host>;
  /** NotFound when absent; FailedPrecondition naming the instance when it has one. Revokes its credential. */
  delete(project: string, resourceId: string): Promise<void>;
  /** Hosts of any project whose UUID equals `uuid` or whose serial equals `serialNumber` (non-empty only). */
  findNode(uuid: string, serialNumber: string): Promise<Host[]>;
  findByCredentialHash(hash: string): Promise<Host | undefined>;
}

export interface InstanceRepository {
  /**
   * Creates the instance and its workflow row (`record`) in one transaction. NotFound for a
   * missing host or profile; FailedPrecondition when the host already has an instance.
   */
  create(
    project: string,
    newId: () => string,
    fields: InstanceFields,
    record: WorkflowRecord,
    event?: HostEventInput,
  ): Promise<Instance>;
  get(project: string, resourceId: string): Promise<Instance | undefined>;
  getByHost(project: string, hostId: string): Promise<Instance | undefined>;
  list(project: string, query: ListQuery): Promise<Page<Instance>>;
  /** NotFound when absent; removes its workflow too. */
  delete(project: string, resourceId: string): Promise<void>;
}

/** A host's workflow row. */
export interface WorkflowRow {
  readonly project: string;
  readonly hostId: string;
  readonly instanceId: string;
  readonly record: WorkflowRecord;
  /** The snapshot, without the node credential; null until provisioning starts. */
  readonly plan: WorkflowPlan | null;
  readonly version: number;
}

/** What a transition function returns: the next record (and plan), and the event to log. */
export interface WorkflowTransition {
  readonly record: WorkflowRecord;
  /** Replaces the snapshot when given (null clears it, on reprovision). */
  readonly plan?: WorkflowPlan | null;
  readonly event?: HostEventInput;
}

export interface WorkflowRepository {
  get(project: string, hostId: string): Promise<WorkflowRow | undefined>;
  /**
   * Reads the row, runs `next` on it and writes the result, as a compare-and-set on `version`
   * (re-run on a lost race, so replicas serialise). `next` returning undefined changes nothing.
   * Resolves with the row as it stands afterwards and whether this call changed it; undefined when
   * the host has no workflow.
   */
  transition(
    project: string,
    hostId: string,
    next: (row: WorkflowRow) => WorkflowTransition | undefined,
  ): Promise<{ row: WorkflowRow; changed: boolean } | undefined>;
  /** Workflows whose step deadline is at or before `now` (ISO), oldest first. */
  expired(now: string, limit: number): Promise<{ project: string; hostId: string }[]>;
  /** Events of the project after `afterSeq`, of one host when given, oldest first. */
  events(project: string, afterSeq: number, hostId: string | undefined, limit: number): Promise<HostEvent[]>;
  /** The last seq of the project (0 when none). */
  lastSeq(project: string): Promise<number>;
}

/** A region or a site (EMF's location tree, minimal). */
export interface LocationResource {
  readonly project: string;
  readonly resourceId: string;
  readonly name: string;
  /** Sites: their region; regions: their parent ('' for none). */
  readonly parentId: string;
  readonly metadata: readonly MetadataItem[];
  readonly timestamps: { readonly createdAt: string; readonly updatedAt: string };
}

export interface SiteRepository {
  createRegion(
    project: string,
    newId: () => string,
    name: string,
    parentId: string,
    metadata: readonly MetadataItem[],
  ): Promise<LocationResource>;
  getRegion(project: string, resourceId: string): Promise<LocationResource | undefined>;
  listRegions(project: string, name?: string): Promise<LocationResource[]>;
  /** NotFound; FailedPrecondition while sites are in it. */
  deleteRegion(project: string, resourceId: string): Promise<void>;
  /** NotFound when the region is absent. */
  createSite(
    project: string,
    newId: () => string,
    regionId: string,
    name: string,
    metadata: readonly MetadataItem[],
  ): Promise<LocationResource>;
  getSite(project: string, resourceId: string): Promise<LocationResource | undefined>;
  /** Sites of a region (all regions when undefined), optionally by exact name. */
  listSites(project: string, regionId: string | undefined, name?: string): Promise<LocationResource[]>;
  /** NotFound; FailedPrecondition naming the hosts while hosts are in it. */
  deleteSite(project: string, resourceId: string): Promise<void>;
}
