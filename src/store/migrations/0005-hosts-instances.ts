import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/** Host columns added to the table the first schema created (one ALTER each: SQLite adds one at a time). */
const HOST_COLUMNS: readonly [string, 'text' | 'integer', string | number | null][] = [
  ['desired_state', 'text', 'HOST_STATE_REGISTERED'],
  ['current_state', 'text', 'HOST_STATE_UNSPECIFIED'],
  ['hostname', 'text', ''],
  ['auto_onboard', 'integer', 0],
  ['enable_vpro', 'integer', 0],
  ['user_lvm_size', 'integer', 0],
  ['host_status', 'text', ''],
  ['host_status_indicator', 'text', 'STATUS_INDICATION_UNSPECIFIED'],
  ['host_status_ts', 'integer', 0],
  ['onboarding_status', 'text', ''],
  ['onboarding_status_indicator', 'text', 'STATUS_INDICATION_UNSPECIFIED'],
  ['onboarding_status_ts', 'integer', 0],
  ['registration_status', 'text', ''],
  ['registration_status_indicator', 'text', 'STATUS_INDICATION_UNSPECIFIED'],
  ['registration_status_ts', 'integer', 0],
  ['site_id', 'text', ''],
  ['metadata', 'text', '[]'],
  ['nics', 'text', '[]'],
  ['storages', 'text', '[]'],
  // RAM, Secure Boot and PCI devices as the node reported them (JSON: RAM bytes exceed int4).
  ['inventory', 'text', '{}'],
  ['note', 'text', ''],
  ['credential_hash', 'text', null],
];

const INSTANCE_COLUMNS: readonly [string, string][] = [
  ['kind', 'INSTANCE_KIND_METAL'],
  ['security_feature', 'SECURITY_FEATURE_NONE'],
  ['ssh_keys', '[]'],
  ['custom_cloud_init', ''],
];

/**
 * Hosts and instances as the API shapes them (EMF's HostResource and InstanceResource).
 *
 * A node is one machine whatever the project: its UUID is unique across projects, and so is its
 * serial number among hosts registered without a UUID (partial unique indexes, so concurrent
 * registrations on two replicas cannot both win). A node credential's hash is unique. A host has
 * at most one instance.
 */
export const hostsInstances: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const [name, type, value] of HOST_COLUMNS) {
      await db.schema
        .alterTable('hosts')
        .addColumn(name, type, (c) => (value === null ? c : c.notNull().defaultTo(value)))
        .execute();
    }
    for (const [name, value] of INSTANCE_COLUMNS) {
      await db.schema
        .alterTable('instances')
        .addColumn(name, 'text', (c) => c.notNull().defaultTo(value))
        .execute();
    }
    await db.schema
      .createIndex('hosts_uuid_uq')
      .on('hosts')
      .column('uuid')
      .unique()
      .where(sql.ref('uuid'), '<>', '')
      .execute();
    await db.schema
      .createIndex('hosts_serial_uq')
      .on('hosts')
      .column('serial_number')
      .unique()
      .where(sql<boolean>`uuid = '' and serial_number <> ''`)
      .execute();
    await db.schema.createIndex('hosts_serial_idx').on('hosts').column('serial_number').execute();
    await db.schema
      .createIndex('hosts_credential_uq')
      .on('hosts')
      .column('credential_hash')
      .unique()
      .where(sql.ref('credential_hash'), 'is not', null)
      .execute();
    await db.schema
      .createIndex('instances_one_per_host_uq')
      .on('instances')
      .columns(['project', 'host_id'])
      .unique()
      .execute();
  },
};
