/**
 * @module
 * Which checks apply to a profile, in report order: the pipeline stage, the disk, the OS rules
 * of the declared type, the type agreement, then the Secure Boot chain (judged on SB_FDE profiles,
 * information on others) and, when the profile asks for Secure Boot, SBAT.
 */
import type { ImageCheck, ValidationProfile } from './check-types.js';
import { diskFits, gptValid } from './disk-checks.js';
import { emtEspUki, emtPersistent, emtRootfsSize, emtUkiBootUuid } from './emt-layout-checks.js';
import { emtAgent, emtCloudInit, emtOsRelease, emtVersion } from './emt-os-checks.js';
import { secureBootSbat } from './sbat-check.js';
import { SECURE_BOOT_FEATURE, secureBootSigned } from './secure-boot-check.js';
import { formatDetected, sourceChecksum, sourceReachable } from './source-checks.js';
import { typeMatchesOs } from './type-check.js';
import { ubuntuCloudInit, ubuntuOsRelease, ubuntuVersion } from './ubuntu-os-checks.js';
import { ubuntuEsp, ubuntuRootfs, ubuntuUefiLoader } from './ubuntu-layout-checks.js';

const COMMON: readonly ImageCheck[] = [sourceReachable, sourceChecksum, formatDetected, gptValid, diskFits];
const UBUNTU: readonly ImageCheck[] = [
  ubuntuEsp,
  ubuntuUefiLoader,
  ubuntuRootfs,
  ubuntuOsRelease,
  ubuntuVersion,
  ubuntuCloudInit,
];
const EMT: readonly ImageCheck[] = [
  emtEspUki,
  emtUkiBootUuid,
  emtRootfsSize,
  emtPersistent,
  emtOsRelease,
  emtVersion,
  emtCloudInit,
  emtAgent,
];

/** The checks for `profile`, in report order. */
export function checksFor(profile: ValidationProfile): readonly ImageCheck[] {
  return [
    ...COMMON,
    ...(profile.osType === 'OS_TYPE_IMMUTABLE' ? EMT : UBUNTU),
    typeMatchesOs,
    secureBootSigned,
    ...(profile.securityFeature === SECURE_BOOT_FEATURE ? [secureBootSbat] : []),
  ];
}
