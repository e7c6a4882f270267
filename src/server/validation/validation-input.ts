import type { OsProfileFields } from '../../core/os-profile/index.js';
import type { ValidateImageInput } from '../../image/index.js';

/**
 * What image validation judges a profile's image against, from the profile: its URL and sha256,
 * its certificate as the only trust anchor (system roots when it has none), its type, version
 * (imageId), family name, security feature and Secure Boot policy (db, dbx, MOK, SBAT level). Stored profiles and
 * dry-run bodies (fields only, never stored) alike.
 */
export function validationInputOf(profile: OsProfileFields): ValidateImageInput {
  return {
    url: profile.imageUrl,
    sha256: profile.sha256,
    ...(profile.tlsCaCert ? { caPem: profile.tlsCaCert } : {}),
    osType: profile.osType,
    osVersion: profile.imageId,
    profileName: profile.profileName,
    securityFeature: profile.securityFeature,
    ...(profile.secureBootCerts ? { secureBootCerts: profile.secureBootCerts } : {}),
    ...(profile.secureBootDbx ? { secureBootDbx: profile.secureBootDbx } : {}),
    ...(profile.secureBootMokCerts ? { secureBootMokCerts: profile.secureBootMokCerts } : {}),
    ...(profile.sbatLevel ? { sbatLevel: profile.sbatLevel } : {}),
  };
}
