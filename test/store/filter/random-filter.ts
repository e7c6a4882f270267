/**
 * Generates well-formed filters over the filter-test-table fields, with literals drawn from the
 * rows themselves (so they hit), then bent: other letter case, substrings, wildcards, literal
 * stars, LIKE/GLOB special characters, other spellings of the same timestamp or enum.
 */
import type { Rng } from '../../support/seeded-random.js';
import { ITEM_ROWS } from './filter-test-table.js';

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;

const TEXT_EXTRAS = ['', 'x', '%', '_', '[', '\\', '*', 'UBUNTU', '50', '.04'];
const TEXT_VALUES: Readonly<Record<string, readonly string[]>> = {
  name: ITEM_ROWS.map((row) => row.name),
  note: ITEM_ROWS.flatMap((row) => (row.note === null ? [] : [row.note])),
  'metadata.release': ITEM_ROWS.flatMap((row) =>
    row.metadata['release'] === undefined ? [] : [row.metadata['release']],
  ),
  'metadata.kernelVersion': ['6.6', '6'],
};

/** A quoted literal: `parts` are literal pieces joined by `*` wildcards. */
function quoted(parts: readonly string[]): string {
  return `"${parts.map((part) => part.replace(/[\\"*]/g, (char) => `\\${char}`)).join('*')}"`;
}

function textRestriction(rng: Rng): string {
  const field = pick(rng, Object.keys(TEXT_VALUES));
  let value = pick(rng, [...(TEXT_VALUES[field] ?? []), ...TEXT_EXTRAS]);
  const bend = rng();
  if (bend < 0.2) value = rng() < 0.5 ? value.toUpperCase() : value.toLowerCase();
  else if (bend < 0.4)
    value = value.slice(Math.floor(rng() * value.length), 1 + Math.floor(rng() * value.length));
  let parts = [value];
  if (rng() < 0.35) {
    const at = Math.floor(rng() * (value.length + 1));
    parts = rng() < 0.5 ? [value.slice(0, at), value.slice(at)] : ['', value.slice(at), ''];
  }
  const op = pick(rng, parts.length > 1 ? ['=', '!=', ':'] : ['=', '!=', ':', '<', '<=', '>', '>=']);
  return `${field}${pick(rng, [' ', ''])}${op}${pick(rng, [' ', ''])}${quoted(parts)}`;
}

function timestampLiteral(rng: Rng): string {
  const iso = pick(rng, ITEM_ROWS).createdAt;
  const forms = [
    iso,
    iso.replace('.000Z', 'Z'),
    `"${iso.slice(0, 10)}"`,
    iso.replace(/\.\d{3}Z$/, '+00:00'),
    '2026-11-25T20:00:00+01:00',
  ];
  return pick(rng, forms);
}

function typedRestriction(rng: Rng): string {
  const all = ['=', '!=', '<', '<=', '>', '>='];
  switch (pick(rng, ['enum', 'number', 'boolean', 'timestamp', 'mapKey'])) {
    case 'enum':
      return `${pick(rng, ['osType', 'os_type'])} ${pick(rng, ['=', '!='])} ${pick(rng, ['OS_TYPE_MUTABLE', 'MUTABLE', 'immutable'])}`;
    case 'number':
      return `size ${pick(rng, all)} ${pick(rng, ['10', '5.5', '-3', '0', '1e2', '7'])}`;
    case 'boolean':
      return `enabled ${pick(rng, ['=', '!='])} ${pick(rng, ['true', 'false', 'TRUE'])}`;
    case 'timestamp':
      return `${pick(rng, ['timestamps.createdAt', 'timestamps.created_at'])} ${pick(rng, all)} ${timestampLiteral(rng)}`;
    default:
      return pick(rng, [
        'metadata:release',
        'metadata:Release',
        'metadata:"app.io/name"',
        'metadata.release:*',
        'note:*',
        'has(note)',
        'has(name)',
        'has(metadata)',
        'has(metadata.release)',
        'has(metadata.kernelVersion)',
        'has(size)',
        'has(enabled)',
      ]);
  }
}

function restriction(rng: Rng): string {
  return rng() < 0.55 ? textRestriction(rng) : typedRestriction(rng);
}

/** A random filter text of at most `depth` levels of AND / OR / NOT / implicit AND. */
export function randomFilter(rng: Rng, depth = 3): string {
  if (depth === 0 || rng() < 0.35) return restriction(rng);
  const child = (): string => {
    const text = randomFilter(rng, depth - 1);
    return rng() < 0.5 ? `(${text})` : text;
  };
  switch (pick(rng, ['AND', 'OR', 'NOT', ' '])) {
    case 'NOT':
      return rng() < 0.5 ? `NOT (${randomFilter(rng, depth - 1)})` : `-${restriction(rng)}`;
    case ' ':
      return `${child()} ${child()}`;
    case 'AND':
      return `${child()} AND ${child()}`;
    default:
      return `${child()} OR ${child()}`;
  }
}
