import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import { OrchError } from '../../core/errors/index.js';
import type { CompareOp, FilterNode, FilterValue } from '../../core/filter/filter-ast.js';
import { resolveFilterField } from '../../core/filter/filter-field-catalog.js';
import {
  normalizeTimestampLiteral,
  parseBooleanLiteral,
  parseNumberLiteral,
} from '../../core/filter/filter-literal.js';
import type { Store } from '../store.js';
import type { FilterColumn, FilterColumnMap } from './filter-column-map.js';
import { mapHasKeySql, mapValueSql } from './map-field-sql.js';
import { globPattern, likePattern } from './sql-pattern.js';
import { prefixRange, reverseCodePoints } from './reversed-text.js';

type Dialect = Store['dialect'];
type Restriction = Extract<FilterNode, { kind: 'compare' | 'has' }>;
type Presence = Extract<FilterNode, { kind: 'present' }>;

/** SQL spelling of each comparator; `!=` is compiled as NOT of `=` so NULLs stay two-valued. */
const SQL_OPS: Readonly<Record<Exclude<CompareOp, '!='>, string>> = {
  '=': '=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};
const TEXT_TYPES = new Set(['string', 'enum', 'timestamp', 'map']);

/**
 * Compiles a (checked) filter to a WHERE expression for `dialect`. Every literal is a bound
 * parameter. Semantics, identical on SQLite and PostgreSQL:
 * - `=` / `!=` are exact and case-sensitive; a value with `*` wildcards matches the whole text
 *   against the pattern (GLOB on SQLite, LIKE on PostgreSQL), everything else in it literal;
 * - `field:value` on text is a case-sensitive substring test (`*` allowed), `field:*` means non-empty;
 * - `< <= > >=` compare text by code point (`COLLATE "C"` on PostgreSQL), numbers as numbers;
 *   timestamps are ISO-8601 UTC text, so the literal is normalised to that form first;
 * - `map.key op v` reads the key from JSON text; `map:key` and `map.key:*` test that it exists;
 * - a missing value (NULL column, absent key) fails every positive test and passes `!=` and NOT.
 * Throws OrchError InvalidArgument for a field missing from `columns` or a literal its type refuses
 * (run `checkFilter` first for messages with positions and the list of known fields).
 */
export function compileFilter<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  ast: FilterNode,
  columns: FilterColumnMap,
  dialect: Dialect,
): Expression<SqlBool> {
  switch (ast.kind) {
    case 'and':
      return eb.and(ast.operands.map((node) => compileFilter(eb, node, columns, dialect)));
    case 'or':
      return eb.or(ast.operands.map((node) => compileFilter(eb, node, columns, dialect)));
    case 'not':
      return eb.not(compileFilter(eb, ast.operand, columns, dialect));
    case 'present':
      return compilePresence(ast, columns, dialect);
    default:
      return compileRestriction(ast, columns, dialect);
  }
}

function compileRestriction(
  node: Restriction,
  columns: FilterColumnMap,
  dialect: Dialect,
): RawBuilder<SqlBool> {
  const resolved = resolveFilterField(columns, node.field);
  if (!resolved) throw refuse(node, `unknown field "${node.field}"`);
  const { spec, mapKey } = resolved;
  if (spec.type === 'map') {
    if (mapKey === undefined) {
      if (node.kind !== 'has' || node.value.wildcardParts)
        throw refuse(node, `use ${node.field}.<key> or ${node.field}:<key>`);
      return mapHasKeySql(spec.column, node.value.text, dialect);
    }
    if (node.kind === 'has' && isStarOnly(node.value)) return mapHasKeySql(spec.column, mapKey, dialect);
    return textRestriction(node, mapValueSql(spec.column, mapKey, dialect), true, dialect);
  }
  const target = sql.ref(spec.column);
  if (spec.type === 'string')
    return textRestriction(node, target, spec.nullable ?? false, dialect, spec.reversedColumn);
  if (node.kind === 'has' || node.value.wildcardParts)
    throw refuse(node, `${spec.type} fields accept no ":" and no wildcards`);
  return guarded(
    node.op,
    target,
    spec.nullable ?? false,
    (op) =>
      sql<SqlBool>`${ordered(target, op, spec, dialect)} ${sql.raw(op)} ${typedLiteral(node, spec, dialect)}`,
  );
}

/**
 * `has(field)`: the field holds a value. Text (and enum, timestamp) columns: not NULL and not '';
 * a whole map: not the empty object; a map key: the key exists; numbers and booleans: not NULL.
 * A column the store maps as nullable with a text type also serves links (`has(site)`).
 */
function compilePresence(node: Presence, columns: FilterColumnMap, dialect: Dialect): RawBuilder<SqlBool> {
  const resolved = resolveFilterField(columns, node.field);
  if (!resolved) throw refuse(node, `unknown field "${node.field}"`);
  const { spec, mapKey } = resolved;
  const ref = sql.ref(spec.column);
  if (spec.type === 'map') {
    if (mapKey !== undefined) return mapHasKeySql(spec.column, mapKey, dialect);
    return sql<SqlBool>`(${ref} is not null and ${ref} not in ('', '{}'))`;
  }
  if (spec.type === 'number' || spec.type === 'boolean') return sql<SqlBool>`(${ref} is not null)`;
  return sql<SqlBool>`(${ref} is not null and ${ref} <> '')`;
}

