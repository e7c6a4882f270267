import type { Kysely } from 'kysely';
import { OrchError } from '../../core/errors/index.js';
import type { MetadataItem } from '../../core/host/host-types.js';
import type { LocationResource, SiteRepository } from '../store.js';
import type { StoreContext } from '../store-context.js';
import { timestamp } from '../store-context.js';
import { guarded } from '../store-errors.js';

const ID_TRIES = 5;

/** Where regions and sites live, and what each calls its parent. */
const LOCATIONS = {
  region: { table: 'regions', parent: 'parent_id' },
  site: { table: 'sites', parent: 'region_id' },
} as const;
type LocationKind = keyof typeof LOCATIONS;

/**
 * One query surface for both tables: their rows differ only in the parent column's name
 * (`parent_id` of a region, `region_id` of a site), so a row is read as text columns by name.
 */
type LocationDb = Kysely<{ location: Record<string, string> }>;

function fromRow(row: Readonly<Record<string, string>>, kind: LocationKind): LocationResource {
  return {
    project: row['project']!,
    resourceId: row['resource_id']!,
    name: row['name']!,
    parentId: row[LOCATIONS[kind].parent]!,
    metadata: JSON.parse(row['metadata']!) as MetadataItem[],
    timestamps: { createdAt: row['created_at']!, updatedAt: row['updated_at']! },
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
    return this.#create('region', project, newId, name, parentId, metadata, () =>
      notFound('project', project),
    );
  }

  getRegion(project: string, resourceId: string): Promise<LocationResource | undefined> {
    return this.#get('region', project, resourceId);
  }

  listRegions(project: string, name?: string): Promise<LocationResource[]> {
    return this.#list('region', project, undefined, name);
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
    return this.#create('site', project, newId, name, regionId, metadata, () =>
      notFound('region', regionId, project),
    );
  }

  getSite(project: string, resourceId: string): Promise<LocationResource | undefined> {
    return this.#get('site', project, resourceId);
  }

  listSites(project: string, regionId: string | undefined, name?: string): Promise<LocationResource[]> {
    return this.#list('site', project, regionId, name);
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

  /** Inserts under a fresh id (retried on a collision); a missing parent is `missingParent()`. */
  #create(
    kind: LocationKind,
    project: string,
    newId: () => string,
    name: string,
    parentId: string,
    metadata: readonly MetadataItem[],
    missingParent: () => OrchError,
  ): Promise<LocationResource> {
    const { adapter } = this.#context;
    const { table, parent } = LOCATIONS[kind];
    return guarded(adapter, `create ${kind} "${name}"`, async () => {
      for (let attempt = 1; ; attempt++) {
        const at = timestamp(this.#context);
        const row = {
          project,
          resource_id: newId(),
          name,
          [parent]: parentId,
          metadata: JSON.stringify(metadata),
          created_at: at,
          updated_at: at,
        };
        try {
          await this.#db()
            .insertInto(table as 'location')
            .values(row)
            .execute();
          return fromRow(row, kind);
        } catch (error) {
          const refusal = adapter.classifyError(error);
          if (refusal === 'foreign-key') throw missingParent();
          if (refusal !== 'unique' || attempt >= ID_TRIES) throw error;
        }
      }
    });
  }

  #get(kind: LocationKind, project: string, resourceId: string): Promise<LocationResource | undefined> {
    return guarded(this.#context.adapter, `read ${kind} ${resourceId}`, async () => {
      const row = await this.#db()
        .selectFrom(LOCATIONS[kind].table as 'location')
        .selectAll()
        .where('project', '=', project)
        .where('resource_id', '=', resourceId)
        .executeTakeFirst();
      return row && fromRow(row, kind);
    });
  }

  /** The project's regions or sites by id, narrowed to one parent and/or one name when given. */
  #list(
    kind: LocationKind,
    project: string,
    parentId: string | undefined,
    name: string | undefined,
  ): Promise<LocationResource[]> {
    const { table, parent } = LOCATIONS[kind];
    return guarded(this.#context.adapter, `list ${table}`, async () => {
      let query = this.#db()
        .selectFrom(table as 'location')
        .selectAll()
        .where('project', '=', project);
      if (parentId !== undefined) query = query.where(parent, '=', parentId);
      if (name !== undefined) query = query.where('name', '=', name);
      return (await query.orderBy('resource_id').execute()).map((row) => fromRow(row, kind));
    });
  }

  #db(): LocationDb {
    return this.#context.db as unknown as LocationDb;
  }
}

function notFound(kind: string, id: string, project?: string): OrchError {
  const where = project ? ` in project "${project}"` : '';
  return new OrchError('NotFound', `${kind} ${kind === 'project' ? `"${id}"` : id} not found${where}`, {
    details: { resourceId: id },
  });
}
