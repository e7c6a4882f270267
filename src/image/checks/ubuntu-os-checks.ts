/**
 * @module
 * Ubuntu (OS_TYPE_MUTABLE) checks of the root filesystem: os-release says Ubuntu, its version
 * matches the profile (VERSION_ID and the point release in VERSION), cloud-init is installed.
 */
import type { CheckVerdict, ImageCheck } from './check-types.js';
import { identityText } from './os-identity.js';
import { leadingVersion, versionCovers } from './os-version.js';

/** Paths that show cloud-init installed (its entry point). */
export const UBUNTU_CLOUD_INIT_PATH = '/usr/bin/cloud-init';
/** Cloud-init's configuration folder. */
export const CLOUD_CONFIG_DIR = '/etc/cloud';

const noOsRelease: CheckVerdict = {
  status: 'fail',
  message: 'no /etc/os-release in the root filesystem; expected one with ID=ubuntu',
};

/** /etc/os-release has ID=ubuntu. */
export const ubuntuOsRelease: ImageCheck = {
  id: 'ubuntu.os-release',
  needs: ['root'],
  run: ({ facts }) => {
    const osRelease = facts.osRelease;
    if (!osRelease) return noOsRelease;
    const evidence = { osRelease: { ...osRelease } };
    if (osRelease.ID?.toLowerCase() !== 'ubuntu') {
      return {
        status: 'fail',
        message: `os-release has ${identityText(osRelease)}; expected ID=ubuntu`,
        evidence,
      };
    }
    return { status: 'pass', message: `os-release: ${identityText(osRelease)}`, evidence };
  },
};

/**
 * The profile's version matches VERSION_ID (`22.04`) and the point release in VERSION
 * (`22.04.5 LTS (Jammy Jellyfish)`): profile 22.04.5 needs both; profile 22.04 accepts any point.
 */
export const ubuntuVersion: ImageCheck = {
  id: 'ubuntu.version',
  needs: ['root'],
  run: ({ facts, profile }) => {
    const osRelease = facts.osRelease;
    if (!osRelease)
      return { ...noOsRelease, message: `no /etc/os-release to compare with version ${profile.osVersion}` };
    const wanted = profile.osVersion.trim();
    const versionId = osRelease.VERSION_ID;
    const point = leadingVersion(osRelease.VERSION);
    const evidence = { profileVersion: wanted, VERSION_ID: versionId, VERSION: osRelease.VERSION };
    const found = `VERSION_ID="${versionId ?? ''}" VERSION="${osRelease.VERSION ?? ''}"`;
    if (versionId === undefined || !versionCovers(versionId, wanted)) {
      return {
        status: 'fail',
        message: `os-release has ${found}; the profile's version ${wanted} does not match VERSION_ID`,
        evidence,
      };
    }
    if (point === undefined || !versionCovers(wanted, point)) {
      return {
        status: 'fail',
        message: `os-release has ${found}; the profile's version ${wanted} does not match the release in VERSION`,
        evidence,
      };
    }
    return { status: 'pass', message: `version ${wanted} matches os-release ${found}`, evidence };
  },
};

/** cloud-init is installed, so that the node can be configured. */
export const ubuntuCloudInit: ImageCheck = {
  id: 'ubuntu.cloud-init',
  needs: ['root'],
  run: ({ facts }) => {
    const installed = facts.rootPaths[UBUNTU_CLOUD_INIT_PATH] === true;
    const config = facts.rootPaths[CLOUD_CONFIG_DIR] === true;
    const evidence = { [UBUNTU_CLOUD_INIT_PATH]: installed, [CLOUD_CONFIG_DIR]: config };
    if (!installed) {
      return {
        status: 'fail',
        message: `cloud-init is not installed: ${UBUNTU_CLOUD_INIT_PATH} is missing from the root filesystem; expected it so the node can be configured`,
        evidence,
      };
    }
    return {
      status: 'pass',
      message: `cloud-init installed (${UBUNTU_CLOUD_INIT_PATH}${config ? `, ${CLOUD_CONFIG_DIR}` : ''})`,
      evidence,
    };
  },
};
