import type { Kysely, Migration } from 'kysely';

/**
 * The USB devices a node reports at onboarding (ids, class, each interface with the driver its
 * provisioning OS bound and the NICs and disks hanging off it), kept with the host as JSON text
 * beside `pci_devices`. A column, not a table: like the PCI list it is replaced whole at each
 * onboarding and only ever read with its host (the driver check, the host view); no query selects
 * hosts by a USB id, so rows per device would buy joins and no answer. '[]' for hosts onboarded
 * before: their check sees no USB devices until they onboard again.
 */
export const hostUsbDevices: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('hosts')
      .addColumn('usb_devices', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
  },
};
