import type { FilterFieldCatalog } from '../../core/filter/filter-field-catalog.js';
import {
  OS_FAMILIES,
  OS_PROVIDERS,
  OS_TYPES,
  PROFILE_SOURCES,
  PROFILE_VALIDATION_STATES,
  SECURITY_FEATURES,
  issuesToError,
  normalizeEnumValue,
  type EnumField,
} from '../../core/os-profile/index.js';

/** Enum literals are read with the same aliases as bodies: `osType = MUTABLE` works. */
const enumField = (field: EnumField, values: readonly string[]) => ({
  type: 'enum' as const,
  values,
  normalize: (text: string): string => {
    const result = normalizeEnumValue(field, text);
    if (!result.ok) throw issuesToError(result.issues);
    return result.value;
  },
});

/**
 * What `filter` and `orderBy` may name on OS profiles: the API's own field names (EMF's), so a
 * filter reads like the JSON it returns. `metadata.<key>` filters on one metadata entry.
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
});
