import {
  canonicalName,
  hasInvisibleCharacter,
  hasMultiLineControl,
  hasSingleLineControl,
} from '../text/index.js';
import { fail, fieldIssue, ok, type RuleOutcome } from './field-issue.js';
import {
  PROFILE_VERSION_MAX_LENGTH,
  ARCHITECTURE_MAX_LENGTH,
  DESCRIPTION_MAX_LENGTH,
  IMAGE_ID_MAX_LENGTH,
  NAME_MAX_LENGTH,
  PROFILE_NAME_MAX_LENGTH,
  PROFILE_RULES as R,
  TEXT_FIELD_MAX_LENGTH,
} from './os-profile-rules.js';

/** Default `architecture` when a body leaves it out (all EMF profiles are x86_64). */
export const DEFAULT_ARCHITECTURE = 'x86_64';

const PROFILE_NAME = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,${PROFILE_NAME_MAX_LENGTH - 1}}$`);
const IMAGE_ID = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._+-]{0,${IMAGE_ID_MAX_LENGTH - 1}}$`);
const ARCHITECTURE = new RegExp(`^[A-Za-z0-9_-]{1,${ARCHITECTURE_MAX_LENGTH}}$`);
const SHA256 = /^[0-9A-Fa-f]{64}$/;

/**
 * True when `text` has more than `max` characters as people count them (code points, not UTF-16
 * units). A code point takes at most two units, so huge inputs are judged without being split.
 */
export function longerThan(text: string, max: number): boolean {
  if (text.length <= max) return false;
  if (text.length > 2 * max) return true;
  let count = 0;
  for (const _ of text) if (++count > max) return true;
  return false;
}

const typeIssue = (field: string, expected = 'a string') => fieldIssue(field, R.fieldType, field, expected);

/**
 * `name`: trimmed and NFC-normalised, 1..128 characters, no control characters, and nothing
 * invisible or bidirectional (so look-alike duplicates cannot coexist).
 */
export function normalizeName(raw: unknown): RuleOutcome<string> {
  if (raw === undefined || raw === null) return fail(fieldIssue('name', R.nameRequired));
  if (typeof raw !== 'string') return fail(typeIssue('name'));
  const name = canonicalName(raw.trim());
  if (name === '') return fail(fieldIssue('name', R.nameRequired));
  if (longerThan(name, NAME_MAX_LENGTH)) return fail(fieldIssue('name', R.nameLength));
  if (hasSingleLineControl(name)) return fail(fieldIssue('name', R.nameCharacters));
  if (hasInvisibleCharacter(name)) return fail(fieldIssue('name', R.nameInvisible));
  return ok(name);
}

/** `profileName`: trimmed, letters, digits, `.`, `_`, `-`, starting alphanumeric, <= 128. */
export function normalizeProfileName(raw: unknown): RuleOutcome<string> {
  if (raw === undefined || raw === null) return fail(fieldIssue('profileName', R.profileNameRequired));
  if (typeof raw !== 'string') return fail(typeIssue('profileName'));
  const value = raw.trim();
  if (value === '') return fail(fieldIssue('profileName', R.profileNameRequired));
  return PROFILE_NAME.test(value) ? ok(value) : fail(fieldIssue('profileName', R.profileNameFormat));
}

/** `sha256`: 64 hex in any case, stored lower-case (EMF refuses upper case by accident, bug 2). */
export function normalizeSha256(raw: unknown): RuleOutcome<string> {
  if (raw === undefined || raw === null) return fail(fieldIssue('sha256', R.sha256Required));
  if (typeof raw !== 'string') return fail(typeIssue('sha256'));
  const value = raw.trim();
  if (value === '') return fail(fieldIssue('sha256', R.sha256Required));
  return SHA256.test(value) ? ok(value.toLowerCase()) : fail(fieldIssue('sha256', R.sha256Format));
}

