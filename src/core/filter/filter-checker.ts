/**
 * Holds a parsed filter to a resource's field catalogue: every field must exist, every comparator
 * must suit the field's type, every literal must be one of the type's, and enum, boolean, number
 * and timestamp literals come out in their stored spelling.
 */
import { isOrchError, type OrchError } from '../errors/index.js';
import type { FilterNode, FilterValue } from './filter-ast.js';
import {
  canonicalFieldPath,
  isFilterableMapKey,
  resolveFilterField,
  type FilterFieldCatalog,
  type FilterFieldSpec,
} from './filter-field-catalog.js';
import { normalizeTimestampLiteral, parseBooleanLiteral, parseNumberLiteral } from './filter-literal.js';
import { filterRefusal, knownFieldList } from './filter-refusal.js';

type Restriction = Extract<FilterNode, { kind: 'compare' | 'has' }>;
type Presence = Extract<FilterNode, { kind: 'present' }>;
type Fail = (position: number, reason: string, field: string, cause?: unknown) => OrchError;

/**
 * Returns the filter with literals normalised, or throws OrchError InvalidArgument naming the
 * position and the field: unknown field (listing the known ones), a comparator the type does not
 * take (`<` on an enum, `:` on a number), wildcards outside `= != :` on text, or a literal of the
 * wrong type (a non-ISO timestamp, `yes` for a boolean, an enum value the catalogue does not list).
 * Pass the filter text to get the caret excerpt in messages.
 */
export function checkFilter(ast: FilterNode, catalog: FilterFieldCatalog, filterText?: string): FilterNode {
  const fail: Fail = (position, reason, field, cause) =>
    filterRefusal('filter', filterText, position, reason, { field }, cause);
  const visit = (node: FilterNode): FilterNode => {
    switch (node.kind) {
      case 'and':
      case 'or':
        return { ...node, operands: node.operands.map(visit) };
      case 'not':
        return { ...node, operand: visit(node.operand) };
      case 'present':
        return checkPresence(node, catalog, fail);
      default:
        return checkRestriction(node, catalog, fail);
    }
  };
  return visit(ast);
}

/** Resolves the field of a node (either spelling) or refuses it, listing the known fields. */
function resolve(node: Restriction | Presence, catalog: FilterFieldCatalog, fail: Fail) {
  const resolved = resolveFilterField(catalog, node.field);
  if (resolved) return resolved;
  throw fail(
    node.position,
    `unknown field "${node.field}"; known fields: ${knownFieldList(catalog)}`,
    node.field,
  );
}

/** `has(field)`: any known field or map key; the field comes back in the catalogue's spelling. */
function checkPresence(node: Presence, catalog: FilterFieldCatalog, fail: Fail): Presence {
  const resolved = resolve(node, catalog, fail);
  if (resolved.mapKey !== undefined && !isFilterableMapKey(resolved.mapKey)) {
    throw fail(node.position, 'a map key must not be empty nor hold ", \\ or control characters', node.field);
  }
  return { ...node, field: canonicalFieldPath(resolved) };
}

function checkRestriction(given: Restriction, catalog: FilterFieldCatalog, fail: Fail): Restriction {
  const resolved = resolve(given, catalog, fail);
  // Later layers (the store's column map) know the catalogue's spelling only.
  const node = { ...given, field: canonicalFieldPath(resolved) };
  const { spec, mapKey } = resolved;
  if (spec.type === 'map' && mapKey === undefined) {
    if (node.kind !== 'has') {
      throw fail(
        node.position,
        `"${node.field}" is a map: compare one key (${node.field}.<key> = "value") or test for a key (${node.field}:<key>)`,
        node.field,
      );
    }
    if (node.value.wildcardParts) {
      throw fail(node.value.position, 'a map key cannot hold wildcards', node.field);
    }
    if (!isFilterableMapKey(node.value.text)) {
      throw fail(
        node.value.position,
        'a map key must not be empty nor hold ", \\ or control characters',
        node.field,
      );
    }
    return node;
  }
  if (spec.type === 'string' || spec.type === 'map') return checkText(node, fail);
  const op = node.kind === 'has' ? ':' : node.op;
  const allowed =
    spec.type === 'number' || spec.type === 'timestamp' ? ['=', '!=', '<', '<=', '>', '>='] : ['=', '!='];
  if (!allowed.includes(op)) {
    throw fail(
      node.position,
      `"${node.field}" is ${article(spec.type)} ${spec.type} field: use ${allowed.join(' ')} (not ${op})`,
      node.field,
    );
  }
  if (node.value.wildcardParts) {
    throw fail(
      node.value.position,
      `wildcards only apply to text fields, and "${node.field}" is ${article(spec.type)} ${spec.type}`,
      node.field,
    );
  }
  const text = normalizeLiteral(node, spec, fail);
  return { ...node, value: { text, quoted: node.value.quoted, position: node.value.position } };
}

function checkText(node: Restriction, fail: Fail): Restriction {
  if (node.kind === 'compare' && node.value.wildcardParts && node.op !== '=' && node.op !== '!=') {
    throw fail(node.value.position, `wildcards only go with =, != and : (not ${node.op})`, node.field);
  }
  return node;
}

/** The stored spelling of the literal for an enum, number, boolean or timestamp field. */
function normalizeLiteral(node: Restriction, spec: FilterFieldSpec, fail: Fail): string {
  const { text, position } = node.value;
  const field = node.field;
  switch (spec.type) {
    case 'number': {
      const value = parseNumberLiteral(text);
      if (value === undefined)
        throw fail(position, `"${field}" takes a number, not ${JSON.stringify(text)}`, field);
      return String(value);
    }
    case 'boolean': {
      const value = parseBooleanLiteral(text);
      if (value === undefined)
        throw fail(position, `"${field}" takes true or false, not ${JSON.stringify(text)}`, field);
      return String(value);
    }
    case 'timestamp': {
      const value = normalizeTimestampLiteral(text);
      if (value === undefined) {
        throw fail(
          position,
          `"${field}" takes an ISO-8601 timestamp such as 2026-11-25T19:00:00Z, not ${JSON.stringify(text)}`,
          field,
        );
      }
      return value;
    }
    default:
      return normalizeEnum(node.value, field, spec, fail);
  }
}

function normalizeEnum(value: FilterValue, field: string, spec: FilterFieldSpec, fail: Fail): string {
  let text = value.text;
  try {
    text = spec.normalize ? spec.normalize(value.text) : value.text;
  } catch (error) {
    if (!isOrchError(error)) throw error;
    throw fail(value.position, error.message, field, error);
  }
  if (spec.values && !spec.values.includes(text)) {
    throw fail(
      value.position,
      `${JSON.stringify(value.text)} is not a value of "${field}"; values: ${spec.values.join(', ')}`,
      field,
    );
  }
  return text;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? 'an' : 'a';
}
