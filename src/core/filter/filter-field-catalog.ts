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
 * map): an exact entry first, else `<map>.<key>` where `<map>` is a map field (the key is
 * everything after the first dot). Undefined when unknown.
 */
export function resolveFilterField<S extends { readonly type: FilterFieldType }>(
  catalog: Readonly<Record<string, S>>,
  field: string,
): ResolvedFilterField<S> | undefined {
  const exact = Object.hasOwn(catalog, field) ? catalog[field] : undefined;
  if (exact) return { name: field, spec: exact };
  const dot = field.indexOf('.');
  if (dot < 0) return undefined;
  const name = field.slice(0, dot);
  const spec = Object.hasOwn(catalog, name) ? catalog[name] : undefined;
  return spec?.type === 'map' ? { name, spec, mapKey: field.slice(dot + 1) } : undefined;
}

/**
 * Whether `key` may name a map entry in a filter: not empty, and free of `"`, `\` and control
 * characters, which a SQLite JSON path cannot carry (refused on every dialect so results agree).
 */
export function isFilterableMapKey(key: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  return key !== '' && !/["\\\u0000-\u001f\u007f]/.test(key);
}
