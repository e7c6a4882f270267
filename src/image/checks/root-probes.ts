/**
 * @module
 * The root filesystem paths whose presence the checks judge, so that inspection probes exactly those.
 */
import type { ValidationPolicy } from './check-types.js';
import { EMT_CLOUD_INIT_PATHS } from './emt-os-checks.js';
import { CLOUD_CONFIG_DIR, UBUNTU_CLOUD_INIT_PATH } from './ubuntu-os-checks.js';

/** Paths inspection must probe for the checks under `policy` (cloud-init, its config, the agent). */
export function rootPathsToProbe(policy: ValidationPolicy): string[] {
  const paths = [
    UBUNTU_CLOUD_INIT_PATH,
    CLOUD_CONFIG_DIR,
    EMT_CLOUD_INIT_PATHS.binary,
    EMT_CLOUD_INIT_PATHS.config,
  ];
  return [...new Set([...paths, ...policy.agentPaths])];
}
