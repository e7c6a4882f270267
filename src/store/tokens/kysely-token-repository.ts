import { OrchError } from '../../core/errors/index.js';
import type { ApiToken, ProjectRole, TokenRepository } from '../store.js';
import type { ApiTokensTable } from '../schema/database.js';
import { guarded } from '../store-errors.js';
import { timestamp } from '../store-context.js';
import type { StoreContext } from '../store-context.js';

type NewToken = Omit<ApiToken, 'createdAt'> & { readonly secretHash: string };

/**
 * API tokens over Kysely, found by the hash of their secret. Roles are one JSON text column:
 * they are always read with the token and never queried on their own.
 */
export class KyselyTokenRepository implements TokenRepository {
  readonly #context: StoreContext;

  constructor(context: StoreContext) {
    this.#context = context;
  }

  create(token: NewToken): Promise<ApiToken> {
    const { db, adapter } = this.#context;
    return guarded(adapter, `create token "${token.name}"`, async () => {
      const row: ApiTokensTable = {
        id: token.id,
        name: token.name,
        secret_hash: token.secretHash,
        admin: token.admin ? 1 : 0,
        roles: JSON.stringify(token.roles.map(({ project, role }) => ({ project, role }))),
        created_at: timestamp(this.#context),
        expires_at: token.expiresAt,
        revoked: 0,
      };
      try {
        await db.insertInto('api_tokens').values(row).execute();
      } catch (error) {
        if (adapter.classifyError(error) === 'unique') {
          throw new OrchError(
            'AlreadyExists',
            `a token with id "${token.id}" or the same secret already exists`,
          );
        }
        throw error;
      }
      return toToken(row);
    });
  }

  /** Revoked tokens are not found; expiry is the caller's check (it owns the clock of the request). */
  findBySecretHash(secretHash: string): Promise<ApiToken | undefined> {
    return guarded(this.#context.adapter, 'look up a token', async () => {
      const row = await this.#context.db
        .selectFrom('api_tokens')
        .selectAll()
        .where('secret_hash', '=', secretHash)
        .where('revoked', '=', 0)
        .executeTakeFirst();
      return row && toToken(row);
    });
  }

  /** Active (not revoked) tokens, oldest first. */
  list(): Promise<ApiToken[]> {
    return guarded(this.#context.adapter, 'list tokens', async () => {
      const rows = await this.#context.db
        .selectFrom('api_tokens')
        .selectAll()
        .where('revoked', '=', 0)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toToken);
    });
  }

  /** Idempotent: true whenever the token exists, revoked now or before. */
  revoke(id: string): Promise<boolean> {
    return guarded(this.#context.adapter, `revoke token "${id}"`, async () => {
      const result = await this.#context.db
        .updateTable('api_tokens')
        .set({ revoked: 1 })
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    });
  }
}

function toToken(row: ApiTokensTable): ApiToken {
  const roles = JSON.parse(row.roles) as { project: string; role: ProjectRole }[];
  return {
    id: row.id,
    name: row.name,
    admin: row.admin === 1,
    roles,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}
