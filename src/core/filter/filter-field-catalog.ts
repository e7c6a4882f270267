import { toCamelCase } from './field-name-case.js';

/**
 * What a list endpoint lets clients filter and order on: API field names and their types. The
 * server declares one catalogue per resource; `checkFilter` / `checkOrderBy` hold requests to it.
 */
export const FILTER_FIELD_TYPES = ['string', 'enum', 'number', 'boolean', 'timestamp', 'map'] as const;
export type FilterFieldType = (typeof FILTER_FIELD_TYPES)[number];

/** One filterable field. */
export interface FilterFieldSpec {
  /**
   * - `string`: `= !=` exact (case-sensitive), `*` wildcards with `= !=`, `:` substring, `< <= > >=` by code point.
   * - `enum`: `= !=` only, literal passed through `normalize` and checked against `values`.
   * - `number`, `timestamp` (ISO-8601): all six comparators. `boolean`: `= !=` with true/false.
   * - `map` (a flat string map such as `metadata`): `metadata.key = "v"` like a string,
   *   `metadata:key` or `metadata.key:*` tests that the key exists.
   */
  readonly type: FilterFieldType;
  /** Maps a client's spelling to the stored one (e.g. `MUTABLE` -> `OS_TYPE_MUTABLE`); may throw OrchError. */
  readonly normalize?: (text: string) => string;
  /** For enums: the stored values; a normalised literal outside them is refused. */
  readonly values?: readonly string[];
  /** Whether `orderBy` may name the field. Default true, except for maps (never orderable). */
  readonly orderable?: boolean;
}

/** API field name (dotted paths such as `timestamps.createdAt` allowed) -> its spec. */
export type FilterFieldCatalog = Readonly<Record<string, FilterFieldSpec>>;

/** A field of a filter resolved against a catalogue; `mapKey` is set for `map.key` paths. */
export interface ResolvedFilterField<S extends { readonly type: FilterFieldType } = FilterFieldSpec> {
  readonly name: string;
  readonly spec: S;
  readonly mapKey?: string;
}

/**
 * Finds `field` in a catalogue (or in any record of `{type}` entries, such as the store's column
 * map): an exact entry first, then the same path in camelCase (EMF takes `os_type` for `osType`,
 * `timestamps.created_at` for `timestamps.createdAt`), else `<map>.<key>` where `<map>` (in either
 * spelling) is a map field and the key is everything after the first dot, kept as written.
 * `name` in the result is the catalogue's spelling. Undefined when unknown.
 */
export function resolveFilterField<S extends { readonly type: FilterFieldType }>(
  catalog: Readonly<Record<string, S>>,
  field: string,
): ResolvedFilterField<S> | undefined {
  for (const candidate of [field, toCamelCase(field)]) {
    const exact = Object.hasOwn(catalog, candidate) ? catalog[candidate] : undefined;
    if (exact) return { name: candidate, spec: exact };
  }
  const dot = field.indexOf('.');
  if (dot < 0) return undefined;
  const name = toCamelCase(field.slice(0, dot));
  const spec = Object.hasOwn(catalog, name) ? catalog[name] : undefined;
  return spec?.type === 'map' ? { name, spec, mapKey: field.slice(dot + 1) } : undefined;
}

/** The field as the catalogue spells it: `name`, or `name.key` for a map entry. */
export function canonicalFieldPath(
  resolved: ResolvedFilterField<{ readonly type: FilterFieldType }>,
): string {
  return resolved.mapKey === undefined ? resolved.name : `${resolved.name}.${resolved.mapKey}`;
}

/**
 * Whether `key` may name a map entry in a filter: not empty, and free of `"`, `\` and control
 * characters, which a SQLite JSON path cannot carry (refused on every dialect so results agree).
 */
export function isFilterableMapKey(key: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  return key !== '' && !/["\\\u0000-\u001f\u007f]/.test(key);
}
