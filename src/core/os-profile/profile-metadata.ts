import { hasMultiLineControl, hasSingleLineControl } from '../text/index.js';
import { fail, fieldIssue, ok, type FieldIssue, type RuleOutcome } from './field-issue.js';
import { METADATA_KEY_MAX_LENGTH, METADATA_MAX_JSON_LENGTH, PROFILE_RULES as R } from './os-profile-rules.js';
import { longerThan } from './profile-fields.js';
import { optionOfKey, PROVISIONING_OPTION_KEYS } from './provisioning-options.js';

const FIELD = 'metadata';
/** Longest metadata text parsed at all; generous for pretty-printed JSON of a 4096-character map. */
const RAW_TEXT_MAX_LENGTH = 16 * METADATA_MAX_JSON_LENGTH;
/** A Debian kernel package name (Debian Policy 5.6.1: lower case, digits, + - .). */
const KERNEL_PACKAGE = /^[a-z0-9][a-z0-9.+-]{1,127}$/;

/** Parses the raw input into a plain object, or the format issue. */
function toObject(raw: unknown): RuleOutcome<Record<string, unknown>> {
  let value = raw;
  if (typeof raw === 'string') {
    if (raw.trim() === '') return ok({});
    // Far past the limit whatever its whitespace: refuse before parsing it.
    if (raw.length > RAW_TEXT_MAX_LENGTH) return fail(fieldIssue(FIELD, R.metadataSize));
    try {
      value = JSON.parse(raw);
    } catch {
      return fail(fieldIssue(FIELD, R.metadataFormat));
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail(fieldIssue(FIELD, R.metadataFormat));
  }
  return ok(value as Record<string, unknown>);
}

/** Flattens one value: strings kept, numbers and booleans as their JSON text (YAML writes `true`). */
function flatValue(key: string, value: unknown): RuleOutcome<string> {
  if (typeof value === 'string')
    return hasMultiLineControl(value) ? fail(fieldIssue(FIELD, R.metadataValueCharacters, key)) : ok(value);
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean')
    return ok(String(value));
  return fail(fieldIssue(FIELD, R.metadataValue, key));
}

/** Checks the values of the keys provisioning reads, and that two spellings of one option agree. */
function checkOptions(metadata: Readonly<Record<string, string>>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Map<string, { key: string; value: string }>();
  for (const [key, value] of Object.entries(metadata)) {
    const option = optionOfKey(key);
    if (option === undefined) continue;
    const folded = value.trim().toLowerCase();
    if (PROVISIONING_OPTION_KEYS[option] === 'boolean' && folded !== 'true' && folded !== 'false') {
      issues.push(fieldIssue(FIELD, R.metadataBoolean, key, value));
    } else if (PROVISIONING_OPTION_KEYS[option] === 'kernel-package' && !KERNEL_PACKAGE.test(value.trim())) {
      issues.push(fieldIssue(FIELD, R.metadataKernelVersion, key, value));
    }
    const earlier = seen.get(option);
    if (earlier && earlier.value !== folded)
      issues.push(fieldIssue(FIELD, R.metadataConflict, earlier.key, key));
    seen.set(option, { key, value: folded });
  }
  return issues;
}

/**
 * Normalises `metadata`: a map or its JSON text (absent, null or '' mean `{}`); keys of 1..128
 * characters without control characters; values flat strings, where numbers and booleans are
 * accepted and stored as their text ("true", "5") because YAML manifests write them unquoted, and
 * nested objects, arrays and null are refused. The options provisioning reads
 * (skip_kernel_upgrade, kernelVersion, standalone-node, in any spelling) must hold valid values.
 * The whole map may take at most 4096 characters as compact JSON.
 */
export function normalizeMetadata(raw: unknown): RuleOutcome<Readonly<Record<string, string>>> {
  if (raw === undefined || raw === null) return ok({});
  const object = toObject(raw);
  if (!object.ok) return object;
  const issues: FieldIssue[] = [];
  const entries: [string, string][] = [];
  for (const [key, value] of Object.entries(object.value)) {
    if (key === '' || longerThan(key, METADATA_KEY_MAX_LENGTH) || hasSingleLineControl(key)) {
      issues.push(fieldIssue(FIELD, R.metadataKey, key));
      continue;
    }
    const flat = flatValue(key, value);
    if (flat.ok) entries.push([key, flat.value]);
    else issues.push(...flat.issues);
  }
  // fromEntries defines own properties, so a key such as "__proto__" is kept, not swallowed.
  const result: Record<string, string> = Object.fromEntries(entries);
  issues.push(...checkOptions(result));
  if (JSON.stringify(result).length > METADATA_MAX_JSON_LENGTH)
    issues.push(fieldIssue(FIELD, R.metadataSize));
  return issues.length > 0 ? fail(...issues) : ok(result);
}