/** `imageId` (the OS image version): required, a version-like token such as `3.0.20260602.2200`. */
export function normalizeImageId(raw: unknown): RuleOutcome<string> {
  if (raw === undefined || raw === null) return fail(fieldIssue('imageId', R.imageIdRequired));
  if (typeof raw !== 'string') return fail(typeIssue('imageId'));
  const value = raw.trim();
  if (value === '') return fail(fieldIssue('imageId', R.imageIdRequired));
  return IMAGE_ID.test(value) ? ok(value) : fail(fieldIssue('imageId', R.imageIdFormat));
}

/** `architecture`: defaults to x86_64 when absent or empty; a short token otherwise. */
export function normalizeArchitecture(raw: unknown): RuleOutcome<string> {
  if (raw === undefined || raw === null) return ok(DEFAULT_ARCHITECTURE);
  if (typeof raw !== 'string') return fail(typeIssue('architecture'));
  const value = raw.trim();
  if (value === '') return ok(DEFAULT_ARCHITECTURE);
  return ARCHITECTURE.test(value) ? ok(value) : fail(fieldIssue('architecture', R.architectureFormat));
}

/** `description`: free text kept as given (tab and line breaks allowed), at most 2048 characters. */
export function normalizeDescription(raw: unknown): RuleOutcome<string> {
  if (raw === undefined || raw === null) return ok('');
  if (typeof raw !== 'string') return fail(typeIssue('description'));
  if (longerThan(raw, DESCRIPTION_MAX_LENGTH)) return fail(fieldIssue('description', R.descriptionLength));
  return hasMultiLineControl(raw) ? fail(fieldIssue('description', R.descriptionCharacters)) : ok(raw);
}

/** `installedPackages`, `existingCves`, `fixedCves`: free (usually JSON) text, '' when absent. */
export function normalizeText(field: string, raw: unknown): RuleOutcome<string> {
  if (raw === undefined || raw === null) return ok('');
  if (typeof raw !== 'string') return fail(typeIssue(field));
  if (raw.length > TEXT_FIELD_MAX_LENGTH) return fail(fieldIssue(field, R.textLength, field));
  return hasMultiLineControl(raw) ? fail(fieldIssue(field, R.textCharacters, field)) : ok(raw);
}

/** `platformBundle`: a string kept as given, or an object stored as its compact JSON text. */
export function normalizePlatformBundle(raw: unknown): RuleOutcome<string> {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    return normalizeText('platformBundle', JSON.stringify(raw));
  }
  if (raw === undefined || raw === null || typeof raw === 'string')
    return normalizeText('platformBundle', raw);
  return fail(typeIssue('platformBundle', 'a string or a JSON object'));
}

// A URI reference (RFC 3986) never holds whitespace, control characters, a backslash or quotes.
// eslint-disable-next-line no-control-regex
const URI_REFERENCE = /^[^\s\u0000-\u001f\u007f-\u009f\\"<>{}|^`]+$/;

/**
 * `installedPackagesUrl`, `existingCvesUrl`, `fixedCvesUrl`, `repoUrl`: a URI reference (absolute
 * URL or relative path) as EMF takes it, trimmed, at most `max` characters; '' when absent. orchd
 * only stores it: nothing is fetched from it, so no scheme is imposed.
 */
export function normalizeReferenceUrl(field: string, raw: unknown, max: number): RuleOutcome<string> {
  if (raw === undefined || raw === null) return ok('');
  if (typeof raw !== 'string') return fail(typeIssue(field));
  const value = raw.trim();
  if (value === '') return ok('');
  if (longerThan(value, max)) return fail(fieldIssue(field, R.referenceUrlLength, field, max));
  return URI_REFERENCE.test(value) ? ok(value) : fail(fieldIssue(field, R.referenceUrlFormat, field));
}

/** `profileVersion`: EMF's version of the profile family, free text without control characters. */
export function normalizeProfileVersion(raw: unknown): RuleOutcome<string> {
  if (raw === undefined || raw === null) return ok('');
  if (typeof raw !== 'string') return fail(typeIssue('profileVersion'));
  const value = raw.trim();
  if (longerThan(value, PROFILE_VERSION_MAX_LENGTH) || hasSingleLineControl(value)) {
    return fail(fieldIssue('profileVersion', R.profileVersionFormat));
  }
  return ok(value);
}
