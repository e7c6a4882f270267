import { fail, ok, type FieldIssue, type RuleOutcome, type RuleContext } from './field-issue.js';
import { checkFamilyOsType, deriveOsFamily } from './os-family.js';
import type { OsProfileFields, OsType, ProfileSource } from './os-profile-types.js';
import { readProfileBody, serverControlledIssues } from './profile-body.js';
import {
  FIELD_NORMALIZERS,
  PROFILE_INPUT_FIELDS,
  type ProfileInputField,
} from './profile-field-normalizers.js';

type FieldValues = { -readonly [K in ProfileInputField]: OsProfileFields[K] };

/** Runs every field's normaliser over `fields`; absent fields get their default or `required`. */
export function normalizeFieldValues(
  fields: Readonly<Record<string, unknown>>,
  ctx: RuleContext,
): RuleOutcome<FieldValues> {
  const issues: FieldIssue[] = [];
  const values: Record<string, unknown> = {};
  for (const field of PROFILE_INPUT_FIELDS) {
    const result = FIELD_NORMALIZERS[field](fields[field], ctx);
    if (result.ok) values[field] = result.value;
    else issues.push(...result.issues);
  }
  if (issues.length > 0) return fail(...issues);
  return ok(values as FieldValues);
}

/**
 * Normalises a complete profile body synchronously: the body check, every field rule, then the
 * OS family rule (Ubuntu mutable, EMT immutable). Server-controlled fields are refused. `source`
 * is what the caller says it is: 'custom' for client input, 'default' for the seeded profiles.
 */
export function normalizeProfileFields(
  input: unknown,
  ctx: RuleContext,
  source: ProfileSource,
): RuleOutcome<OsProfileFields> {
  const body = readProfileBody(input);
  if (!body.ok) return body;
  const refused = serverControlledIssues(Object.keys(body.value.serverControlled));
  const values = normalizeFieldValues(body.value.fields, ctx);
  if (!values.ok || refused.length > 0) return fail(...refused, ...(values.ok ? [] : values.issues));
  const osFamily = deriveOsFamily(values.value.profileName, values.value.name);
  const typeRule: RuleOutcome<OsType> = checkFamilyOsType(osFamily, values.value.osType);
  if (!typeRule.ok) return typeRule;
  return ok({ ...values.value, osFamily, source });
}

/**
 * Applies the rules to the body of a create (POST) in EMF's JSON field names and returns the normalised
 * fields (canonical enums, resolved URL, lower-case sha256, canonical PEM, flat metadata, defaults
 * filled, osFamily derived, source 'custom'), or every issue found. Unknown fields are refused
 * by name; resourceId, osFamily, source and timestamps are refused as server-controlled.
 * Asynchronous so that later rules may use WebCrypto without changing callers.
 */
export async function applyProfileCreateRules(
  input: unknown,
  ctx: RuleContext,
): Promise<RuleOutcome<OsProfileFields>> {
  return normalizeProfileFields(input, ctx, 'custom');
}
