import { isOrchError } from '../../core/errors/index.js';
import {
  parseOsProfileManifest as parseManifest,
  type ManifestBody,
} from '../../core/os-profile/emf-manifest.js';
import { CliError, EXIT } from '../cli-error.js';

export { CERTIFICATE_KEYS, type ManifestBody } from '../../core/os-profile/emf-manifest.js';

/** core's manifest reader; a refusal exits with {@link EXIT.failed} and core's words. */
export function parseOsProfileManifest(text: string, source: string): ManifestBody {
  try {
    return parseManifest(text, source);
  } catch (error) {
    if (isOrchError(error)) throw new CliError(error.message, EXIT.failed);
    throw error;
  }
}
