/**
 * A small table whose rows are picked to separate the semantics the filter compiler promises:
 * exact vs substring, letter case, LIKE/GLOB special characters in data, NULLs, JSON map keys,
 * timestamps a millisecond apart, ties for the order tiebreaker.
 */
import { sql, type Kysely } from 'kysely';
import type { FilterFieldCatalog } from '../../../src/core/filter/filter-field-catalog.js';
import type { FilterColumnMap } from '../../../src/store/filter/filter-column-map.js';
import { reverseCodePoints } from '../../../src/store/filter/reversed-text.js';

export interface ItemTable {
  id: string;
  name: string;
  name_reversed: string;
  os_type: string;
  size: number | null;
  enabled: boolean | number;
  created_at: string;
  note: string | null;
  metadata: string;
}

export const ITEM_COLUMNS: FilterColumnMap = {
  id: { column: 'id', type: 'string' },
  // Suffix patterns also read the reversed column (a prefix range), as on os_profiles.
  name: { column: 'name', type: 'string', reversedColumn: 'name_reversed' },
  osType: { column: 'os_type', type: 'enum' },
  size: { column: 'size', type: 'number', nullable: true },
  enabled: { column: 'enabled', type: 'boolean' },
  'timestamps.createdAt': { column: 'created_at', type: 'timestamp' },
  note: { column: 'note', type: 'string', nullable: true },
  metadata: { column: 'metadata', type: 'map' },
};

/** The API side of the same fields; `osType` accepts `MUTABLE` as the profile rules' aliases do. */
export const ITEM_CATALOG: FilterFieldCatalog = Object.fromEntries(
  Object.entries(ITEM_COLUMNS).map(([field, { type }]) => [
    field,
    field === 'osType'
      ? {
          type,
          values: ['OS_TYPE_MUTABLE', 'OS_TYPE_IMMUTABLE'],
          normalize: (text: string) =>
            text.toUpperCase().startsWith('OS_TYPE_') ? text : `OS_TYPE_${text.toUpperCase()}`,
        }
      : { type },
  ]),
);

type Row = [
  id: string,
  name: string,
  mutable: boolean,
  size: number | null,
  enabled: boolean,
  createdAt: string,
  note: string | null,
  metadata: Record<string, string>,
];

const ROWS: readonly Row[] = [
  [
    'a1',
    'Ubuntu',
    true,
    10,
    true,
    '2026-11-25T19:00:00.000Z',
    null,
    { release: '24.04', 'standalone-node': 'true' },
  ],
  ['a2', 'ubuntu-22.04', true, 20, false, '2026-11-25T19:00:00.001Z', 'x', { release: '22.04' }],
  ['a3', 'EMT 3.0', false, 5, true, '2026-11-24T00:00:00.000Z', 'Hello', {}],
  ['a4', '50%_off', true, null, false, '2026-01-01T00:00:00.000Z', '', { release: '50%_x' }],
  [
    'a5',
    '50xyoff',
    false,
    100,
    true,
    '2025-12-31T23:59:59.999Z',
    null,
    { kernelVersion: '6.6', 'app.io/name': 'x y' },
  ],
  ['a6', 'a*b[c]?', true, 7, false, '2026-11-26T00:00:00.000Z', 'UBUNTU', { release: 'a*b' }],
  ['a7', 'UBUNTU', false, 10, true, '2026-11-25T19:00:00.000Z', 'ubuntu', { Release: '24.04' }],
  ['a8', 'back\\slash', true, -3, true, '2026-11-25T18:00:00.000Z', 'a_b', { release: '' }],
];

/** One row as the API sees it. */
export interface ItemRow {
  readonly id: string;
  readonly name: string;
  readonly osType: string;
  readonly size: number | null;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly note: string | null;
  readonly metadata: Readonly<Record<string, string>>;
}

export const ITEM_ROWS: readonly ItemRow[] = ROWS.map(
  ([id, name, mutable, size, enabled, createdAt, note, metadata]) => ({
    id,
    name,
    osType: mutable ? 'OS_TYPE_MUTABLE' : 'OS_TYPE_IMMUTABLE',
    size,
    enabled,
    createdAt,
    note,
    metadata,
  }),
);

