import type { Generated } from 'kysely';

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
  /** `name` reversed by code point, for suffix filters (migration 0013; see reversed-text.ts). */
  name_reversed: string;
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

/** An edge node (EMF HostResource); list-valued fields are JSON text. */
export interface HostsTable {
  project: string;
  resource_id: string;
  name: string;
  serial_number: string;
  /** Lower-case RFC 4122 text, '' when unset. */
  uuid: string;
  desired_state: Generated<string>;
  current_state: Generated<string>;
  hostname: Generated<string>;
  auto_onboard: Generated<number>;
  enable_vpro: Generated<number>;
  user_lvm_size: Generated<number>;
  host_status: Generated<string>;
  host_status_indicator: Generated<string>;
  host_status_ts: Generated<number>;
  onboarding_status: Generated<string>;
  onboarding_status_indicator: Generated<string>;
  onboarding_status_ts: Generated<number>;
  registration_status: Generated<string>;
  registration_status_indicator: Generated<string>;
  registration_status_ts: Generated<number>;
  site_id: Generated<string>;
  /** JSON text: `[{"key":"k","value":"v"}]`. */
  metadata: Generated<string>;
  nics: Generated<string>;
  storages: Generated<string>;
  /** JSON text: `{ramBytes, secureBoot}` as the node reported them. */
  inventory: Generated<string>;
  /** JSON text: the node's PCI functions (`PciDevice[]`) as it reported them at onboarding. */
  pci_devices: Generated<string>;
  note: Generated<string>;
  /** sha256 hex of the node credential; null before onboarding and after invalidation. */
  credential_hash: Generated<string | null>;
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
  kind: Generated<string>;
  security_feature: Generated<string>;
  /** JSON text: a list of OpenSSH public keys. */
  ssh_keys: Generated<string>;
  custom_cloud_init: Generated<string>;
  created_at: string;
  updated_at: string;
}

/** One host's provisioning: record and plan snapshot as JSON text, `version` for compare-and-set. */
export interface WorkflowsTable {
  project: string;
  host_id: string;
  instance_id: string;
  state: string;
  deadline: string | null;
  record: string;
  plan: string | null;
  version: number;
  updated_at: string;
}

/** The next event seq of a project. */
export interface EventCountersTable {
  project: string;
  next_seq: number;
}

/** One entry of the host event log (replayed to streams after Last-Event-ID). */
export interface HostEventsTable {
  project: string;
  seq: number;
  host_id: string;
  kind: string;
  data: string;
  created_at: string;
}

/** A region (EMF's location tree, minimal). */
export interface RegionsTable {
  project: string;
  resource_id: string;
  name: string;
  parent_id: string;
  metadata: string;
  created_at: string;
  updated_at: string;
}

/** A site, in a region. */
export interface SitesTable {
  project: string;
  resource_id: string;
  name: string;
  region_id: string;
  metadata: string;
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

/**
 * The slot of one running image dry run (migration 0014): counted against the per-project and
 * overall dry-run caps while `lease_expires_at` (database clock) is ahead; `owner` names the replica.
 */
export interface DryRunSlotsTable {
  id: string;
  project: string;
  owner: string;
  lease_expires_at: string;
  created_at: string;
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
  dry_run_slots: DryRunSlotsTable;
  workflows: WorkflowsTable;
  event_counters: EventCountersTable;
  host_events: HostEventsTable;
  regions: RegionsTable;
  sites: SitesTable;
}
