import { fail, fieldIssue, ok, quoteInput, rule, type RuleOutcome } from './field-issue.js';
import { PROFILE_RULES } from './os-profile-rules.js';
import {
  OS_FAMILIES,
  PROFILE_SOURCES,
  type OsProvider,
  type OsType,
  type SecurityFeature,
} from './os-profile-types.js';

/**
 * Every spelling users type for the enum fields, canonical value first. EMF itself has used three
 * generations of names (short `MUTABLE`, `OPERATING_SYSTEM_TYPE_*`, `OS_TYPE_*`); all are accepted,
 * case-insensitively and trimmed, and stored in the canonical spelling.
 */
export const ENUM_ALIASES = Object.freeze({
  osType: {
    OS_TYPE_MUTABLE: ['OS_TYPE_MUTABLE', 'MUTABLE', 'OPERATING_SYSTEM_TYPE_MUTABLE'],
    OS_TYPE_IMMUTABLE: ['OS_TYPE_IMMUTABLE', 'IMMUTABLE', 'OPERATING_SYSTEM_TYPE_IMMUTABLE'],
  },
  osProvider: {
    OS_PROVIDER_KIND_INFRA: ['OS_PROVIDER_KIND_INFRA', 'INFRA', 'OPERATING_SYSTEM_PROVIDER_INFRA'],
    OS_PROVIDER_KIND_LENOVO: ['OS_PROVIDER_KIND_LENOVO', 'LENOVO', 'OPERATING_SYSTEM_PROVIDER_LENOVO'],
  },
  securityFeature: {
    SECURITY_FEATURE_NONE: ['SECURITY_FEATURE_NONE', 'NONE'],
    SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION: [
      'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION',
      'SB_FDE',
      'SECURE_BOOT_AND_FULL_DISK_ENCRYPTION',
    ],
  },
} as const satisfies {
  osType: Record<OsType, readonly string[]>;
  osProvider: Record<OsProvider, readonly string[]>;
  securityFeature: Record<SecurityFeature, readonly string[]>;
});

/** The placeholder values of EMF's protobuf enums: recognised so the refusal can say why. */
export const UNSPECIFIED_ALIASES = Object.freeze({
  osType: ['UNSPECIFIED', 'OS_TYPE_UNSPECIFIED', 'OPERATING_SYSTEM_TYPE_UNSPECIFIED'],
  osProvider: ['UNSPECIFIED', 'OS_PROVIDER_KIND_UNSPECIFIED', 'OPERATING_SYSTEM_PROVIDER_UNSPECIFIED'],
  securityFeature: ['UNSPECIFIED', 'SECURITY_FEATURE_UNSPECIFIED'],
} as const);

/** A field whose values go through {@link normalizeEnumValue}. */
export type EnumField = 'osType' | 'osProvider' | 'securityFeature' | 'osFamily' | 'source';
export const ENUM_FIELDS: readonly EnumField[] = [
  'osType',
  'osProvider',
  'securityFeature',
  'osFamily',
  'source',
];

/** Rules of the enum fields: the same two for each, so their messages share one shape. */
export const ENUM_RULES = Object.freeze({
  unspecified: rule(
    'enum.unspecified',
    (field: string, value: string, choices: readonly string[]) =>
      `${field} must not be ${value}: choose ${choices.join(' or ')}.`,
  ),
  unknown: rule(
    'enum.unknown',
    (field: string, value: string, accepted: readonly string[]) =>
      `${field} ${quoteInput(value)} is not recognised; accepted spellings are ${accepted.join(', ')}.`,
  ),
});

/** True when `field` names one of the enum fields. */
export function isEnumField(field: string): field is EnumField {
  return (ENUM_FIELDS as readonly string[]).includes(field);
}

interface Spellings {
  /** Canonical values, in declaration order. */
  readonly canonical: readonly string[];
  /** Every accepted spelling as written in docs and messages, canonical values first. */
  readonly accepted: readonly string[];
  /** Upper-cased spelling -> canonical value. */
  readonly table: ReadonlyMap<string, string>;
}

