import { OrchError } from '../../core/errors/index.js';
import type { Project, ProjectRepository } from '../store.js';
import type { ProjectsTable } from '../schema/database.js';
import { guarded } from '../store-errors.js';
import { timestamp } from '../store-context.js';
import type { StoreContext } from '../store-context.js';

/**
 * Projects over Kysely. Creating a project does not seed its default profiles: the server calls
 * `profiles.seedDefaults` right after, so the store stays free of the seed catalogue.
 */
export class KyselyProjectRepository implements ProjectRepository {
  readonly #context: StoreContext;

  constructor(context: StoreContext) {
    this.#context = context;
  }

  create(name: string, description = ''): Promise<Project> {
    const { db, adapter } = this.#context;
    return guarded(adapter, `create project "${name}"`, async () => {
      const row: ProjectsTable = {
        name,
        description,
        created_at: timestamp(this.#context),
        defaults_seeded: 0,
      };
      try {
        await db.insertInto('projects').values(row).execute();
      } catch (error) {
        if (adapter.classifyError(error) === 'unique') {
          throw new OrchError('AlreadyExists', `project "${name}" already exists`, { details: { name } });
        }
        throw error;
      }
      return toProject(row);
    });
  }

  get(name: string): Promise<Project | undefined> {
    return guarded(this.#context.adapter, `read project "${name}"`, async () => {
      const row = await this.#context.db
        .selectFrom('projects')
        .selectAll()
        .where('name', '=', name)
        .executeTakeFirst();
      return row && toProject(row);
    });
  }

  list(): Promise<Project[]> {
    return guarded(this.#context.adapter, 'list projects', async () => {
      const rows = await this.#context.db.selectFrom('projects').selectAll().orderBy('name').execute();
      return rows.map(toProject);
    });
  }
}

function toProject(row: ProjectsTable): Project {
  return { name: row.name, description: row.description, createdAt: row.created_at };
}
