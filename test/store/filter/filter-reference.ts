/**
 * A reference evaluator of checked filters over the rows of filter-test-table, written from the
 * semantics compileFilter documents and nothing else. The differential test holds both databases
 * to it.
 */
import type { FilterNode, FilterValue } from '../../../src/core/filter/filter-ast.js';
import { resolveFilterField } from '../../../src/core/filter/filter-field-catalog.js';
import { ITEM_COLUMNS, type ItemRow } from './filter-test-table.js';

type Restriction = Extract<FilterNode, { kind: 'compare' | 'has' }>;
type Scalar = string | number | boolean | null;

/** True when the row matches the (checked) filter. */
export function referenceMatch(node: FilterNode, row: ItemRow): boolean {
  switch (node.kind) {
    case 'and':
      return node.operands.every((child) => referenceMatch(child, row));
    case 'or':
      return node.operands.some((child) => referenceMatch(child, row));
    case 'not':
      return !referenceMatch(node.operand, row);
    case 'present':
      return presence(node.field, row);
    default:
      return restriction(node, row);
  }
}

/** `has(field)`: a non-empty text or map, an existing map key, a non-null number or boolean. */
function presence(field: string, row: ItemRow): boolean {
  const resolved = resolveFilterField(ITEM_COLUMNS, field);
  if (!resolved) throw new Error(`reference: unknown field ${field}`);
  const { name, spec, mapKey } = resolved;
  if (spec.type === 'map') {
    return mapKey === undefined ? Object.keys(row.metadata).length > 0 : Object.hasOwn(row.metadata, mapKey);
  }
  const value = fieldValue(row, name);
  return value !== null && value !== '';
}

function restriction(node: Restriction, row: ItemRow): boolean {
  const resolved = resolveFilterField(ITEM_COLUMNS, node.field);
  if (!resolved) throw new Error(`reference: unknown field ${node.field}`);
  const { name, spec, mapKey } = resolved;
  if (spec.type === 'map') {
    const key = mapKey ?? node.value.text;
    const present = Object.hasOwn(row.metadata, key);
    if (mapKey === undefined || (node.kind === 'has' && starOnly(node.value))) return present;
    return textTest(node, present ? (row.metadata[key] ?? null) : null);
  }
  const value = fieldValue(row, name);
  if (spec.type === 'string') return textTest(node, value as string | null);
  if (node.kind === 'has') throw new Error('reference: has on a non-text field');
  const literal: Scalar =
    spec.type === 'number'
      ? Number(node.value.text)
      : spec.type === 'boolean'
        ? node.value.text === 'true'
        : node.value.text;
  if (node.op === '!=') return value === null || value !== literal;
  if (value === null) return false;
  return compare(value, node.op, literal);
}

function textTest(node: Restriction, value: string | null): boolean {
  const negate = node.kind === 'compare' && node.op === '!=';
  if (value === null) return negate;
  const parts = node.value.wildcardParts;
  let result: boolean;
  if (node.kind === 'has')
    result = starOnly(node.value) ? value !== '' : wildcard(['', ...(parts ?? [node.value.text]), ''], value);
  else if (parts) result = wildcard(parts, value);
  else if (node.op === '=' || node.op === '!=') result = value === node.value.text;
  else result = compare(value, node.op, node.value.text);
  return negate ? !result : result;
}

function compare(value: Scalar, op: string, literal: Scalar): boolean {
  const [a, b] = [value as string | number, literal as string | number];
  switch (op) {
    case '=':
      return a === b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

/** Whole-text match of `parts` joined by `*` (any run of characters). */
function wildcard(parts: readonly string[], value: string): boolean {
  const source = parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*');
  return new RegExp(`^${source}$`).test(value);
}

function starOnly(value: FilterValue): boolean {
  return value.wildcardParts !== undefined && value.wildcardParts.every((part) => part === '');
}

function fieldValue(row: ItemRow, field: string): Scalar {
  switch (field) {
    case 'timestamps.createdAt':
      return row.createdAt;
    case 'osType':
      return row.osType;
    default:
      return row[field as 'id' | 'name' | 'size' | 'enabled' | 'note'];
  }
}
