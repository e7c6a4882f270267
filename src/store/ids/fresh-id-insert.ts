import { OrchError } from '../../core/errors/index.js';
import { newResourceId, RESOURCE_ID_PREFIXES, type ResourceIdPrefix } from '../../core/ids/index.js';

/** What an insert attempt returns when the id it tried is already taken (nothing was written). */
export const ID_TAKEN: unique symbol = Symbol('resource id taken');
export type IdTaken = typeof ID_TAKEN;

/**
 * How many ids one insert tries. Ids carry 32 random bits, so with a million rows under one key a
 * try collides with probability 1/4300; sixteen collisions in a row mean the random source is
 * broken, not bad luck.
 */
export const MAX_ID_ATTEMPTS = 16;

/** Options of {@link insertUnderFreshId}. */
export interface FreshIdOptions {
  /** Where further ids come from; default a new resource id of the first id's kind (`os-…`). */
  readonly newId?: () => string;
  readonly maxAttempts?: number;
}

/** The kind prefix of an id such as `os-0a1b2c3d`; Internal when it is none of ours. */
export function resourceIdPrefix(id: string): ResourceIdPrefix {
  const prefix = RESOURCE_ID_PREFIXES.find((p) => id.startsWith(`${p}-`));
  if (!prefix) throw new OrchError('Internal', `"${id}" is not a resource id of a known kind`);
  return prefix;
}

/**
 * Inserts a row under a server-generated id, retrying with a fresh id of the same kind while the
 * id is taken: ids are 32 random bits (EMF's form), so at scale a collision is certain, and it
 * must never reach the caller. `firstId` is tried first; `attempt` writes the row under the id it
 * is given and returns {@link ID_TAKEN} when that id (and only the id) was already used, which
 * an `INSERT … ON CONFLICT (<id columns>) DO NOTHING` reports as zero rows on both dialects,
 * inside a transaction or not (a unique violation would abort a PostgreSQL transaction). Any other
 * conflict (a duplicate name) still throws from `attempt`. Every repository that inserts rows
 * under generated ids goes through this.
 */
export async function insertUnderFreshId<T>(
  firstId: string,
  attempt: (id: string) => Promise<T | IdTaken>,
  options: FreshIdOptions = {},
): Promise<T> {
  const nextId = options.newId ?? sameKind(firstId);
  const attempts = options.maxAttempts ?? MAX_ID_ATTEMPTS;
  let id = firstId;
  for (let tried = 1; ; tried += 1) {
    const result = await attempt(id);
    if (result !== ID_TAKEN) return result;
    if (tried >= attempts) {
      throw new OrchError(
        'Internal',
        `no free id like ${firstId} after ${attempts} attempts: the id random source looks broken`,
        { details: { firstId, attempts } },
      );
    }
    id = nextId();
  }
}

/** New resource ids of the kind of `id`, checked when the first retry needs one. */
function sameKind(id: string): () => string {
  return () => newResourceId(resourceIdPrefix(id));
}
