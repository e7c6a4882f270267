import { OrchError } from '../core/errors/index.js';

/** Where the store lives, parsed from `--database` / `ORCH_DATABASE_URL`. */
export type StoreLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly schema: string | undefined };

/** PostgreSQL identifiers we accept as a schema name (no quoting tricks, at most 63 bytes). */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Parses a store URL: `postgres://…` or `postgresql://…` (optional `?schema=NAME`, removed before
 * the URL reaches pg), `sqlite:<path>`, `:memory:`, or a plain file path. `schemaOption` (from the
 * caller's options) wins over the URL's `schema`. Throws InvalidArgument for an empty URL or a
 * schema name that is not a plain identifier.
 */
export function parseStoreUrl(url: string, schemaOption?: string): StoreLocation {
  const trimmed = url.trim();
  if (trimmed === '') throw new OrchError('InvalidArgument', 'the database URL is empty');
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return parsePostgres(trimmed, schemaOption);
  if (schemaOption !== undefined) {
    throw new OrchError('InvalidArgument', 'a schema can only be given for a PostgreSQL database');
  }
  const path = trimmed.startsWith('sqlite:')
    ? trimmed.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '')
    : trimmed;
  if (path === '') throw new OrchError('InvalidArgument', 'the SQLite database URL names no file');
  return { kind: 'sqlite', path };
}

function parsePostgres(url: string, schemaOption: string | undefined): StoreLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OrchError('InvalidArgument', 'the PostgreSQL database URL is not a valid URL');
  }
  const fromUrl = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  const schema = schemaOption ?? fromUrl;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new OrchError(
      'InvalidArgument',
      `the PostgreSQL schema name "${schema}" must be a plain identifier (letters, digits, _; at most 63)`,
    );
  }
  return { kind: 'postgres', connectionString: parsed.toString(), schema };
}
