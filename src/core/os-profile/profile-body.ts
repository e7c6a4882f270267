import { fail, fieldIssue, ok, type FieldIssue, type RuleOutcome } from './field-issue.js';
import { PROFILE_RULES as R } from './os-profile-rules.js';
import { PROFILE_INPUT_FIELDS, SERVER_CONTROLLED_FIELDS } from './profile-field-normalizers.js';

/** A body split into the fields the rules read and the server-controlled ones it was given. */
export interface ProfileBody {
  readonly fields: Readonly<Record<string, unknown>>;
  readonly serverControlled: Readonly<Record<string, unknown>>;
}

const isInputField = (key: string): boolean => (PROFILE_INPUT_FIELDS as readonly string[]).includes(key);
const isServerControlled = (key: string): boolean =>
  (SERVER_CONTROLLED_FIELDS as readonly string[]).includes(key);

/**
 * Checks that the body is a JSON object naming only known fields. Unknown fields are refused,
 * all named in one issue with the accepted list; server-controlled ones are returned apart so the
 * caller decides (create refuses them, PUT/PATCH accept them when unchanged). Keys whose value is
 * `undefined` are treated as absent.
 */
export function readProfileBody(input: unknown): RuleOutcome<ProfileBody> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return fail(fieldIssue('body', R.bodyObject));
  }
  const fields: Record<string, unknown> = {};
  const serverControlled: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (isInputField(key)) fields[key] = value;
    else if (isServerControlled(key)) serverControlled[key] = value;
    else unknown.push(key);
  }
  if (unknown.length > 0) return fail(fieldIssue('body', R.unknownField, unknown, PROFILE_INPUT_FIELDS));
  return ok({ fields, serverControlled });
}

/** The issue refusing server-controlled fields, or none when the list is empty. */
export function serverControlledIssues(names: readonly string[]): FieldIssue[] {
  return names.length > 0 ? [fieldIssue('body', R.serverControlled, names)] : [];
}
