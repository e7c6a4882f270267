import { parseCertificates, toPem } from '../certificates/index.js';
import { parseDbxInput, parseSbatLevel } from '../secure-boot/index.js';
import { fail, fieldIssue, ok, type FieldIssue, type RuleOutcome, type RuleContext } from './field-issue.js';
import { normalizeImageUrl } from './image-url.js';
import {
  normalizeOsProvider,
  normalizeOsType,
  normalizeSecurityFeature,
  UNSPECIFIED_ALIASES,
} from './os-profile-aliases.js';
import {
  INSTALLED_PACKAGES_URL_MAX_LENGTH,
  PROFILE_RULES as R,
  REFERENCE_URL_MAX_LENGTH,
  SECURE_BOOT_DBX_MAX_LENGTH,
} from './os-profile-rules.js';
import type { OsProfileFields } from './os-profile-types.js';
import { normalizeMetadata } from './profile-metadata.js';
import {
  normalizeArchitecture,
  normalizeDescription,
  normalizeImageId,
  normalizeName,
  normalizePlatformBundle,
  normalizeProfileName,
  normalizeProfileVersion,
  normalizeReferenceUrl,
  normalizeSha256,
  normalizeText,
} from './profile-fields.js';

/** The JSON fields a client may send, in EMF's names and in the order issues are reported. */
export const PROFILE_INPUT_FIELDS = [
  'name',
  'profileName',
  'imageUrl',
  'imageId',
  'sha256',
  'osType',
  'osProvider',
  'securityFeature',
  'tlsCaCert',
  'secureBootCerts',
  'secureBootDbx',
  'secureBootMokCerts',
  'sbatLevel',
  'metadata',
  'description',
  'architecture',
  'installedPackages',
  'existingCves',
  'fixedCves',
  'platformBundle',
  'installedPackagesUrl',
  'existingCvesUrl',
  'fixedCvesUrl',
  'repoUrl',
  'profileVersion',
] as const satisfies readonly (keyof OsProfileFields)[];
export type ProfileInputField = (typeof PROFILE_INPUT_FIELDS)[number];

/**
 * Fields the server fills in; a client body naming them is told so (`osResourceID` is EMF's
 * read-only copy of `resourceId`).
 */
export const SERVER_CONTROLLED_FIELDS = [
  'resourceId',
  'osResourceID',
  'osFamily',
  'source',
  'timestamps',
] as const;

/** Treats '' (after trimming) like an absent value, for optional enum fields. */
const blank = (raw: unknown): boolean =>
  raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');

/**
 * An optional enum left at its protobuf zero value: absent, '', or EMF's `*_UNSPECIFIED` name
 * (which generated clients send for an unset enum). The field then takes its default.
 */
const unset = (field: 'osProvider' | 'securityFeature', raw: unknown): boolean =>
  blank(raw) ||
  (typeof raw === 'string' &&
    (UNSPECIFIED_ALIASES[field] as readonly string[]).includes(raw.trim().toUpperCase()));

/**
 * `tlsCaCert`: absent, null or '' mean no certificate (the system roots); otherwise one or more
 * X.509 certificates in any accepted form, valid at `ctx.now`, stored as canonical PEM text.
 */
export function normalizeTlsCaCert(raw: unknown, ctx: RuleContext): RuleOutcome<string> {
  if (blank(raw)) return ok('');
  if (typeof raw !== 'string') return fail(fieldIssue('tlsCaCert', R.fieldType, 'tlsCaCert', 'a string'));
  const parsed = parseCertificates(raw, { now: ctx.now, label: 'tlsCaCert' });
  if (parsed.ok) return ok(parsed.pem);
  return fail(...parsed.problems.map((p): FieldIssue => ({ field: 'tlsCaCert', ...p })));
}

/**
 * `secureBootCerts`: the Secure Boot certificate(s) EFI binaries must chain to. Same forms and
 * rules as tlsCaCert (PEM, base64 of PEM or base64 DER) except validity: UEFI ignores certificate
 * dates, so an expired or not-yet-valid db certificate still verifies and is accepted. '' when absent.
 */
export function normalizeSecureBootCerts(raw: unknown, ctx: RuleContext): RuleOutcome<string> {
  return secureBootCertificates('secureBootCerts', raw, ctx);
}

/** `secureBootMokCerts`: MOK certificates shim trusts for second stages; same forms and rules as secureBootCerts. */
export function normalizeSecureBootMokCerts(raw: unknown, ctx: RuleContext): RuleOutcome<string> {
  return secureBootCertificates('secureBootMokCerts', raw, ctx);
}

