import type { Kysely, Migration } from 'kysely';

/**
 * The rest of a profile's Secure Boot policy beside its db (`secure_boot_certs`): the deny list
 * (`secure_boot_dbx`: PEM certificates then SHA-256 hashes), MOK certificates shim trusts
 * (`secure_boot_mok_certs`) and an SBAT revocation level (`sbat_level`). '' means none, so
 * existing profiles keep their meaning. One column per statement: SQLite adds one at a time.
 */
export const secureBootPolicy: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const column of ['secure_boot_dbx', 'secure_boot_mok_certs', 'sbat_level']) {
      await db.schema
        .alterTable('os_profiles')
        .addColumn(column, 'text', (c) => c.notNull().defaultTo(''))
        .execute();
    }
  },
};
