import type { FilterColumnMap } from '../filter/filter-column-map.js';
import type { ListSpec } from '../filter/list-page.js';
import type { OsProfile } from '../../core/os-profile/os-profile-types.js';
import { fromProfileRow } from './os-profile-row.js';

/**
 * Where each filterable/orderable OS profile API field lives in `os_profiles`. The server's
 * field catalogue (names, enum aliases) must use these names; `metadata` is a map (JSON text), so
 * `metadata.<key>` filters read one key.
 */
export const OS_PROFILE_COLUMNS: FilterColumnMap = Object.freeze({
  name: { column: 'name', type: 'string', reversedColumn: 'name_reversed', orderIndexed: true },
  profileName: { column: 'profile_name', type: 'string' },
  imageUrl: { column: 'image_url', type: 'string' },
  imageId: { column: 'image_id', type: 'string' },
  sha256: { column: 'sha256', type: 'string' },
  osType: { column: 'os_type', type: 'enum' },
  osProvider: { column: 'os_provider', type: 'enum' },
  securityFeature: { column: 'security_feature', type: 'enum' },
  osFamily: { column: 'os_family', type: 'enum' },
  architecture: { column: 'architecture', type: 'string' },
  description: { column: 'description', type: 'string' },
  source: { column: 'source', type: 'enum' },
  resourceId: { column: 'resource_id', type: 'string', orderIndexed: true },
  'timestamps.createdAt': { column: 'created_at', type: 'timestamp', orderIndexed: true },
  'timestamps.updatedAt': { column: 'updated_at', type: 'timestamp' },
  metadata: { column: 'metadata', type: 'map' },
  'validation.state': { column: 'validation_state', type: 'enum' },
  tlsCaCert: { column: 'tls_ca_cert', type: 'string' },
  installedPackagesUrl: { column: 'installed_packages_url', type: 'string' },
  existingCvesUrl: { column: 'existing_cves_url', type: 'string' },
  fixedCvesUrl: { column: 'fixed_cves_url', type: 'string' },
  repoUrl: { column: 'repo_url', type: 'string' },
  profileVersion: { column: 'profile_version', type: 'string' },
  // EMF's alias of resourceId.
  osResourceID: { column: 'resource_id', type: 'string', orderIndexed: true },
});

/** The last order term of every list: unique within a project, so offset paging is stable. */
export const OS_PROFILE_TIEBREAKER = { column: 'resource_id', type: 'string' } as const;

/** The order when the request names none: by name. */
export const OS_PROFILE_DEFAULT_ORDER = [{ field: 'name', direction: 'asc' }] as const;

/** How OS profiles are listed page by page. */
export const OS_PROFILE_LIST: ListSpec<'os_profiles', OsProfile> = {
  table: 'os_profiles',
  columns: OS_PROFILE_COLUMNS,
  defaultOrder: OS_PROFILE_DEFAULT_ORDER,
  tiebreaker: OS_PROFILE_TIEBREAKER,
  fromRow: fromProfileRow,
};