function secureBootCertificates(
  field: 'secureBootCerts' | 'secureBootMokCerts',
  raw: unknown,
  ctx: RuleContext,
): RuleOutcome<string> {
  if (blank(raw)) return ok('');
  if (typeof raw !== 'string') return fail(fieldIssue(field, R.fieldType, field, 'a string'));
  const parsed = parseCertificates(raw, { now: ctx.now, label: field, checkValidity: false });
  if (parsed.ok) return ok(parsed.pem);
  return fail(...parsed.problems.map((p): FieldIssue => ({ field, ...p })));
}

/**
 * `secureBootDbx`: the Secure Boot deny list, PEM certificates and SHA-256 Authenticode hashes
 * (64 hex digits, `sha256:` allowed, one per line, `#` comments). Stored canonical: the
 * certificates as PEM, then the hashes lower-case, one per line. '' when absent.
 */
export function normalizeSecureBootDbx(raw: unknown): RuleOutcome<string> {
  const field = 'secureBootDbx';
  if (blank(raw)) return ok('');
  if (typeof raw !== 'string') return fail(fieldIssue(field, R.fieldType, field, 'a string'));
  if (raw.length > SECURE_BOOT_DBX_MAX_LENGTH) return fail(fieldIssue(field, R.secureBootDbxLength));
  const parsed = parseDbxInput(raw, field);
  if (!parsed.ok) return fail(fieldIssue(field, R.secureBootDbx, parsed.problem));
  const { certificates, sha256 } = parsed.value;
  return ok([...certificates.map(toPem), ...sha256.map((h) => `${h}\n`)].join(''));
}

/**
 * `sbatLevel`: an SBAT revocation level as shim's SbatLevel variable holds it (`sbat,1,<date>`
 * then `component,generation` lines). Stored with one line per entry. '' when absent.
 */
export function normalizeSbatLevel(raw: unknown): RuleOutcome<string> {
  const field = 'sbatLevel';
  if (blank(raw)) return ok('');
  if (typeof raw !== 'string') return fail(fieldIssue(field, R.fieldType, field, 'a string'));
  const parsed = parseSbatLevel(raw, field);
  if (!parsed.ok) return fail(fieldIssue(field, R.sbatLevel, parsed.problem));
  const lines = raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return ok(`${lines.join('\n')}\n`);
}

type Normalizer = (raw: unknown, ctx: RuleContext) => RuleOutcome<OsProfileFields[ProfileInputField]>;

/**
 * One normaliser per input field, each applying that field's rules and default: osType is
 * required, osProvider defaults to OS_PROVIDER_KIND_INFRA (custom profiles), securityFeature to
 * SECURITY_FEATURE_NONE, architecture to x86_64, the free-text fields to ''.
 */
export const FIELD_NORMALIZERS: Readonly<Record<ProfileInputField, Normalizer>> = Object.freeze({
  name: normalizeName,
  profileName: normalizeProfileName,
  imageUrl: (raw, ctx) => normalizeImageUrl(raw, ctx.releaseServiceUrl),
  imageId: normalizeImageId,
  sha256: normalizeSha256,
  osType: (raw) => (blank(raw) ? fail(fieldIssue('osType', R.osTypeRequired)) : normalizeOsType(raw)),
  osProvider: (raw) => (unset('osProvider', raw) ? ok('OS_PROVIDER_KIND_INFRA') : normalizeOsProvider(raw)),
  securityFeature: (raw) =>
    unset('securityFeature', raw) ? ok('SECURITY_FEATURE_NONE') : normalizeSecurityFeature(raw),
  tlsCaCert: normalizeTlsCaCert,
  secureBootCerts: normalizeSecureBootCerts,
  secureBootDbx: normalizeSecureBootDbx,
  secureBootMokCerts: normalizeSecureBootMokCerts,
  sbatLevel: normalizeSbatLevel,
  metadata: normalizeMetadata,
  description: normalizeDescription,
  architecture: normalizeArchitecture,
  installedPackages: (raw) => normalizeText('installedPackages', raw),
  existingCves: (raw) => normalizeText('existingCves', raw),
  fixedCves: (raw) => normalizeText('fixedCves', raw),
  platformBundle: normalizePlatformBundle,
  installedPackagesUrl: (raw) =>
    normalizeReferenceUrl('installedPackagesUrl', raw, INSTALLED_PACKAGES_URL_MAX_LENGTH),
  existingCvesUrl: (raw) => normalizeReferenceUrl('existingCvesUrl', raw, REFERENCE_URL_MAX_LENGTH),
  fixedCvesUrl: (raw) => normalizeReferenceUrl('fixedCvesUrl', raw, REFERENCE_URL_MAX_LENGTH),
  repoUrl: (raw) => normalizeReferenceUrl('repoUrl', raw, REFERENCE_URL_MAX_LENGTH),
  profileVersion: normalizeProfileVersion,
});