/** Builds the canonical values and accepted spellings of one enum field. */
function buildSpellings(field: EnumField): Spellings {
  if (field === 'osFamily' || field === 'source') {
    const values = field === 'osFamily' ? OS_FAMILIES : PROFILE_SOURCES;
    return { canonical: values, accepted: values, table: new Map(values.map((v) => [v.toUpperCase(), v])) };
  }
  const aliases: Readonly<Record<string, readonly string[]>> = ENUM_ALIASES[field];
  const table = new Map<string, string>();
  for (const [canonical, spellings] of Object.entries(aliases)) {
    for (const spelling of spellings) table.set(spelling, canonical);
  }
  const canonical = Object.keys(aliases);
  return {
    canonical,
    accepted: [...canonical, ...[...table.keys()].filter((s) => !canonical.includes(s))],
    table,
  };
}

/** Built once: the tables are constants derived from ENUM_ALIASES and the type tuples. */
const SPELLINGS: Readonly<Record<EnumField, Spellings>> = Object.freeze(
  Object.fromEntries(ENUM_FIELDS.map((field) => [field, buildSpellings(field)])) as Record<
    EnumField,
    Spellings
  >,
);
const spellingsOf = (field: EnumField): Spellings => SPELLINGS[field];

/** Every accepted spelling of `field`, canonical values first (the list an error message shows). */
export function acceptedSpellings(field: EnumField): readonly string[] {
  return spellingsOf(field).accepted;
}

/**
 * Normalises one enum literal: trims it, matches any accepted spelling case-insensitively and
 * returns the canonical value, or an issue listing the accepted spellings (UNSPECIFIED is refused
 * with its own message). The filter compiler uses it so `osType = MUTABLE` means OS_TYPE_MUTABLE.
 */
export function normalizeEnumValue(field: EnumField, text: string): RuleOutcome<string> {
  const { canonical, accepted, table } = spellingsOf(field);
  const key = text.trim().toUpperCase();
  const found = table.get(key);
  if (found !== undefined) return ok(found);
  const placeholders: Partial<Record<EnumField, readonly string[]>> = UNSPECIFIED_ALIASES;
  const unspecified = placeholders[field] ?? [];
  if (unspecified.includes(key))
    return fail(fieldIssue(field, ENUM_RULES.unspecified, field, key, canonical));
  return fail(fieldIssue(field, ENUM_RULES.unknown, field, text.trim(), accepted));
}

/** Narrows a raw input to a string first, so numbers or objects get the usual type message. */
function normalizeTyped<T extends string>(field: EnumField, raw: unknown): RuleOutcome<T> {
  if (typeof raw !== 'string') return fail(fieldIssue(field, PROFILE_RULES.fieldType, field, 'a string'));
  return normalizeEnumValue(field, raw) as RuleOutcome<T>;
}

/** `osType`: MUTABLE / OS_TYPE_MUTABLE / OPERATING_SYSTEM_TYPE_MUTABLE (and IMMUTABLE forms). */
export const normalizeOsType = (raw: unknown): RuleOutcome<OsType> => normalizeTyped<OsType>('osType', raw);
/** `osProvider`: INFRA / OS_PROVIDER_KIND_INFRA / OPERATING_SYSTEM_PROVIDER_INFRA (and LENOVO forms). */
export const normalizeOsProvider = (raw: unknown): RuleOutcome<OsProvider> =>
  normalizeTyped<OsProvider>('osProvider', raw);
/** `securityFeature`: NONE / SB_FDE / SECURITY_FEATURE_* (and SECURE_BOOT_AND_FULL_DISK_ENCRYPTION). */
export const normalizeSecurityFeature = (raw: unknown): RuleOutcome<SecurityFeature> =>
  normalizeTyped<SecurityFeature>('securityFeature', raw);
