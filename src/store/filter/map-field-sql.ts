import { sql, type RawBuilder } from 'kysely';
import { OrchError } from '../../core/errors/index.js';
import { isFilterableMapKey } from '../../core/filter/filter-field-catalog.js';
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
  const path = jsonPath(key);
  if (dialect === 'postgres') return sql<string | null>`(${sql.ref(column)}::jsonb ->> ${key}::text)`;
  return sql<string | null>`json_extract(${sql.ref(column)}, ${path})`;
}

/** True when the map holds `key` (whatever its value). */
export function mapHasKeySql(column: string, key: string, dialect: Store['dialect']): RawBuilder<boolean> {
  const path = jsonPath(key);
  if (dialect === 'postgres') return sql<boolean>`((${sql.ref(column)}::jsonb -> ${key}::text) is not null)`;
  return sql<boolean>`(json_type(${sql.ref(column)}, ${path}) is not null)`;
}

/**
 * The SQLite JSON path naming one top-level key. Checked on both dialects (PostgreSQL would take any
 * key) so that a filter selects the same rows, or fails the same way, everywhere.
 */
function jsonPath(key: string): string {
  if (!isFilterableMapKey(key)) {
    const reason = `map key ${JSON.stringify(key)} must not be empty nor hold ", \\ or control characters`;
    throw new OrchError('InvalidArgument', `invalid filter: ${reason}`, { details: { key } });
  }
  return `$."${key}"`;
}
