import type { CreateTableBuilder, Kysely, Migration } from 'kysely';

/**
 * The first schema: projects, API tokens, OS profiles, seeded defaults, and the hosts/instances
 * tables a later issue fills. Written once for both dialects with portable types only
 * (text, integer): uniqueness and references are constraints, so the database enforces them
 * whatever replica or client writes.
 */
export const initialSchema: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('projects')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('defaults_seeded', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
      .addColumn('admin', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('roles', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text')
      .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    await createOsProfiles(db);

    await db.schema
      .createTable('seeded_defaults')
      .addColumn('project', 'text', (c) => c.notNull().references('projects.name').onDelete('cascade'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('seeded_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('seeded_defaults_pk', ['project', 'key'])
      .execute();

    await createHostsAndInstances(db);
  },
};

async function createOsProfiles(db: Kysely<unknown>): Promise<void> {
  // Typed with `string` columns: the loop below adds columns the builder cannot track.
  let table: CreateTableBuilder<'os_profiles', string> = db.schema
    .createTable('os_profiles')
    .addColumn('project', 'text', (c) => c.notNull().references('projects.name').onDelete('cascade'))
    .addColumn('resource_id', 'text', (c) => c.notNull());
  for (const column of PROFILE_TEXT_COLUMNS) {
    table = table.addColumn(column, 'text', (c) => c.notNull());
  }
  await table
    .addColumn('validation_state', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('os_profiles_pk', ['project', 'resource_id'])
    .addUniqueConstraint('os_profiles_name_uq', ['project', 'name'])
    .addUniqueConstraint('os_profiles_image_uq', ['project', 'profile_name', 'image_id'])
    .execute();
}

/** Every OsProfileFields column; all NOT NULL text ('' when absent). */
const PROFILE_TEXT_COLUMNS = [
  'name',
  'profile_name',
  'image_url',
  'image_id',
  'sha256',
  'os_type',
  'os_provider',
  'security_feature',
  'os_family',
  'architecture',
  'description',
  'tls_ca_cert',
  'metadata',
  'source',
  'installed_packages',
  'existing_cves',
  'fixed_cves',
  'platform_bundle',
] as const;

async function createHostsAndInstances(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hosts')
    .addColumn('project', 'text', (c) => c.notNull().references('projects.name').onDelete('cascade'))
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('serial_number', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('uuid', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('hosts_pk', ['project', 'resource_id'])
    .execute();

  // An instance pins its profile: ON DELETE RESTRICT makes the database refuse to delete a
  // profile in use even if a caller skips the store's own guard.
  await db.schema
    .createTable('instances')
    .addColumn('project', 'text', (c) => c.notNull().references('projects.name').onDelete('cascade'))
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('host_id', 'text', (c) => c.notNull())
    .addColumn('os_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('instances_pk', ['project', 'resource_id'])
    .addForeignKeyConstraint(
      'instances_host_fk',
      ['project', 'host_id'],
      'hosts',
      ['project', 'resource_id'],
      (c) => c.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'instances_os_fk',
      ['project', 'os_id'],
      'os_profiles',
      ['project', 'resource_id'],
      (c) => c.onDelete('restrict'),
    )
    .execute();
  await db.schema.createIndex('instances_os_idx').on('instances').columns(['project', 'os_id']).execute();
  await db.schema.createIndex('instances_host_idx').on('instances').columns(['project', 'host_id']).execute();
}
