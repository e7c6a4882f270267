import type { Selectable } from 'kysely';
import { OrchError } from '../../core/errors/index.js';
import type { MetadataItem } from '../../core/host/host-types.js';
import type { RegionsTable, SitesTable } from '../schema/database.js';
import type { LocationResource, SiteRepository } from '../store.js';
import type { StoreContext } from '../store-context.js';
import { timestamp } from '../store-context.js';
import { guarded } from '../store-errors.js';

const ID_TRIES = 5;

function fromRegion(row: Selectable<RegionsTable>): LocationResource {
  return {
    project: row.project,
    resourceId: row.resource_id,
    name: row.name,
    parentId: row.parent_id,
    metadata: JSON.parse(row.metadata) as MetadataItem[],
    timestamps: { createdAt: row.created_at, updatedAt: row.updated_at },
  };
}

function fromSite(row: Selectable<SitesTable>): LocationResource {
  return {
    project: row.project,
    resourceId: row.resource_id,
    name: row.name,
    parentId: row.region_id,
    metadata: JSON.parse(row.metadata) as MetadataItem[],
    timestamps: { createdAt: row.created_at, updatedAt: row.updated_at },
  };
}

/** Regions and sites over Kysely. */
export class KyselySiteRepository implements SiteRepository {
  readonly #context: StoreContext;

  constructor(context: StoreContext) {
    this.#context = context;
  }

  createRegion(
    project: string,
    newId: () => string,
    name: string,
    parentId: string,
    metadata: readonly MetadataItem[],
  ): Promise<LocationResource> {
    const { db, adapter } = this.#context;
    return guarded(adapter, `create region "${name}"`, async () => {
      for (let attempt = 1; ; attempt++) {
        const at = timestamp(this.#context);
        const row = {
          project,
          resource_id: newId(),
          name,
          parent_id: parentId,
          metadata: JSON.stringify(metadata),
          created_at: at,
          updated_at: at,
        };
        try {
          await db.insertInto('regions').values(row).execute();
          return fromRegion(row);
        } catch (error) {
          const kind = adapter.classifyError(error);
          if (kind === 'foreign-key') throw notFound('project', project);
          if (kind !== 'unique' || attempt >= ID_TRIES) throw error;
        }
      }
    });
  }

  getRegion(project: string, resourceId: string): Promise<LocationResource | undefined> {
    return guarded(this.#context.adapter, `read region ${resourceId}`, async () => {
      const row = await this.#context.db
        .selectFrom('regions')
        .selectAll()
        .where('project', '=', project)
        .where('resource_id', '=', resourceId)
        .executeTakeFirst();
      return row && fromRegion(row);
    });
  }

  listRegions(project: string, name?: string): Promise<LocationResource[]> {
    return guarded(this.#context.adapter, 'list regions', async () => {
      let query = this.#context.db.selectFrom('regions').selectAll().where('project', '=', project);
      if (name !== undefined) query = query.where('name', '=', name);
      return (await query.orderBy('resource_id').execute()).map(fromRegion);
    });
  }

  deleteRegion(project: string, resourceId: string): Promise<void> {
    const { db, adapter } = this.#context;
    return guarded(adapter, `delete region ${resourceId}`, () =>
      db.transaction().execute(async (trx) => {
        const sites = await trx
          .selectFrom('sites')
          .select('resource_id')
          .where('project', '=', project)
          .where('region_id', '=', resourceId)
          .execute();
        if (sites.length > 0) {
          throw new OrchError(
            'FailedPrecondition',
            `region ${resourceId} has sites: ${sites.map((s) => s.resource_id).join(', ')}`,
            { details: { sites: sites.map((s) => s.resource_id) } },
          );
        }
        const result = await trx
          .deleteFrom('regions')
          .where('project', '=', project)
          .where('resource_id', '=', resourceId)
          .executeTakeFirst();
        if (Number(result.numDeletedRows) === 0) throw notFound('region', resourceId, project);
      }),
    );
  }

  createSite(
    project: string,
    newId: () => string,
    regionId: string,
    name: string,
    metadata: readonly MetadataItem[],
  ): Promise<LocationResource> {
    const { db, adapter } = this.#context;
    return guarded(adapter, `create site "${name}"`, async () => {
      for (let attempt = 1; ; attempt++) {
        const at = timestamp(this.#context);
        const row = {
          project,
          resource_id: newId(),
          name,
          region_id: regionId,
          metadata: JSON.stringify(metadata),
          created_at: at,
          updated_at: at,
        };
        try {
          await db.insertInto('sites').values(row).execute();
          return fromSite(row);
        } catch (error) {
          const kind = adapter.classifyError(error);
          if (kind === 'foreign-key') throw notFound('region', regionId, project);
          if (kind !== 'unique' || attempt >= ID_TRIES) throw error;
        }
      }
    });
  }

  getSite(project: string, resourceId: string): Promise<LocationResource | undefined> {
    return guarded(this.#context.adapter, `read site ${resourceId}`, async () => {
      const row = await this.#context.db
        .selectFrom('sites')
        .selectAll()
        .where('project', '=', project)
        .where('resource_id', '=', resourceId)
        .executeTakeFirst();
      return row && fromSite(row);
    });
  }

  listSites(project: string, regionId: string | undefined, name?: string): Promise<LocationResource[]> {
    return guarded(this.#context.adapter, 'list sites', async () => {
      let query = this.#context.db.selectFrom('sites').selectAll().where('project', '=', project);
      if (regionId !== undefined) query = query.where('region_id', '=', regionId);
      if (name !== undefined) query = query.where('name', '=', name);
      return (await query.orderBy('resource_id').execute()).map(fromSite);
    });
  }

  deleteSite(project: string, resourceId: string): Promise<void> {
    const { db, adapter } = this.#context;
    return guarded(adapter, `delete site ${resourceId}`, () =>
      db.transaction().execute(async (trx) => {
        const hosts = await trx
          .selectFrom('hosts')
          .select('resource_id')
          .where('project', '=', project)
          .where('site_id', '=', resourceId)
          .execute();
        if (hosts.length > 0) {
          throw new OrchError(
            'FailedPrecondition',
            `site ${resourceId} has hosts: ${hosts.map((h) => h.resource_id).join(', ')}`,
            { details: { hosts: hosts.map((h) => h.resource_id) } },
          );
        }
        const result = await trx
          .deleteFrom('sites')
          .where('project', '=', project)
          .where('resource_id', '=', resourceId)
          .executeTakeFirst();
        if (Number(result.numDeletedRows) === 0) throw notFound('site', resourceId, project);
      }),
    );
  }
}

function notFound(kind: string, id: string, project?: string): OrchError {
  const where = project ? ` in project "${project}"` : '';
  return new OrchError('NotFound', `${kind} ${kind === 'project' ? `"${id}"` : id} not found${where}`, {
    details: { resourceId: id },
  });
}
