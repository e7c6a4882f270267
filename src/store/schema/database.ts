/**
 * The tables as Kysely sees them. Column types are what both dialects return: timestamps are
 * ISO-8601 UTC text (`2026-11-25T19:00:00.000Z`) and flags are integers 0/1 in SQLite and
 * PostgreSQL alike, so rows map to domain objects without a per-dialect branch.
 * @module
 */
import type { JobState } from '../../core/jobs/index.js';

/** A tenant; every other row belongs to one. */
export interface ProjectsTable {
  name: string;
  description: string;
  created_at: string;
  /** 1 once the server has run the first seeding for this project (informational). */
  defaults_seeded: number;
}

/** A bearer token, stored by the hash of its secret only. */
export interface ApiTokensTable {
  id: string;
  name: string;
  secret_hash: string;
  admin: number;
  /** JSON text: `[{"project":"default","role":"write"}]`. */
  roles: string;
  created_at: string;
  expires_at: string | null;
  revoked: number;
}

/** An OS profile; camelCase domain fields in snake_case, metadata as JSON text. */
export interface OsProfilesTable {
  project: string;
  resource_id: string;
  name: string;
  profile_name: string;
  image_url: string;
  image_id: string;
  sha256: string;
  os_type: string;
  os_provider: string;
  security_feature: string;
  os_family: string;
  architecture: string;
  description: string;
  tls_ca_cert: string;
  /** PEM of the Secure Boot certificates; '' when none (added by migration 0002). */
  secure_boot_certs: string;
  /** The Secure Boot deny list: PEM certificates, then SHA-256 hashes; '' when none (migration 0009). */
  secure_boot_dbx: string;
  /** PEM of MOK certificates; '' when none (migration 0009). */
  secure_boot_mok_certs: string;
  /** SBAT revocation level text; '' when none (migration 0009). */
  sbat_level: string;
  metadata: string;
  source: string;
  installed_packages: string;
  existing_cves: string;
  fixed_cves: string;
  platform_bundle: string;
  /** EMF's reference URLs, version and repository URL; '' when none (added by migration 0004). */
  installed_packages_url: string;
  existing_cves_url: string;
  fixed_cves_url: string;
  repo_url: string;
  profile_version: string;
  /** Image validation state, written by the validation job kind (`pending` until it runs). */
  validation_state: string;
  created_at: string;
  updated_at: string;
}

/** Which default seeds a project has had, so a deleted default is never re-created. */
export interface SeededDefaultsTable {
  project: string;
  key: string;
  seeded_at: string;
}

/** An edge node (filled by the hosts issue). */
export interface HostsTable {
  project: string;
  resource_id: string;
  name: string;
  serial_number: string;
  uuid: string;
  created_at: string;
  updated_at: string;
}

/** What runs on a host: references its host and its OS profile by foreign key. */
export interface InstancesTable {
  project: string;
  resource_id: string;
  name: string;
  host_id: string;
  os_id: string;
  created_at: string;
  updated_at: string;
}

/**
 * One background job (migration 0003): `kind` names its handler, `subject` the resource it works
 * on. `lease_owner` / `lease_expires_at` say which orchd replica runs it and until when (judged on
 * the database's clock); `attempts` counts claims and fences a replica whose lease was taken over.
 * `progress`, `result` and `error` are JSON text.
 */
export interface JobsTable {
  id: string;
  kind: string;
  project: string;
  subject: string;
  state: JobState;
  progress: string | null;
  result: string | null;
  error: string | null;
  attempts: number;
  lease_owner: string | null;
  lease_expires_at: string | null;
  run_at: string | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** The whole schema, for `Kysely<Database>`. */
export interface Database {
  projects: ProjectsTable;
  api_tokens: ApiTokensTable;
  os_profiles: OsProfilesTable;
  seeded_defaults: SeededDefaultsTable;
  hosts: HostsTable;
  instances: InstancesTable;
  jobs: JobsTable;
}
