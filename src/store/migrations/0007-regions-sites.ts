import type { Kysely, Migration } from 'kysely';

/**
 * Minimal regions and sites (EMF's location tree): enough for a host's `siteId`, which EMF's
 * orch-cli requires for every host it provisions. A site belongs to a region; a region in use by
 * a site cannot be deleted (RESTRICT).
 */
export const regionsSites: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('regions')
      .addColumn('project', 'text', (c) => c.notNull().references('projects.name').onDelete('cascade'))
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('parent_id', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('regions_pk', ['project', 'resource_id'])
      .execute();
    await db.schema
      .createTable('sites')
      .addColumn('project', 'text', (c) => c.notNull().references('projects.name').onDelete('cascade'))
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('region_id', 'text', (c) => c.notNull())
      .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('sites_pk', ['project', 'resource_id'])
      .addForeignKeyConstraint(
        'sites_region_fk',
        ['project', 'region_id'],
        'regions',
        ['project', 'resource_id'],
        (c) => c.onDelete('restrict'),
      )
      .execute();
  },
};
