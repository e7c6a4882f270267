/**
 * @module
 * The declared OS type agrees with the OS the image's os-release names: Ubuntu is mutable, EMT
 * immutable. An Ubuntu image declared IMMUTABLE would be laid out as EMT (and the reverse).
 */
import type { OsType } from '../../core/os-profile/index.js';
import type { ImageCheck } from './check-types.js';
import { identifyOs, identityText } from './os-identity.js';

const TYPE_OF = { ubuntu: 'OS_TYPE_MUTABLE', emt: 'OS_TYPE_IMMUTABLE' } as const satisfies Record<
  string,
  OsType
>;
const NAME_OF = { ubuntu: 'Ubuntu', emt: 'Edge Microvisor Toolkit' } as const;

/** The profile's osType is the one the found OS needs. */
export const typeMatchesOs: ImageCheck = {
  id: 'type.matches-os',
  needs: ['root'],
  run: ({ facts, profile }) => {
    const osRelease = facts.osRelease;
    const declared = profile.osType;
    if (!osRelease) {
      return {
        status: 'fail',
        message: `no /etc/os-release to confirm ${declared}: expected Ubuntu (mutable) or EMT (immutable)`,
      };
    }
    const found = identifyOs(osRelease);
    const evidence = { declared, found, osRelease: { ...osRelease } };
    if (found === 'other') {
      return {
        status: 'warn',
        message: `os-release has ${identityText(osRelease)}, neither Ubuntu nor EMT: ${declared} cannot be confirmed`,
        evidence,
      };
    }
    if (TYPE_OF[found] !== declared) {
      return {
        status: 'fail',
        message: `the image is ${NAME_OF[found]}, which needs ${TYPE_OF[found]}, but the profile declares ${declared}`,
        evidence,
      };
    }
    return { status: 'pass', message: `the image is ${NAME_OF[found]}, as ${declared} expects`, evidence };
  },
};
