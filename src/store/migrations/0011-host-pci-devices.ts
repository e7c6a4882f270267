import type { Kysely, Migration } from 'kysely';

/**
 * The PCI functions a node reports at onboarding (vendor, device, subsystem ids, class, the driver
 * its provisioning OS bound), kept with the host as JSON text for the driver check. '[]' for hosts
 * onboarded before: their check says the node reported no PCI devices until they onboard again.
 */
export const hostPciDevices: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('hosts')
      .addColumn('pci_devices', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
  },
};
