export * from './os-profile-types.js';
export { fail, fieldIssue, issuesToError, ok, REPORTED_ISSUES_MAX, rule } from './field-issue.js';
export type { FieldIssue, Rule, RuleOutcome, RuleContext } from './field-issue.js';
export * from './os-profile-rules.js';
export {
  acceptedSpellings,
  ENUM_ALIASES,
  ENUM_FIELDS,
  ENUM_RULES,
  isEnumField,
  normalizeEnumValue,
  normalizeOsProvider,
  normalizeOsType,
  normalizeSecurityFeature,
  UNSPECIFIED_ALIASES,
} from './os-profile-aliases.js';
export type { EnumField } from './os-profile-aliases.js';
export { DEFAULT_RELEASE_SERVICE_URL, normalizeImageUrl } from './image-url.js';
export {
  DEFAULT_ARCHITECTURE,
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
export { normalizeMetadata } from './profile-metadata.js';
export { foldOptionKey, PROVISIONING_OPTION_KEYS, readProvisioningOptions } from './provisioning-options.js';
export type { ProvisioningOptions } from './provisioning-options.js';
export { checkFamilyOsType, deriveOsFamily } from './os-family.js';
export {
  FIELD_NORMALIZERS,
  normalizeSecureBootCerts,
  normalizeTlsCaCert,
  PROFILE_INPUT_FIELDS,
  SERVER_CONTROLLED_FIELDS,
} from './profile-field-normalizers.js';
export type { ProfileInputField } from './profile-field-normalizers.js';
export { normalizeProfileFields, applyProfileCreateRules } from './profile-create-rules.js';
export { IMMUTABLE_PROFILE_FIELDS, applyProfileChangeRules } from './profile-change-rules.js';
export type { ChangeMode } from './profile-change-rules.js';
export { readProfileFieldMask } from './field-mask.js';
export type { ProfileFieldMask } from './field-mask.js';
