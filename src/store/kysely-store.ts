import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Store, StoreTransaction } from './store.js';
import type { StoreNotifications } from './notifications/store-notifications.js';
import type { Database } from './schema/database.js';
import type { DriverErrorKind, StoreDialectAdapter } from './dialect/store-dialect-adapter.js';
import type { StoreContext } from './store-context.js';
import { guarded } from './store-errors.js';
import { runMigrations } from './migrations/migrate-to-latest.js';
import { KyselyProjectRepository } from './projects/kysely-project-repository.js';
import { KyselyTokenRepository } from './tokens/kysely-token-repository.js';
import { KyselyOsProfileRepository } from './os-profiles/kysely-os-profile-repository.js';
import { KyselyJobRepository } from './jobs/kysely-job-repository.js';
import { KyselyDryRunSlotRepository } from './dry-runs/kysely-dry-run-slot-repository.js';
import { KyselyHostRepository } from './hosts/kysely-host-repository.js';
import { KyselyInstanceRepository } from './instances/kysely-instance-repository.js';
import { KyselyWorkflowRepository } from './workflows/kysely-workflow-repository.js';
import { KyselySiteRepository } from './sites/kysely-site-repository.js';

/**
 * The one Store implementation: repositories over a Kysely instance, whatever the engine.
 * Built by openStore; `db` is exposed for migrations and for tests that insert rows of tables
 * no repository owns yet (hosts, instances).
 */
export class KyselyStore implements Store {
  readonly db: Kysely<Database>;
  readonly projects: KyselyProjectRepository;
  readonly tokens: KyselyTokenRepository;
  readonly profiles: KyselyOsProfileRepository;
  readonly jobs: KyselyJobRepository;
  readonly dryRuns: KyselyDryRunSlotRepository;
  readonly notifications: StoreNotifications | undefined;
  readonly hosts: KyselyHostRepository;
  readonly instances: KyselyInstanceRepository;
  readonly workflows: KyselyWorkflowRepository;
  readonly sites: KyselySiteRepository;
  readonly #adapter: StoreDialectAdapter;
  readonly #context: StoreContext;

  constructor(context: StoreContext) {
    this.db = context.db;
    this.#adapter = context.adapter;
    this.#context = context;
    this.projects = new KyselyProjectRepository(context);
    this.tokens = new KyselyTokenRepository(context);
    this.profiles = new KyselyOsProfileRepository(context);
    this.jobs = new KyselyJobRepository(context);
    this.dryRuns = new KyselyDryRunSlotRepository(context);
    this.notifications = context.adapter.createNotifications(context.db);
    this.hosts = new KyselyHostRepository(context);
    this.instances = new KyselyInstanceRepository(context);
    this.workflows = new KyselyWorkflowRepository(context);
    this.sites = new KyselySiteRepository(context);
  }

  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return guarded(this.#adapter, 'run a transaction', () =>
      this.db.transaction().execute((trx) => work(repositories({ ...this.#context, db: trx }))),
    );
  }

  get dialect(): 'sqlite' | 'postgres' {
    return this.#adapter.name;
  }

  /**
   * What a driver error means (unique / foreign-key / unavailable), for code that runs its own
   * queries on `db` (tests, later repositories) and must not branch on the engine.
   */
  classifyError(error: unknown): DriverErrorKind | undefined {
    return this.#adapter.classifyError(error);
  }

  /** Applies pending migrations; returns their names ([] when current). */
  migrateToLatest(): Promise<readonly string[]> {
    return guarded(this.#adapter, 'migrate the database', () => runMigrations(this.db, this.#adapter.schema));
  }

  ping(): Promise<void> {
    return guarded(this.#adapter, 'check the database', async () => {
      await sql`select 1`.execute(this.db);
    });
  }

  async close(): Promise<void> {
    await this.notifications?.close();
    await this.db.destroy();
  }
}

/** The repositories over one context (the store's, or one transaction's). */
function repositories(context: StoreContext): StoreTransaction {
  return {
    projects: new KyselyProjectRepository(context),
    tokens: new KyselyTokenRepository(context),
    profiles: new KyselyOsProfileRepository(context),
    jobs: new KyselyJobRepository(context),
  };
}
