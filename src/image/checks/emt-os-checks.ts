/**
 * @module
 * EMT (OS_TYPE_IMMUTABLE) checks of the root filesystem: os-release identifies Edge Microvisor
 * Toolkit with a supported VERSION_ID, cloud-init is present and configured, the node agent is there.
 */
import type { ImageCheck } from './check-types.js';
import { EMT_NAME, identifyOs, identityText } from './os-identity.js';
import { compareVersions, isDottedVersion } from './os-version.js';

/** cloud-init's entry point and its main configuration file. */
export const EMT_CLOUD_INIT_PATHS = Object.freeze({
  binary: '/usr/bin/cloud-init',
  config: '/etc/cloud/cloud.cfg',
});

/** NAME or ID is "Edge Microvisor Toolkit". */
export const emtOsRelease: ImageCheck = {
  id: 'emt.os-release',
  needs: ['root'],
  run: ({ facts }) => {
    const osRelease = facts.osRelease;
    if (!osRelease) {
      return {
        status: 'fail',
        message: `no /etc/os-release in the root filesystem; expected one with ID="${EMT_NAME}"`,
      };
    }
    const evidence = { osRelease: { ...osRelease } };
    if (osRelease.ID !== EMT_NAME && osRelease.NAME !== EMT_NAME) {
      return {
        status: 'fail',
        message: `os-release has ${identityText(osRelease)}; expected NAME and ID "${EMT_NAME}"`,
        evidence,
      };
    }
    return { status: 'pass', message: `os-release: ${identityText(osRelease)}`, evidence };
  },
};

/** VERSION_ID is at least the policy's minimum. */
export const emtVersion: ImageCheck = {
  id: 'emt.version',
  needs: ['root'],
  run: ({ facts, policy }) => {
    const versionId = facts.osRelease?.VERSION_ID;
    const minimum = policy.minEmtVersion;
    const evidence = { VERSION_ID: versionId, minEmtVersion: minimum, VERSION: facts.osRelease?.VERSION };
    if (facts.osRelease && identifyOs(facts.osRelease) !== 'emt') {
      // Another OS's VERSION_ID (Ubuntu's 22.04) says nothing about EMT support.
      return {
        status: 'skip',
        message: 'skipped: os-release does not identify Edge Microvisor Toolkit (see emt.os-release)',
        evidence,
      };
    }
    if (!isDottedVersion(versionId)) {
      const found = versionId === undefined ? 'no VERSION_ID' : `VERSION_ID="${versionId}"`;
      return {
        status: 'fail',
        message: `os-release has ${found}; expected an EMT VERSION_ID of ${minimum} or later`,
        evidence,
      };
    }
    if (compareVersions(versionId, minimum) < 0) {
      return {
        status: 'fail',
        message: `EMT VERSION_ID ${versionId} is older than the supported minimum ${minimum}`,
        evidence,
      };
    }
    return { status: 'pass', message: `EMT VERSION_ID ${versionId} (at least ${minimum})`, evidence };
  },
};

/** cloud-init is installed and has its configuration. */
export const emtCloudInit: ImageCheck = {
  id: 'emt.cloud-init',
  needs: ['root'],
  run: ({ facts }) => {
    const { binary, config } = EMT_CLOUD_INIT_PATHS;
    const evidence = {
      [binary]: facts.rootPaths[binary] === true,
      [config]: facts.rootPaths[config] === true,
    };
    const missing = [binary, config].filter((path) => facts.rootPaths[path] !== true);
    if (missing.length > 0) {
      return {
        status: 'fail',
        message: `cloud-init is not present and configured: ${missing.join(' and ')} missing from the root filesystem; expected ${binary} and ${config}`,
        evidence,
      };
    }
    return { status: 'pass', message: `cloud-init present and configured (${binary}, ${config})`, evidence };
  },
};

/** One of the policy's agent paths exists. */
export const emtAgent: ImageCheck = {
  id: 'emt.agent',
  needs: ['root'],
  run: ({ facts, policy }) => {
    const found = policy.agentPaths.filter((path) => facts.rootPaths[path] === true);
    const evidence = { agentPaths: [...policy.agentPaths], found };
    if (found.length === 0) {
      return {
        status: 'fail',
        message: `the edge node agent is missing: none of ${policy.agentPaths.join(', ')} exists in the root filesystem`,
        evidence,
      };
    }
    return { status: 'pass', message: `edge node agent present (${found.join(', ')})`, evidence };
  },
};
