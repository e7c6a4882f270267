import type { OsProfile, OsProfileChanges, OsProfileFields } from '../core/os-profile/os-profile-types.js';
import type { FilterNode, OrderByTerm } from '../core/filter/filter-ast.js';
import type { Project, ProjectRole } from '../core/projects/index.js';
import type { ApiToken } from '../core/tokens/index.js';
import type { Job, JobError, JobLease, JobOutcome } from '../core/jobs/index.js';
import type { ValidationState } from '../core/validation/index.js';
import type { StoreNotifications } from './notifications/store-notifications.js';
import type { OrchError } from '../core/errors/index.js';

/** Domain types the store persists, defined in core (re-exported for the store's callers). */
export type { ApiToken, Project, ProjectRole };
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
import type { PciDevice, WorkflowPlan, WorkflowRecord } from '../core/workflow/index.js';

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
  /** The slots of running image dry runs, counted across replicas. */
  readonly dryRuns: DryRunSlotRepository;
  /**
   * Runs `work` in one transaction over repositories bound to it: every write commits together or
   * none does (e.g. a profile and its first validation job). Repository methods called on `tx`
   * join it instead of opening their own.
   */
  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  /** Cross-replica notifications (PostgreSQL LISTEN/NOTIFY); undefined on SQLite (one process). */
  readonly notifications: StoreNotifications | undefined;
  readonly hosts: HostRepository;
  readonly instances: InstanceRepository;
  readonly workflows: WorkflowRepository;
  readonly sites: SiteRepository;
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
  /**
   * Most jobs of these kinds one project may have running (live leases, every replica counted);
   * a project at the cap is passed over. Absent: no cap.
   */
  readonly perProjectLimit?: number;
  /**
   * The project this caller claimed for last: among projects with equally few running jobs, the
   * next one after it (by name, wrapping) goes first, so projects take turns.
   */
  readonly lastProject?: string;
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
   * Takes a due pending job of the given kinds, or a running one whose lease expired (its
   * replica died), for `owner` until the lease clock's now + `leaseMs`. Projects take turns: the
   * one with the fewest running jobs first, ties in turn after `lastProject`, projects at
   * `perProjectLimit` skipped; within a project the oldest job. Two replicas never get the same
   * job. A job already claimed its kind's `maxAttempts` times is failed instead.
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
  /**
   * Ends the pending or running job of this kind and subject as failed with `error` (its input
   * changed: a running one's lease ends with it, so its runner stops and records nothing);
   * returns the jobs it ended.
   */
  cancelActive(kind: string, project: string, subject: string, error: JobError): Promise<Job[]>;
  /** Deletes every job of a subject (the subject is being deleted); returns how many. */
  deleteForSubject(project: string, subject: string): Promise<number>;
}

/** What an image dry run asks for when it takes a slot. */
export interface DryRunSlotRequest {
  readonly id: string;
  readonly project: string;
  /** Names this replica (a restart drops the slots its previous life left). */
  readonly owner: string;
  /** How long the slot holds without renewal (ms), on the lease clock. */
  readonly leaseMs: number;
  /** Most live slots one project may hold, every replica counted. Absent: no cap. */
  readonly perProjectLimit?: number;
  /** Most live slots in all, every replica counted. Absent: no cap. */
  readonly totalLimit?: number;
}

/** A slot held by one running dry run. */
export interface DryRunSlot {
  readonly id: string;
  readonly project: string;
  readonly owner: string;
  readonly leaseExpiresAt: string;
}

/**
 * What a take did: the slot it took, or the cap that refused it with the live slots it counted
 * (`project`: the project's own; `total`: every project's).
 */
export type DryRunSlotTake =
  | { readonly taken: true; readonly slot: DryRunSlot }
  | {
      readonly taken: false;
      readonly cap: 'project' | 'total';
      readonly running: number;
      readonly limit: number;
    };

/**
 * The slots of running image dry runs (which hold no job row), shared by every replica. A slot
 * counts while its lease is live on the lease clock, so a dead replica's slots lapse by themselves.
 */
export interface DryRunSlotRepository {
  /**
   * Counts the project's live slots and all live slots and, when both are under their caps,
   * inserts the slot, as one step across replicas (two takers never both get the last slot).
   * Lapsed slots are deleted on the way. NotFound when the project does not exist.
   */
  take(request: DryRunSlotRequest): Promise<DryRunSlotTake>;
  /** Extends a live slot to the lease clock's now + `leaseMs`; false when it lapsed or was released. */
  renew(id: string, leaseMs: number): Promise<boolean>;
  /** Gives the slot back; false when it was no longer held. */
  release(id: string): Promise<boolean>;
  /** Gives back every slot of `owner` (a previous life of this replica); returns how many. */
  releaseOwnedBy(owner: string): Promise<number>;
  /** Live slots of `project`, or of every project when absent. */
  live(project?: string): Promise<number>;
}

/** The repositories bound to one transaction: see {@link Store.transaction}. */
export type StoreTransaction = Pick<Store, 'projects' | 'tokens' | 'profiles' | 'jobs'>;

export type { Job, JobLease, JobOutcome, StoreNotifications };
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
  readonly pciDevices?: readonly PciDevice[];
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
  /**
   * For each registration, the error `register` would answer because the machine is already
   * registered (in any project), or undefined when it is free. Reads only.
   */
  registrationConflicts(
    project: string,
    registrations: readonly Pick<HostRegistration, 'uuid' | 'serialNumber'>[],
  ): Promise<(OrchError | undefined)[]>;
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
  /** Written to the host row in the same transaction, when the host is onboarded. */
  readonly hostStatus?: StatusTriple;
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
