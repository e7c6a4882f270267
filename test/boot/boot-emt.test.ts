/**
 * The EMT-like bootable fixture under UEFI Secure Boot: the signed loader starts the signed UKI,
 * whose command line names the rootfs by boot_uuid=; the early userspace mounts it read-only,
 * reads os-release and the NoCloud seed. Without a roothash partition (the image as published)
 * the root is mounted directly; with EMT's dm-verity layout (hashmap_a and roothash, made here by
 * veritysetup) it is opened through dm-verity, and a byte changed in the rootfs stops the boot.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { join } from 'node:path';
import { EMT_ROOT_UUID } from '../fixtures/os-images/os-image-variants.js';
import { EMT_VERITY_PARTITIONS } from '../fixtures/bootable/bootable-image-plans.js';
import { buildBootableImage } from '../fixtures/bootable/bootable-images.js';
import { addVerityLayout, partitionExtent } from '../fixtures/bootable/verity-layout.js';
import { blockFileSha256, noCloudSeed, SEED_CREDENTIAL_PATH } from '../fixtures/bootable/nocloud-seed.js';
import { missingBootProofParts } from '../support/boot/boot-proof-requirements.js';
import { bootStops, bootsToOs, EXT4_VOLUME_NAME, flipByte } from '../support/boot/boot-checks.js';
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

  async function verityDisk(name: string): Promise<{ disk: string; rootHash: string }> {
    const dir = join(session.dir, name);
    const disk = await buildBootableImage(session.artefacts, 'emt', dir, {
      cidata: noCloudSeed(HOST_ID, CREDENTIAL),
      verityPartitions: true,
    });
    const { rootHash } = await addVerityLayout(disk, EMT_VERITY_PARTITIONS, join(dir, 'verity'));
    return { disk, rootHash };
  }

  it(
    'boots the signed UKI: root by boot_uuid, read-only, os-release, the seed, the credential with mode 0600',
    BOOT,
    async () => {
      const disk = await buildBootableImage(session.artefacts, 'emt', join(session.dir, 'good'), {
        cidata: noCloudSeed(HOST_ID, CREDENTIAL),
      });
      const run = await bootsToOs(session, disk, {
        proofLines: [`boot_uuid ${EMT_ROOT_UUID} is /dev/vda2`],
        rootMount: /^\/dev\/vda2 \/root ext4 ro,/,
        osRelease: { NAME: 'Edge Microvisor Toolkit', VERSION_ID: '3.0' },
        metaData: { 'instance-id': HOST_ID },
        seededFiles: [{ path: SEED_CREDENTIAL_PATH, mode: '600', sha256: blockFileSha256(CREDENTIAL) }],
      });
      console.log(
        `# EMT-like boot (${session.accelerator.accel}: ${session.accelerator.reason}): ${run.seconds} s`,
      );
    },
  );

  it(
    'with the dm-verity layout: rootfs A opened through dm-verity with the hash from the roothash partition, mounted read-only through it',
    BOOT,
    async () => {
      const { disk, rootHash } = await verityDisk('verity');
      const run = await bootsToOs(session, disk, {
        proofLines: [`verity: data /dev/vda2 hash /dev/vda4 root hash ${rootHash}`],
        verityDevice: '/dev/mapper/rootfs_verity',
        rootMount: /^\/dev\/mapper\/rootfs_verity \/root ext4 ro,/,
        osRelease: { NAME: 'Edge Microvisor Toolkit' },
      });
      console.log(`# EMT-like boot through dm-verity: ${run.seconds} s`);
    },
  );

  it(
    'a rootfs byte changed after the layout: dm-verity refuses the block and the root is never mounted',
    BOOT,
    async () => {
      const { disk } = await verityDisk('flipped');
      const rootfs = await partitionExtent(disk, EMT_VERITY_PARTITIONS.rootfs);
      await flipByte(disk, rootfs.offset + EXT4_VOLUME_NAME);
      const report = await bootStops(
        session,
        disk,
        'cannot mount the root filesystem /dev/mapper/rootfs_verity',
        /device-mapper: verity: 25\d:\d+: data block 0 is corrupted/,
      );
      assert.equal(
        report.verityDevice,
        '/dev/mapper/rootfs_verity',
        'the tree itself is intact: the device opens',
      );
    },
  );
});
