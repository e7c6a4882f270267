import type { FilterFieldCatalog } from '../../core/filter/filter-field-catalog.js';
import {
  OS_FAMILIES,
  OS_PROVIDERS,
  OS_TYPES,
  PROFILE_SOURCES,
  PROFILE_VALIDATION_STATES,
  SECURITY_FEATURES,
  UNSPECIFIED_ALIASES,
  issuesToError,
  normalizeEnumValue,
  type EnumField,
} from '../../core/os-profile/index.js';

/** EMF's zero value of each protobuf enum: no stored profile holds it. */
const UNSPECIFIED: Partial<Record<EnumField, string>> = {
  osType: 'OS_TYPE_UNSPECIFIED',
  osProvider: 'OS_PROVIDER_KIND_UNSPECIFIED',
  securityFeature: 'SECURITY_FEATURE_UNSPECIFIED',
};

/**
 * Enum literals are read with the same aliases as bodies: `osType = MUTABLE` works. EMF's
 * `*_UNSPECIFIED` names are understood too: `osType = OS_TYPE_UNSPECIFIED` matches nothing and
 * `!=` everything, as in EMF, where no OS resource keeps the zero value.
 */
const enumField = (field: EnumField, values: readonly string[]) => {
  const placeholder = UNSPECIFIED[field];
  const placeholders: readonly string[] =
    (UNSPECIFIED_ALIASES as Partial<Record<EnumField, readonly string[]>>)[field] ?? [];
  return {
    type: 'enum' as const,
    values: placeholder ? [...values, placeholder] : values,
    normalize: (text: string): string => {
      if (placeholder && placeholders.includes(text.trim().toUpperCase())) return placeholder;
      const result = normalizeEnumValue(field, text);
      if (!result.ok) throw issuesToError(result.issues);
      return result.value;
    },
  };
};

/**
 * What `filter` and `orderBy` may name on OS profiles: the API's own field names (EMF's), so a
 * filter reads like the JSON it returns; EMF's snake_case spellings resolve to them
 * (`os_type`, `timestamps.created_at`). `metadata.<key>` filters on one metadata entry.
 */
export const OS_PROFILE_FILTER_CATALOG: FilterFieldCatalog = Object.freeze({
  resourceId: { type: 'string' },
  name: { type: 'string' },
  profileName: { type: 'string' },
  imageUrl: { type: 'string' },
  imageId: { type: 'string' },
  sha256: { type: 'string' },
  architecture: { type: 'string' },
  description: { type: 'string' },
  osType: enumField('osType', OS_TYPES),
  osProvider: enumField('osProvider', OS_PROVIDERS),
  securityFeature: enumField('securityFeature', SECURITY_FEATURES),
  osFamily: enumField('osFamily', OS_FAMILIES),
  source: enumField('source', PROFILE_SOURCES),
  metadata: { type: 'map' },
  'timestamps.createdAt': { type: 'timestamp' },
  'timestamps.updatedAt': { type: 'timestamp' },
  'validation.state': { type: 'enum', values: PROFILE_VALIDATION_STATES },
  tlsCaCert: { type: 'string', orderable: false },
  installedPackagesUrl: { type: 'string' },
  existingCvesUrl: { type: 'string' },
  fixedCvesUrl: { type: 'string' },
  repoUrl: { type: 'string' },
  profileVersion: { type: 'string' },
  osResourceID: { type: 'string' },
});
