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