export const ITEMS = ITEM_ROWS.map((row) => row.id);

/**
 * Creates and fills `item`; booleans are INTEGER 0/1 on SQLite and BOOLEAN on PostgreSQL. On
 * PostgreSQL the text columns use a linguistic collation (ICU `en`, where `Ubuntu` sorts after
 * `a`), so the tests prove that comparisons and ordering go by code point whatever the locale.
 */
export async function createItemTable<DB>(db: Kysely<DB>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const raw = db as unknown as Kysely<{ item: ItemTable }>;
  const text = dialect === 'postgres' ? sql`text collate "en-x-icu"` : 'text';
  await raw.schema
    .createTable('item')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('name_reversed', text, (c) => c.notNull())
    .addColumn('os_type', text, (c) => c.notNull())
    .addColumn('size', 'integer')
    .addColumn('enabled', dialect === 'sqlite' ? 'integer' : 'boolean', (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('note', text)
    .addColumn('metadata', 'text', (c) => c.notNull())
    .execute();
  await raw
    .insertInto('item')
    .values(
      ITEM_ROWS.map((row) => ({
        id: row.id,
        name: row.name,
        name_reversed: reverseCodePoints(row.name),
        os_type: row.osType,
        size: row.size,
        enabled: dialect === 'sqlite' ? Number(row.enabled) : row.enabled,
        created_at: row.createdAt,
        note: row.note,
        metadata: JSON.stringify(row.metadata),
      })),
    )
    .execute();
}

/** Filter -> the ids it must select (any order; results are compared sorted by id). */
export const FILTER_CASES: readonly (readonly [string, readonly string[]])[] = [
  // exact and case-sensitive, unlike EMF's substring match
  ['name = "Ubuntu"', ['a1']],
  ['name = ubuntu', []],
  ['name != "Ubuntu"', ['a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8']],
  ['name = Ubuntu OR name = UBUNTU OR size = 100', ['a1', 'a5', 'a7']],
  // wildcards and substrings, case-sensitive on both dialects
  ['name = "ubuntu*"', ['a2']],
  ['name = "*buntu*"', ['a1', 'a2']],
  ['name:buntu', ['a1', 'a2']],
  ['name:BUNTU', ['a7']],
  // a literal suffix also reads the reversed column: same answers, with or without a prefix
  ['name = "*off"', ['a4', 'a5']],
  ['name = "50*off"', ['a4', 'a5']],
  ['name = "*UNTU"', ['a7']],
  ['name = "u*4"', ['a2']],
  ['name = "*buntu"', ['a1']],
  ['name != "*off"', ['a1', 'a2', 'a3', 'a6', 'a7', 'a8']],
  ['NOT name = "*0"', ['a1', 'a2', 'a4', 'a5', 'a6', 'a7', 'a8']],
  ['name = *', ITEMS],
  // LIKE / GLOB special characters in data and in literals match only themselves
  ['name = "50%_off"', ['a4']],
  ['name = "50%*"', ['a4']],
  ['name = "50_*"', []],
  ['name = "*%_*"', ['a4']],
  ['name = "a\\*b[c]?"', ['a6']],
  ['name = "a\\**"', ['a6']],
  ['name = "*[c]?"', ['a6']],
  ['name:"\\\\"', ['a8']],
  ['note:"_"', ['a8']],
  // ordering comparisons on text go by code point
  ['name < "a"', ['a1', 'a3', 'a4', 'a5', 'a7']],
  ['name >= "a"', ['a2', 'a6', 'a8']],
  // enums, with the alias normalised by checkFilter
  ['osType = OS_TYPE_IMMUTABLE', ['a3', 'a5', 'a7']],
  ['osType = MUTABLE', ['a1', 'a2', 'a4', 'a6', 'a8']],
  ['osType != immutable', ['a1', 'a2', 'a4', 'a6', 'a8']],
  ['osType != OS_TYPE_IMMUTABLE', ['a1', 'a2', 'a4', 'a6', 'a8']],
  // numbers, with a NULL that fails positive tests and passes != and NOT
  ['size > 7', ['a1', 'a2', 'a5', 'a7']],
  ['size <= 7', ['a3', 'a6', 'a8']],
  ['size != 10', ['a2', 'a3', 'a4', 'a5', 'a6', 'a8']],
  ['NOT size > 7', ['a3', 'a4', 'a6', 'a8']],
  ['size = -3', ['a8']],
  ['size >= 1e1', ['a1', 'a2', 'a5', 'a7']],
  ['size < 5.5', ['a3', 'a8']],
  ['size = 10.0', ['a1', 'a7']],
  ['size < 1e300', ['a1', 'a2', 'a3', 'a5', 'a6', 'a7', 'a8']],
  // booleans
  ['enabled = true', ['a1', 'a3', 'a5', 'a7', 'a8']],
  ['enabled = FALSE', ['a2', 'a4', 'a6']],
  // timestamps: literals normalised to the stored ISO form, compared as text
  ['timestamps.createdAt = "2026-11-25T19:00:00Z"', ['a1', 'a7']],
  ['timestamps.createdAt > 2026-11-25T19:00:00Z', ['a2', 'a6']],
  ['timestamps.createdAt >= "2026-11-25T20:00:00+01:00"', ['a1', 'a2', 'a6', 'a7']],
  ['timestamps.createdAt < 2026-01-01', ['a5']],
  ['timestamps.createdAt <= 2026-01-01', ['a4', 'a5']],
  // nullable strings
  ['note = ""', ['a4']],
  ['note != "x"', ['a1', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8']],
  ['note:*', ['a2', 'a3', 'a6', 'a7', 'a8']],
  ['NOT note:*', ['a1', 'a4', 'a5']],
  // the metadata map (JSON text): keys are case-sensitive, absent keys pass != and NOT
  ['metadata.release = "24.04"', ['a1']],
  ['metadata.release != "24.04"', ['a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8']],
  ['metadata:release', ['a1', 'a2', 'a4', 'a6', 'a8']],
  ['metadata.release:*', ['a1', 'a2', 'a4', 'a6', 'a8']],
  ['NOT metadata:release', ['a3', 'a5', 'a7']],
  ['metadata.release = "*.04"', ['a1', 'a2']],
  ['metadata.release = "50%*"', ['a4']],
  ['metadata.release = "a\\*b"', ['a6']],
  ['metadata.release = ""', ['a8']],
  ['metadata.standalone-node = true', ['a1']],
  ['metadata.release > "3"', ['a4', 'a6']],
  ['metadata.kernelVersion:"6"', ['a5']],
  ['metadata:"app.io/name"', ['a5']],
  ['metadata:app', []],
  // NOT, OR, parentheses and AIP-160 precedence
  ['(osType = OS_TYPE_MUTABLE AND size > 5) OR name = "EMT 3.0"', ['a1', 'a2', 'a3', 'a6']],
  ['osType = OS_TYPE_MUTABLE AND size > 5 OR name = "EMT 3.0"', ['a1', 'a2', 'a6']],
  ['-osType = OS_TYPE_MUTABLE enabled = true', ['a3', 'a5', 'a7']],
  ['NOT (name:buntu OR name:BUNTU)', ['a3', 'a4', 'a5', 'a6', 'a8']],
];

/** orderBy -> the exact id sequence (NULLs last ascending, first descending; ties by id). */
export const ORDER_CASES: readonly (readonly [string, readonly string[]])[] = [
  ['', ITEMS],
  ['size desc', ['a4', 'a5', 'a2', 'a1', 'a7', 'a6', 'a3', 'a8']],
  ['size', ['a8', 'a3', 'a6', 'a1', 'a7', 'a2', 'a5', 'a4']],
  ['name', ['a4', 'a5', 'a3', 'a7', 'a1', 'a6', 'a8', 'a2']],
  ['timestamps.createdAt desc, name', ['a6', 'a2', 'a7', 'a1', 'a8', 'a3', 'a4', 'a5']],
  ['osType, enabled desc', ['a3', 'a5', 'a7', 'a1', 'a8', 'a2', 'a4', 'a6']],
  ['note', ['a4', 'a3', 'a6', 'a8', 'a7', 'a2', 'a1', 'a5']],
  ['id desc', [...ITEMS].reverse()],
];
