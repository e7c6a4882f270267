import { fail, fieldIssue, ok, type RuleOutcome } from './field-issue.js';
import { PROFILE_RULES as R } from './os-profile-rules.js';
import type { OsFamily, OsType } from './os-profile-types.js';

/**
 * Words that mark an Edge Microvisor Toolkit profile: "microvisor" (also in "Edge Microvisor
 * Toolkit"), its short name "emt" as a word of its own, and its earlier brand "tiber".
 */
const EMT_WORDS = /microvisor|tiber|(^|[^a-z])emt([^a-z]|$)/;
const UBUNTU_WORDS = /ubuntu/;

function familyOf(text: string): OsFamily {
  const lower = text.toLowerCase();
  if (EMT_WORDS.test(lower)) return 'emt';
  if (UBUNTU_WORDS.test(lower)) return 'ubuntu';
  return 'other';
}

/**
 * Derives the OS family from profileName, falling back to name when profileName says nothing:
 * `microvisor-nonrt` -> emt, `ubuntu-22.04-lts-generic` -> ubuntu, anything else -> other.
 * The family decides the osType rule here and, later, the disk layout and provisioning steps.
 */
export function deriveOsFamily(profileName: string, name: string): OsFamily {
  const fromProfileName = familyOf(profileName);
  return fromProfileName !== 'other' ? fromProfileName : familyOf(name);
}

/**
 * The seed's OS rule: Ubuntu is a mutable OS (updated in place with apt), so its profiles must be
 * OS_TYPE_MUTABLE; EMT is an immutable A/B image under dm-verity, so OS_TYPE_IMMUTABLE. Other
 * families may be either.
 */
export function checkFamilyOsType(family: OsFamily, osType: OsType): RuleOutcome<OsType> {
  if (family === 'ubuntu' && osType !== 'OS_TYPE_MUTABLE') return fail(fieldIssue('osType', R.ubuntuMutable));
  if (family === 'emt' && osType !== 'OS_TYPE_IMMUTABLE') return fail(fieldIssue('osType', R.emtImmutable));
  return ok(osType);
}
