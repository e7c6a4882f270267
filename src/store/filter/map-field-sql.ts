import { sql, type RawBuilder } from 'kysely';
import { OrchError } from '../../core/errors/index.js';
import type { Store } from '../store.js';

/**
 * SQL for one key of a string map kept as JSON text (`metadata`). The key is always a bound
 * parameter: on SQLite it travels inside a quoted JSON path (`$."standalone-node"`), on
 * PostgreSQL as the text operand of `->>` / `->`.
 */
export function mapValueSql(
  column: string,
  key: string,
  dialect: Store['dialect'],
): RawBuilder<string | null> {
  if (dialect === 'postgres') return sql<string | null>`(${sql.ref(column)}::jsonb ->> ${key}::text)`;
  return sql<string | null>`json_extract(${sql.ref(column)}, ${jsonPath(key)})`;
}

/** True when the map holds `key` (whatever its value). */
export function mapHasKeySql(column: string, key: string, dialect: Store['dialect']): RawBuilder<boolean> {
  if (dialect === 'postgres') return sql<boolean>`((${sql.ref(column)}::jsonb -> ${key}::text) is not null)`;
  return sql<boolean>`(json_type(${sql.ref(column)}, ${jsonPath(key)}) is not null)`;
}

/** A SQLite JSON path naming one top-level key; keys with `"` or `\` cannot be written in one. */
function jsonPath(key: string): string {
  if (/["\\]/.test(key)) {
    throw new OrchError(
      'InvalidArgument',
      `invalid filter: map key ${JSON.stringify(key)} may not contain " or \\`,
      {
        details: { key },
      },
    );
  }
  return `$."${key}"`;
}
