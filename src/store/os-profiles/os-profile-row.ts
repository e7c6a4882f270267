import type {
  OsProfile,
  OsProfileFields,
  ProfileValidationState,
} from '../../core/os-profile/os-profile-types.js';
import type { OsProfilesTable } from '../schema/database.js';
import { reverseCodePoints } from '../filter/reversed-text.js';

/** The row of a new profile; both timestamps are `createdAt`. */
export function toProfileRow(
  project: string,
  resourceId: string,
  fields: OsProfileFields,
  createdAt: string,
): OsProfilesTable {
  return {
    project,
    resource_id: resourceId,
    name: fields.name,
    name_reversed: reverseCodePoints(fields.name),
    profile_name: fields.profileName,
    image_url: fields.imageUrl,
    image_id: fields.imageId,
    sha256: fields.sha256,
    os_type: fields.osType,
    os_provider: fields.osProvider,
    security_feature: fields.securityFeature,
    os_family: fields.osFamily,
    architecture: fields.architecture,
    description: fields.description,
    tls_ca_cert: fields.tlsCaCert,
    secure_boot_certs: fields.secureBootCerts ?? '',
    secure_boot_dbx: fields.secureBootDbx ?? '',
    secure_boot_mok_certs: fields.secureBootMokCerts ?? '',
    sbat_level: fields.sbatLevel ?? '',
    metadata: JSON.stringify(fields.metadata),
    source: fields.source,
    installed_packages: fields.installedPackages,
    existing_cves: fields.existingCves,
    fixed_cves: fields.fixedCves,
    platform_bundle: fields.platformBundle,
    installed_packages_url: fields.installedPackagesUrl ?? '',
    existing_cves_url: fields.existingCvesUrl ?? '',
    fixed_cves_url: fields.fixedCvesUrl ?? '',
    repo_url: fields.repoUrl ?? '',
    profile_version: fields.profileVersion ?? '',
    validation_state: 'pending',
    created_at: createdAt,
    updated_at: createdAt,
  };
}

/**
 * A stored row as the domain profile. Enum columns are trusted: only validated, canonical values
 * are ever written (by toProfileRow), so they are cast rather than re-validated on every read.
 */
export function fromProfileRow(row: OsProfilesTable): OsProfile {
  return {
    resourceId: row.resource_id,
    name: row.name,
    profileName: row.profile_name,
    imageUrl: row.image_url,
    imageId: row.image_id,
    sha256: row.sha256,
    osType: row.os_type as OsProfile['osType'],
    osProvider: row.os_provider as OsProfile['osProvider'],
    securityFeature: row.security_feature as OsProfile['securityFeature'],
    osFamily: row.os_family as OsProfile['osFamily'],
    architecture: row.architecture,
    description: row.description,
    tlsCaCert: row.tls_ca_cert,
    secureBootCerts: row.secure_boot_certs,
    secureBootDbx: row.secure_boot_dbx,
    secureBootMokCerts: row.secure_boot_mok_certs,
    sbatLevel: row.sbat_level,
    metadata: JSON.parse(row.metadata) as Record<string, string>,
    source: row.source as OsProfile['source'],
    installedPackages: row.installed_packages,
    existingCves: row.existing_cves,
    fixedCves: row.fixed_cves,
    platformBundle: row.platform_bundle,
    installedPackagesUrl: row.installed_packages_url,
    existingCvesUrl: row.existing_cves_url,
    fixedCvesUrl: row.fixed_cves_url,
    repoUrl: row.repo_url,
    profileVersion: row.profile_version,
    validationState: row.validation_state as ProfileValidationState,
    timestamps: { createdAt: row.created_at, updatedAt: row.updated_at },
  };
}
