import { fail, fieldIssue, ok, type FieldIssue, type RuleOutcome, type RuleContext } from './field-issue.js';
import { PROFILE_RULES as R } from './os-profile-rules.js';
import {
  MUTABLE_PROFILE_FIELDS,
  type MutableProfileField,
  type OsProfile,
  type OsProfileChanges,
} from './os-profile-types.js';
import { readProfileBody, serverControlledIssues } from './profile-body.js';
import {
  FIELD_NORMALIZERS,
  PROFILE_INPUT_FIELDS,
  type ProfileInputField,
} from './profile-field-normalizers.js';
import { normalizeProfileFields } from './profile-create-rules.js';

/** How a change body is read: PATCH names only what changes, PUT is the whole profile. */
export type ChangeMode = 'patch' | 'put';

const isMutable = (field: string): field is MutableProfileField =>
  (MUTABLE_PROFILE_FIELDS as readonly string[]).includes(field);

/** The fields fixed at creation: everything an operator may send except the mutable four. */
export const IMMUTABLE_PROFILE_FIELDS: readonly ProfileInputField[] = PROFILE_INPUT_FIELDS.filter(
  (field) => !isMutable(field),
);

/**
 * Server-controlled fields are tolerated in a change body only when they repeat the stored values
 * (a client that GETs, edits and PUTs sends them back); timestamps are ignored.
 */
function changedServerFields(existing: OsProfile, given: Readonly<Record<string, unknown>>): string[] {
  const current: Record<string, unknown> = {
    resourceId: existing.resourceId,
    osResourceID: existing.resourceId,
    osFamily: existing.osFamily,
    source: existing.source,
  };
  return Object.keys(given).filter((key) => key !== 'timestamps' && given[key] !== current[key]);
}

/** A stored field's value; an optional text field a profile predates (secureBootCerts) reads ''. */
function storedValue(existing: OsProfile, field: ProfileInputField): unknown {
  return existing[field] ?? '';
}

/**
 * PATCH: each field the mask names (every field present in the body when there is no mask) is
 * normalised; mutable ones become changes, others must not differ. A masked mutable field absent
 * from the body is reset to its default (EMF clears it); a masked immutable one absent is left.
 */
function patchChanges(
  existing: OsProfile,
  fields: Readonly<Record<string, unknown>>,
  ctx: RuleContext,
  mask: readonly string[] | undefined,
): RuleOutcome<OsProfileChanges> {
  const issues: FieldIssue[] = [];
  const changes: Record<string, unknown> = {};
  for (const field of PROFILE_INPUT_FIELDS) {
    const present = field in fields;
    if (mask ? !mask.includes(field) || (!present && !isMutable(field)) : !present) continue;
    const result = FIELD_NORMALIZERS[field](fields[field], ctx);
    if (!result.ok) issues.push(...result.issues);
    else if (isMutable(field)) changes[field] = result.value;
    else if (result.value !== storedValue(existing, field))
      issues.push(fieldIssue(field, R.immutableField, field));
  }
  return issues.length > 0 ? fail(...issues) : ok(changes as OsProfileChanges);
}

/** PUT: the body is a whole profile; immutable fields must equal the stored ones. */
function putChanges(
  existing: OsProfile,
  fields: Readonly<Record<string, unknown>>,
  ctx: RuleContext,
): RuleOutcome<OsProfileChanges> {
  const whole = normalizeProfileFields(fields, ctx, existing.source);
  if (!whole.ok) return whole;
  const issues = IMMUTABLE_PROFILE_FIELDS.filter(
    (field) => (whole.value[field] ?? '') !== storedValue(existing, field),
  ).map((field) => fieldIssue(field, R.immutableField, field));
  if (issues.length > 0) return fail(...issues);
  const changes = Object.fromEntries(MUTABLE_PROFILE_FIELDS.map((field) => [field, whole.value[field]]));
  return ok(changes as OsProfileChanges);
}

/**
 * Applies the rules to a PATCH or PUT body against the stored profile. PATCH may change name, description,
 * metadata, architecture, tlsCaCert (certificate rotation; '' or null returns to the system
 * roots, null resets the other mutable fields to their defaults) and the Secure Boot policy
 * (secureBootCerts, secureBootDbx, secureBootMokCerts, sbatLevel: a node's db, dbx and MOK list
 * change over its life); any other field present with a
 * value that differs once normalised is refused, naming the field and saying to create a new
 * profile. With a field mask (EMF's `fieldMask`, read by `readProfileFieldMask`) PATCH looks only
 * at the fields it names: the others in the body are ignored, and a named mutable field missing
 * from the body is reset. PUT is a full replacement: every rule of create applies, immutable
 * fields must equal the stored ones, and all mutable fields are returned (absent ones at their
 * defaults). Metadata is replaced as a whole, never merged.
 */
export async function applyProfileChangeRules(
  existing: OsProfile,
  input: unknown,
  mode: ChangeMode,
  ctx: RuleContext,
  fieldMask?: readonly string[],
): Promise<RuleOutcome<OsProfileChanges>> {
  const body = readProfileBody(input);
  if (!body.ok) return body;
  // A mask names only client fields: the server-controlled ones in the body are then ignored.
  const given = fieldMask ? {} : body.value.serverControlled;
  const refused = serverControlledIssues(changedServerFields(existing, given));
  const changes =
    mode === 'patch'
      ? patchChanges(existing, body.value.fields, ctx, fieldMask)
      : putChanges(existing, body.value.fields, ctx);
  if (refused.length > 0) return fail(...refused, ...(changes.ok ? [] : changes.issues));
  return changes;
}
