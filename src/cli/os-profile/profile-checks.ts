import { CliError, EXIT } from '../cli-error.js';
import {
  DEFAULT_RELEASE_SERVICE_URL,
  FIELD_NORMALIZERS,
  PROFILE_INPUT_FIELDS,
  issuesToError,
  applyProfileCreateRules,
  type FieldIssue,
  type ProfileInputField,
} from '../../core/os-profile/index.js';

/**
 * The rules orchd applies, run before any request so that a broken field is reported at once in
 * orchd's exact words (both build the message with core's `issuesToError`). Relative image paths
 * are checked against the default Release Service; orchd resolves them against its own.
 */
const context = (now: Date) => ({ releaseServiceUrl: DEFAULT_RELEASE_SERVICE_URL, now });

/**
 * Broken rules exit 1, as orchd's 400 would. On the flag form a required field that is missing is
 * a missing flag: a usage error (exit 2), as every other incomplete command line is.
 */
const failure = (issues: readonly FieldIssue[], fromFlags = false): CliError =>
  new CliError(
    issuesToError(issues).message,
    fromFlags && issues.some((issue) => issue.rule.endsWith('.required')) ? EXIT.usage : EXIT.failed,
  );

/** Checks a create body with core's `applyProfileCreateRules`; throws CliError (exit 1; 2 for a missing flag when `fromFlags`). */
export async function checkCreateBody(
  body: Record<string, unknown>,
  now: Date,
  fromFlags = false,
): Promise<void> {
  const result = await applyProfileCreateRules(body, context(now));
  if (!result.ok) throw failure(result.issues, fromFlags);
}

const isInputField = (field: string): field is ProfileInputField =>
  (PROFILE_INPUT_FIELDS as readonly string[]).includes(field);

/** Checks each field of a PATCH body with its core normaliser; throws CliError (exit 1). */
export function checkPatchBody(body: Record<string, unknown>, now: Date): void {
  const issues: FieldIssue[] = [];
  for (const [field, value] of Object.entries(body)) {
    if (!isInputField(field)) continue;
    const result = FIELD_NORMALIZERS[field](value, context(now));
    if (!result.ok) issues.push(...result.issues);
  }
  if (issues.length > 0) throw failure(issues);
}
