import { OrchError } from '../errors/index.js';
import { DEFAULT_RELEASE_SERVICE_URL } from '../os-profile/image-url.js';
import type { OsProfileFields } from '../os-profile/os-profile-types.js';
import { normalizeProfileFields } from '../os-profile/profile-create-rules.js';
import { DEFAULT_PROFILE_INPUTS } from './default-profile-table.js';

/** One default profile: `key` (its profileName) identifies it across seeding runs. */
export interface DefaultProfileSeed {
  readonly key: string;
  readonly fields: OsProfileFields;
}

/**
 * The seven default profiles, checked by the same rules as any client body, with relative EMT
 * paths resolved against `releaseServiceUrl`, source 'default', no certificate (system roots)
 * and the standalone profile carrying `standalone-node: "true"`. Pure: no network, no clock.
 * Throws `Internal` if a seed breaks a rule, which only a change to the table can cause.
 */
export function defaultProfileSeeds(releaseServiceUrl: string): readonly DefaultProfileSeed[] {
  // No seed carries a certificate, so the time is never consulted; a fixed instant keeps this pure.
  const ctx = { releaseServiceUrl, now: new Date(0) };
  return Object.freeze(
    DEFAULT_PROFILE_INPUTS.map((input) => {
      const result = normalizeProfileFields(input, ctx, 'default');
      if (!result.ok) {
        const messages = result.issues.map((issue) => issue.message).join(' ');
        throw new OrchError(
          'Internal',
          `Default profile ${String(input['profileName'])} is invalid: ${messages}`,
          {
            details: { issues: result.issues },
          },
        );
      }
      return Object.freeze({ key: result.value.profileName, fields: Object.freeze(result.value) });
    }),
  );
}

/** The default profiles for the default Release Service URL. */
export const DEFAULT_PROFILES: readonly DefaultProfileSeed[] =
  defaultProfileSeeds(DEFAULT_RELEASE_SERVICE_URL);
