import type { Migration, MigrationProvider } from 'kysely';
import { initialSchema } from './0001-initial-schema.js';
import { validationJobs } from './0002-validation-jobs.js';
import { jobs } from './0003-jobs.js';
import { emfProfileFields } from './0004-emf-profile-fields.js';
import { hostsInstances } from './0005-hosts-instances.js';
import { workflows } from './0006-workflows.js';
import { regionsSites } from './0007-regions-sites.js';
import { secureBootPolicy } from './0009-secure-boot-policy.js';
import { hostPciDevices } from './0011-host-pci-devices.js';
import { profileListIndexes } from './0013-profile-list-indexes.js';
import { dryRunSlots } from './0014-dry-run-slots.js';

/**
 * Every migration, in order, keyed by a name that sorts in that order. Names are permanent once
 * shipped: the migrator records them in `kysely_migration`.
 */
export const STORE_MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '0001-initial-schema': initialSchema,
  '0002-validation-jobs': validationJobs,
  '0003-jobs': jobs,
  '0004-emf-profile-fields': emfProfileFields,
  '0005-hosts-instances': hostsInstances,
  '0006-workflows': workflows,
  '0007-regions-sites': regionsSites,
  '0009-secure-boot-policy': secureBootPolicy,
  '0011-host-pci-devices': hostPciDevices,
  '0013-profile-list-indexes': profileListIndexes,
  '0014-dry-run-slots': dryRunSlots,
});

/**
 * The in-code provider: migrations are compiled into the program, so orchd reads no files at
 * runtime and a bundled build migrates the same way as the sources.
 */
export const storeMigrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...STORE_MIGRATIONS }),
};
