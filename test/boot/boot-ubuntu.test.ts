/**
 * The Ubuntu-like bootable fixture under UEFI Secure Boot with our own PK, KEK and db: the signed
 * loader starts the signed kernel, whose early userspace finds its root by label, reads the
 * NoCloud seed and finds the credential with mode 0600; a loader signed by a key the firmware does
 * not trust is refused by the firmware, and the same disk boots once Secure Boot is off.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { join } from 'node:path';
import { buildBootableImage } from '../fixtures/bootable/bootable-images.js';
import { blockFileSha256, noCloudSeed, SEED_CREDENTIAL_PATH } from '../fixtures/bootable/nocloud-seed.js';
import { missingBootProofParts } from '../support/boot/boot-proof-requirements.js';
import { bootsToOs, neverReachesKernel } from '../support/boot/boot-checks.js';
import { BOOT_TIMEOUT_MS, openBootSession, type BootSession } from '../support/boot/boot-session.js';

const missing = await missingBootProofParts();
const skip = missing.length > 0 ? `the boot proof needs ${missing.join(', ')}` : false;
const BOOT = { timeout: BOOT_TIMEOUT_MS + 60_000 };
const HOST_ID = 'host-0a1b2c3d';
const CREDENTIAL = 'node-credential-for-host-0a1b2c3d';

describe('boot proof: Ubuntu-like image under UEFI Secure Boot', { skip }, () => {
  let session: BootSession;
  let otherKeyDisk: string;

  before(async () => {
    session = await openBootSession();
    otherKeyDisk = await buildBootableImage(session.artefacts, 'ubuntu', join(session.dir, 'other-key'), {
      loaderSigner: 'other',
      cidata: noCloudSeed(HOST_ID, CREDENTIAL),
    });
  }, { timeout: 900_000 }); // prettier-ignore

  it(
    'boots with Secure Boot enforced: root by label, os-release, the seed, the credential with mode 0600',
    BOOT,
    async () => {
      const disk = await buildBootableImage(session.artefacts, 'ubuntu', join(session.dir, 'good'), {
        cidata: noCloudSeed(HOST_ID, CREDENTIAL),
      });
      const run = await bootsToOs(session, disk, {
        rootMount: /^\/dev\/vda1 \/root ext4 ro,/,
        osRelease: { ID: 'ubuntu', VERSION_ID: '22.04' },
        metaData: { 'instance-id': HOST_ID },
        seededFiles: [{ path: SEED_CREDENTIAL_PATH, mode: '600', sha256: blockFileSha256(CREDENTIAL) }],
      });
      assert.ok(
        run.report.proofLines.some((l) => /^SecureBoot=1 SetupMode=0 lockdown=.*\[integrity\]/.test(l)),
      );
      assert.match(run.report.userData, /^#cloud-config/);
      console.log(
        `# Ubuntu-like boot (${session.accelerator.accel}: ${session.accelerator.reason}): ${run.seconds} s`,
      );
    },
  );

  it(
    'a loader signed by a key outside db is refused by the firmware; nothing of the OS runs',
    BOOT,
    async () => {
      const run = await neverReachesKernel(session, otherKeyDisk, /^Boot0001 .*: Access Denied$/);
      console.log(`# refused by the firmware after ${run.seconds} s`);
    },
  );

  it('the same disk boots with Secure Boot off: the refusal was Secure Boot', BOOT, async () => {
    await bootsToOs(session, otherKeyDisk, {
      rootMount: /^\/dev\/vda1 \/root ext4 ro,/,
      osRelease: { ID: 'ubuntu' },
      secureBoot: false,
    });
  });
});
