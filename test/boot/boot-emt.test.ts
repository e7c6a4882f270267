/**
 * The EMT-like bootable fixture under UEFI Secure Boot: the signed loader starts the signed UKI,
 * whose command line names the rootfs by boot_uuid=; the early userspace mounts it read-only,
 * reads os-release and the NoCloud seed. (Without a roothash partition, as the image comes
 * before provisioning, the root is mounted without dm-verity; provisioned disks open it through
 * dm-verity.)
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { join } from 'node:path';
import { EMT_ROOT_UUID } from '../fixtures/os-images/os-image-variants.js';
import { buildBootableImage } from '../fixtures/bootable/bootable-images.js';
import { blockFileSha256, noCloudSeed, SEED_CREDENTIAL_PATH } from '../fixtures/bootable/nocloud-seed.js';
import { missingBootProofParts } from '../support/boot/boot-proof-requirements.js';
import { BOOT_TIMEOUT_MS, openBootSession, type BootSession } from '../support/boot/boot-session.js';

const missing = await missingBootProofParts();
const skip = missing.length > 0 ? `the boot proof needs ${missing.join(', ')}` : false;
const BOOT = { timeout: BOOT_TIMEOUT_MS + 60_000 };
const HOST_ID = 'host-5e6f7a8b';
const CREDENTIAL = 'node-credential-for-host-5e6f7a8b';

describe('boot proof: EMT-like image under UEFI Secure Boot', { skip }, () => {
  let session: BootSession;

  before(async () => {
    session = await openBootSession();
  }, { timeout: 900_000 }); // prettier-ignore

  it(
    'boots the signed UKI: root by boot_uuid, read-only, os-release, the seed, the credential with mode 0600',
    BOOT,
    async () => {
      const disk = await buildBootableImage(session.artefacts, 'emt', join(session.dir, 'good'), {
        cidata: noCloudSeed(HOST_ID, CREDENTIAL),
      });
      const run = await session.boot(disk);
      const { report } = run;
      assert.equal(run.outcome, 'powered-off', `${report.failed ?? ''}\n${run.serial.slice(-3000)}`);
      assert.equal(report.failed, undefined);
      assert.ok(report.kernelSecureBoot, 'the kernel printed "Secure boot enabled"');
      assert.ok(report.proofLines.includes(`boot_uuid ${EMT_ROOT_UUID} is /dev/vda2`));
      assert.match(report.rootMount ?? '', /^\/dev\/vda2 \/root ext4 ro,/);
      assert.equal(report.osRelease.NAME, 'Edge Microvisor Toolkit');
      assert.equal(report.osRelease.VERSION_ID, '3.0');
      assert.match(report.metaData, new RegExp(`^instance-id: ${HOST_ID}$`, 'm'));
      const credential = report.seededFiles.find((f) => f.path === SEED_CREDENTIAL_PATH);
      assert.deepEqual(credential, {
        path: SEED_CREDENTIAL_PATH,
        mode: '600',
        sha256: blockFileSha256(CREDENTIAL),
      });
      assert.ok(report.done);
      console.log(
        `# EMT-like boot (${session.accelerator.accel}: ${session.accelerator.reason}): ${run.seconds} s`,
      );
    },
  );
});
