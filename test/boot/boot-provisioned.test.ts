/**
 * End to end: an image is validated as orchd validates it (over HTTPS, the profile's Secure Boot
 * certificate as db), en-agent's steps provision a sparse file disk from it (secure-boot check,
 * erase, stream, layout, CIDATA seed, boot entry), and QEMU boots the written disk with OVMF and
 * Secure Boot enforced. The console must show the kernel's "Secure boot enabled", the rootfs
 * os-release, the seed's meta-data and the credential with mode 0600, and for EMT the rootfs
 * opened through dm-verity and mounted read-only through it. Negative: a rootfs byte changed after
 * provisioning stops the EMT boot at dm-verity; a disk whose stream step failed (checksum) never
 * reaches the kernel; an image signed outside db fails pre-flight validation and, provisioned
 * anyway, is refused by the firmware.
 */
import assert from 'node:assert/strict';
import { open } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { validateImage, type ValidationReport } from '../../src/image/index.js';
import { runSteps, sparseDisk, stepContext, GIB } from '../agent/support/step-kit.js';
import { testPlan, type PlanImage } from '../agent/support/test-plan.js';
import { EMT_VERITY_PARTITIONS } from '../fixtures/bootable/bootable-image-plans.js';
import { buildBootableImage } from '../fixtures/bootable/bootable-images.js';
import { blockFileSha256, SEED_CREDENTIAL_PATH } from '../fixtures/bootable/nocloud-seed.js';
import { partitionExtent } from '../fixtures/bootable/verity-layout.js';
import { describeFile } from '../fixtures/disk-image/disk-image-fixtures.js';
import { encodeImage, type ImageEncoding } from '../fixtures/disk-image/encode-image.js';
import { EMT_ROOT_UUID } from '../fixtures/os-images/os-image-variants.js';
import { missingBootProofParts } from '../support/boot/boot-proof-requirements.js';
import { BOOT_TIMEOUT_MS, openBootSession, type BootSession } from '../support/boot/boot-session.js';
import { startImageServer, type ImageServer } from '../support/https-server/image-server.js';
import { loadTestCertificates } from '../support/tls/test-certificates.js';

const missing = await missingBootProofParts();
const skip = missing.length > 0 ? `the boot proof needs ${missing.join(', ')}` : false;
const BOOT = { timeout: 2 * BOOT_TIMEOUT_MS + 120_000 };
const HOST_ID = 'host-9c8d7e6f';
const INSTANCE_ID = 'inst-5e6f7a8b'; // the test plan's instance
const CREDENTIAL = 'node-credential-of-host-9c8d7e6f';
/** user-data as orchd renders it: the node agent's credential among write_files, mode 0600. */
const USER_DATA = [
  '#cloud-config',
  'write_files:',
  `  - path: ${SEED_CREDENTIAL_PATH}`,
  "    permissions: '0600'",
  '    content: |',
  `      ${CREDENTIAL}`,
  '',
].join('\n');
const EXT4_VOLUME_NAME = 1024 + 0x78;

type Family = 'ubuntu' | 'emt';
const HOSTED: Record<string, { family: Family; encoding: ImageEncoding; signer: 'signer' | 'other' }> = {
  ubuntu: { family: 'ubuntu', encoding: 'qcow2-v3', signer: 'signer' },
  emt: { family: 'emt', encoding: 'raw.zst', signer: 'signer' },
  'emt-other-key': { family: 'emt', encoding: 'raw.zst', signer: 'other' },
};