/** `=`, `!=`, `:`, ordering and wildcards on a text value (a string column or a map key). */
function textRestriction(
  node: Restriction,
  target: Expression<unknown>,
  nullable: boolean,
  dialect: Dialect,
  reversedColumn?: string,
): RawBuilder<SqlBool> {
  const { value } = node;
  if (node.kind === 'has') {
    if (isStarOnly(value)) return guarded('=', target, nullable, () => sql<SqlBool>`${target} <> ''`);
    return guarded('=', target, nullable, () =>
      matches(target, ['', ...(value.wildcardParts ?? [value.text]), ''], dialect),
    );
  }
  const parts = value.wildcardParts;
  if (parts && (node.op === '=' || node.op === '!='))
    return guarded(node.op, target, nullable, () => {
      const match = matches(target, parts, dialect);
      const suffix = parts[parts.length - 1]!;
      if (!reversedColumn || suffix === '') return match;
      return sql<SqlBool>`${match} and ${suffixRange(reversedColumn, suffix, dialect)}`;
    });
  if (parts) throw refuse(node, `wildcards only go with = and != (not ${node.op})`);
  const collated =
    dialect === 'postgres' && node.op !== '=' && node.op !== '!=' ? sql`${target} collate "C"` : target;
  return guarded(node.op, target, nullable, (op) => sql<SqlBool>`${collated} ${sql.raw(op)} ${value.text}`);
}

/**
 * Builds the positive test with `build` and makes the result two-valued: a NULL target fails it,
 * and `!=` is NOT of the guarded `=`, so NULLs pass `!=` as they pass NOT.
 */
function guarded(
  op: CompareOp,
  target: Expression<unknown>,
  nullable: boolean,
  build: (sqlOp: string) => RawBuilder<SqlBool>,
): RawBuilder<SqlBool> {
  const positive = build(op === '!=' ? '=' : SQL_OPS[op]);
  const safe = nullable ? sql<SqlBool>`(${target} is not null and ${positive})` : sql<SqlBool>`(${positive})`;
  return op === '!=' ? sql<SqlBool>`(not ${safe})` : safe;
}

function matches(
  target: Expression<unknown>,
  parts: readonly string[],
  dialect: Dialect,
): RawBuilder<SqlBool> {
  if (dialect === 'sqlite') return sql<SqlBool>`${target} glob ${globPattern(parts)}`;
  return sql<SqlBool>`${target} like ${likePattern(parts)} escape '\\'`;
}

/**
 * The texts ending in `suffix`, as a prefix range on the column holding them reversed: a
 * redundant test beside the pattern that lets an index on that column find the candidates.
 */
function suffixRange(reversedColumn: string, suffix: string, dialect: Dialect): RawBuilder<SqlBool> {
  const ref = sql.ref(reversedColumn);
  const column = dialect === 'postgres' ? sql`${ref} collate "C"` : ref;
  const { low, high } = prefixRange(reverseCodePoints(suffix));
  if (high === undefined) return sql<SqlBool>`${column} >= ${low}`;
  return sql<SqlBool>`${column} >= ${low} and ${column} < ${high}`;
}

/** On PostgreSQL, text compares by code point like SQLite's BINARY collation, whatever the database locale. */
function ordered(
  target: Expression<unknown>,
  op: string,
  spec: FilterColumn,
  dialect: Dialect,
): Expression<unknown> {
  return dialect === 'postgres' && op !== '=' && TEXT_TYPES.has(spec.type)
    ? sql`${target} collate "C"`
    : target;
}

/**
 * The bound literal for a non-string column, in the form the column stores. On PostgreSQL a
 * number is cast to numeric: the parameter's type would otherwise be inferred from an integer
 * column, and `size < 5.5` would fail to parse instead of comparing.
 */
function typedLiteral(node: Restriction, spec: FilterColumn, dialect: Dialect): Expression<unknown> {
  const { text } = node.value;
  const value =
    spec.type === 'number'
      ? parseNumberLiteral(text)
      : spec.type === 'boolean'
        ? parseBooleanLiteral(text)
        : spec.type === 'timestamp'
          ? normalizeTimestampLiteral(text)
          : text;
  if (value === undefined) throw refuse(node, `${JSON.stringify(text)} is not a ${spec.type}`);
  if (typeof value === 'number' && dialect === 'postgres') return sql`cast(${value} as numeric)`;
  if (typeof value === 'boolean' && dialect === 'sqlite') return sql.val(value ? 1 : 0);
  return sql.val(value);
}

function isStarOnly(value: FilterValue): boolean {
  return value.wildcardParts !== undefined && value.wildcardParts.every((part) => part === '');
}

function refuse(node: Restriction | Presence, reason: string): OrchError {
  return new OrchError('InvalidArgument', `invalid filter at position ${node.position}: ${reason}`, {
    details: { position: node.position, field: node.field },
  });
}