describe(
  'boot proof end to end: validated, provisioned by en-agent, booted under Secure Boot',
  { skip },
  () => {
    let session: BootSession;
    let server: ImageServer;
    const images: Record<string, PlanImage> = {};

    before(async () => {
    session = await openBootSession();
    const certs = await loadTestCertificates();
    const files: Record<string, { content: { file: string } }> = {};
    for (const [name, spec] of Object.entries(HOSTED)) {
      const dir = join(session.dir, `hosted-${name}`);
      const raw = await buildBootableImage(session.artefacts, spec.family, dir, { loaderSigner: spec.signer });
      const hosted = await describeFile(await encodeImage(raw, spec.encoding, dir));
      files[`/${name}.${spec.encoding}`] = { content: { file: hosted.path } };
      images[name] = { url: `/${name}.${spec.encoding}`, sha256: hosted.sha256, tlsCaCert: certs.ca.cert };
    }
    server = await startImageServer({ tls: { cert: certs.leaf.cert, key: certs.leaf.key }, files });
    for (const [name, image] of Object.entries(images)) images[name] = { ...image, url: server.url(image.url) };
  }, { timeout: 900_000 }); // prettier-ignore

    after(async () => {
      await server?.close();
    });

    /** Pre-flight validation as orchd runs it for an SB_FDE profile whose db is our CA. */
    function validate(name: string): Promise<ValidationReport> {
      const { family } = HOSTED[name]!;
      const image = images[name]!;
      return validateImage(
        {
          url: image.url,
          sha256: image.sha256,
          caPem: image.tlsCaCert,
          osType: family === 'ubuntu' ? 'OS_TYPE_MUTABLE' : 'OS_TYPE_IMMUTABLE',
          osVersion: family === 'ubuntu' ? '22.04.5' : '3.0',
          profileName: `${name}-boot-proof`,
          securityFeature: 'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION',
          secureBootCerts: session.artefacts.keys.ca.cert,
        },
        { scratchDir: session.dir },
      );
    }

    /** en-agent's steps on a sparse file disk of a node whose firmware has Secure Boot on. */
    async function provision(name: string, image: PlanImage = images[name]!) {
      const { family } = HOSTED[name]!;
      const disk = await sparseDisk(
        join(session.dir, `${name}-${Math.random().toString(36).slice(2)}.img`),
        40 * GIB,
      );
      const plan = testPlan({ family, image, secureBoot: 'on', hostId: HOST_ID, userData: USER_DATA });
      const { ctx } = stepContext(disk, plan, { facts: { secureBoot: true } });
      return { disk: disk.path, outcomes: await runSteps(ctx, plan) };
    }

    function assertProvisioned(outcomes: Awaited<ReturnType<typeof provision>>['outcomes']): void {
      for (const [kind, outcome] of outcomes)
        assert.ok(outcome.ok, `${kind}: ${outcome.ok ? '' : outcome.error.message}`);
      assert.equal(outcomes.size, 7, 'every step ran');
    }

    function assertSeed(report: Awaited<ReturnType<BootSession['boot']>>['report']): void {
      assert.match(report.metaData, new RegExp(`^instance-id: ${INSTANCE_ID}$`, 'm'));
      assert.match(report.metaData, new RegExp(`^local-hostname: ${HOST_ID}$`, 'm'));
      const credential = report.seededFiles.find((f) => f.path === SEED_CREDENTIAL_PATH);
      assert.deepEqual(credential, {
        path: SEED_CREDENTIAL_PATH,
        mode: '600',
        sha256: blockFileSha256(CREDENTIAL),
      });
    }

    it(
      'Ubuntu-like (qcow2): validated, provisioned, boots: root by label, os-release, seed, credential 0600',
      BOOT,
      async () => {
        assert.equal((await validate('ubuntu')).state, 'passed');
        const { disk, outcomes } = await provision('ubuntu');
        assertProvisioned(outcomes);
        const run = await session.boot(disk);
        const { report } = run;
        assert.equal(run.outcome, 'powered-off', `${report.failed ?? ''}\n${run.serial.slice(-3000)}`);
        assert.ok(report.kernelSecureBoot, 'the kernel printed "Secure boot enabled"');
        assert.match(report.rootMount ?? '', /^\/dev\/vda1 \/root ext4 ro,/);
        assert.equal(report.osRelease.ID, 'ubuntu');
        assert.equal(report.osRelease.VERSION, '22.04.5 LTS (Jammy Jellyfish)');
        assertSeed(report);
        assert.ok(report.done);
        console.log(`# provisioned Ubuntu-like disk booted in ${run.seconds} s`);
      },
    );

    it(
      'EMT-like (raw.zst): validated, provisioned, boots through dm-verity with the root hash en-agent wrote, root read-only',
      BOOT,
      async () => {
        assert.equal((await validate('emt')).state, 'passed');
        const { disk, outcomes } = await provision('emt');
        assertProvisioned(outcomes);
        const layout = outcomes.get('emt-layout');
        const rootHash = /root hash ([0-9a-f]{64})/.exec(layout?.ok ? (layout.detail ?? '') : '')?.[1];
        assert.ok(rootHash, 'the layout step reports its root hash');
        const run = await session.boot(disk);
        const { report } = run;
        assert.equal(run.outcome, 'powered-off', `${report.failed ?? ''}\n${run.serial.slice(-3000)}`);
        assert.ok(report.kernelSecureBoot, 'the kernel printed "Secure boot enabled"');
        assert.ok(
          report.proofLines.includes(`boot_uuid ${EMT_ROOT_UUID} is /dev/vda2`),
          report.proofLines.join('\n'),
        );
        assert.ok(report.proofLines.includes(`verity: data /dev/vda2 hash /dev/vda4 root hash ${rootHash}`));
        assert.equal(report.verityDevice, '/dev/mapper/rootfs_verity');
        assert.match(report.rootMount ?? '', /^\/dev\/mapper\/rootfs_verity \/root ext4 ro,/);
        assert.equal(report.osRelease.NAME, 'Edge Microvisor Toolkit');
        assertSeed(report);
        assert.ok(report.done);
        console.log(`# provisioned EMT-like disk booted through dm-verity in ${run.seconds} s`);
      },
    );

    it('EMT-like: a rootfs byte changed after provisioning stops the boot at dm-verity', BOOT, async () => {
      const { disk, outcomes } = await provision('emt');
      assertProvisioned(outcomes);
      const rootfs = await partitionExtent(disk, EMT_VERITY_PARTITIONS.rootfs);
      const file = await open(disk, 'r+');
      try {
        const byte = new Uint8Array(1);
        await file.read(byte, 0, 1, rootfs.offset + EXT4_VOLUME_NAME);
        byte[0] = byte[0]! ^ 0xff;
        await file.write(byte, 0, 1, rootfs.offset + EXT4_VOLUME_NAME);
      } finally {
        await file.close();
      }
      const run = await session.boot(disk);
      assert.match(run.serial, /device-mapper: verity: 25\d:\d+: data block 0 is corrupted/);
      assert.equal(run.report.failed, 'cannot mount the root filesystem /dev/mapper/rootfs_verity');
      assert.deepEqual(run.report.osRelease, {});
      assert.equal(run.report.done, false);
    });

    it('a disk whose stream step failed (checksum mismatch) never reaches the kernel', BOOT, async () => {
      const image = images.emt!;
      const { disk, outcomes } = await provision('emt', {
        ...image,
        sha256: image.sha256.replace(/^./, (c) => (c === '0' ? '1' : '0')),
      });
      const stream = outcomes.get('stream-image');
      assert.ok(stream && !stream.ok, 'the stream step failed');
      assert.equal(stream.error.code, 'CHECKSUM_MISMATCH');
      assert.equal(outcomes.has('emt-layout'), false, 'nothing ran after it');
      const run = await session.boot(disk);
      assert.equal(run.outcome, 'firmware-gave-up', run.serial.slice(-2000));
      assert.doesNotMatch(run.serial, /EFI stub|Linux version/);
      assert.deepEqual(run.report.proofLines, []);
    });

    it(
      'signed outside db: pre-flight validation fails it, and provisioned anyway the firmware refuses it',
      BOOT,
      async () => {
        const report = await validate('emt-other-key');
        assert.equal(report.state, 'failed');
        const signed = report.checks.find((c) => c.id === 'secureboot.signed');
        assert.equal(signed?.status, 'fail');
        assert.match(
          signed?.message ?? '',
          /EFI\/BOOT\/BOOTX64\.EFI signed by edge-orch unrelated boot signer, not trusted/,
        );
        const { disk, outcomes } = await provision('emt-other-key');
        assertProvisioned(outcomes);
        const run = await session.boot(disk);
        assert.equal(run.outcome, 'firmware-gave-up', run.serial.slice(-2000));
        assert.match(run.report.firmwareRefusals[0] ?? '', /^Boot0001 .*: Access Denied$/);
        assert.equal(run.report.kernelSecureBoot, false);
      },
    );
  },
);
