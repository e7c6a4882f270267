/**
 * End to end through orchd and the en-agent program: a real `orchd serve` (SQLite) validates custom
 * SB_FDE profiles of bootable images served over HTTPS (our db CA as their Secure Boot
 * certificate); a host and its instance are registered over the API; the en-agent program, a
 * child process on a sparse file disk (`--disk node.img --disk-size …  --uuid … --serial …`),
 * onboards, fetches its workflow and writes the disk; QEMU then boots that disk with OVMF and
 * Secure Boot enforced. The console must show the kernel's "Secure boot enabled", the rootfs
 * os-release, CIDATA's meta-data naming orchd's instance and host, and the agent configuration
 * with the node's credential (mode 0600); for EMT, rootfs A opened through dm-verity with the root
 * hash en-agent computed, mounted read-only through it.
 *
 * Negative: a rootfs byte changed after provisioning stops the EMT boot at dm-verity; an image
 * swapped upstream after validation fails the stream step (CHECKSUM_MISMATCH, in the host's status
 * on orchd's API) and that disk never reaches a kernel; an image signed outside db fails orchd's
 * validation (`secureboot.signed`).
 *
 * The instances ask for no disk encryption (SECURITY_FEATURE_NONE): SB_FDE instances add the
 * encrypt-disk step, which needs a TPM and refuses on a file disk. The agent, told nothing, takes
 * its file disk's firmware as Secure Boot off; the machine that boots the disk enforces it.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { ext4File, gptSignatures, sgdiskCheck, sgdiskList, tool } from '../agent/support/disk-oracles.js';
import { buildBootableImage } from '../fixtures/bootable/bootable-images.js';
import { describeFile } from '../fixtures/disk-image/disk-image-fixtures.js';
import { encodeImage, type ImageEncoding } from '../fixtures/disk-image/encode-image.js';
import { EMT_ROOT_UUID } from '../fixtures/os-images/os-image-variants.js';
import {
  bootStops,
  bootsToOs,
  EXT4_VOLUME_NAME,
  flipByte,
  neverReachesKernel,
} from '../support/boot/boot-checks.js';
import { missingBootProofParts } from '../support/boot/boot-proof-requirements.js';
import { BOOT_TIMEOUT_MS, openBootSession, type BootSession } from '../support/boot/boot-session.js';
import { runEnAgent, type AgentExit } from '../support/edge-node/en-agent-process.js';
import {
  createProfileAndWait,
  readHost,
  registerNodeWithInstance,
  startOrchdForNodes,
  type OrchdForNodes,
  type ValidationEnd,
} from '../support/edge-node/orchd-for-nodes.js';
import { startImageServer, type ImageServer } from '../support/https-server/image-server.js';
import { loadTestCertificates } from '../support/tls/test-certificates.js';

const missing = await missingBootProofParts();
const skip = missing.length > 0 ? `the boot proof needs ${missing.join(', ')}` : false;
const BOOT = { timeout: 2 * BOOT_TIMEOUT_MS + 300_000 };
/** Where orchd's user-data puts the node agent's configuration (with the credential), mode 0600. */
const AGENT_CONFIG_PATH = '/etc/edge-orch/agent.yaml';

type Family = 'ubuntu' | 'emt';
interface Hosted {
  readonly family: Family;
  readonly encoding: ImageEncoding;
  readonly signer: 'signer' | 'other';
}
/** The images served; `emt-swapped` is the EMT image, replaced upstream once validated. */
const HOSTED: Record<string, Hosted> = {
  ubuntu: { family: 'ubuntu', encoding: 'qcow2-v3', signer: 'signer' },
  emt: { family: 'emt', encoding: 'raw.zst', signer: 'signer' },
  'emt-swapped': { family: 'emt', encoding: 'raw.zst', signer: 'signer' },
  'emt-other-key': { family: 'emt', encoding: 'raw.zst', signer: 'other' },
};

describe(
  'boot proof end to end: orchd validates, en-agent provisions, the disk boots under Secure Boot',
  { skip },
  () => {
    let session: BootSession;
    let server: ImageServer;
    let orchd: OrchdForNodes;
    const hosted: Record<string, { path: string; file: string }> = {};
    const validations: Record<string, Promise<ValidationEnd>> = {};
    let nodeCount = 0;

    before(async () => {
    session = await openBootSession();
    const certs = await loadTestCertificates();
    const files: Record<string, { content: { file: string } }> = {};
    const described: Record<string, { sha256: string }> = {};
    for (const [name, spec] of Object.entries(HOSTED)) {
      const dir = join(session.dir, `hosted-${name}`);
      const raw = await buildBootableImage(session.artefacts, spec.family, dir, { loaderSigner: spec.signer });
      const file = await describeFile(await encodeImage(raw, spec.encoding, dir));
      hosted[name] = { path: `/${name}.${spec.encoding}`, file: file.path };
      described[name] = file;
      files[hosted[name].path] = { content: { file: file.path } };
    }
    server = await startImageServer({ tls: { cert: certs.leaf.cert, key: certs.leaf.key }, files });
    orchd = await startOrchdForNodes(session.dir);
    for (const [name, spec] of Object.entries(HOSTED)) {
      validations[name] = createProfileAndWait(orchd, {
        name: `${name} boot proof`,
        profileName: `${spec.family === 'ubuntu' ? 'ubuntu-22.04-lts' : 'microvisor'}-${name}`,
        imageUrl: server.url(hosted[name]!.path),
        imageId: spec.family === 'ubuntu' ? '22.04.5' : '3.0.20261101.0100',
        sha256: described[name]!.sha256,
        osType: spec.family === 'ubuntu' ? 'MUTABLE' : 'IMMUTABLE',
        securityFeature: 'SB_FDE',
        tlsCaCert: certs.ca.cert,
        secureBootCerts: session.artefacts.keys.ca.cert,
      });
    }
    // Nothing waits on a rejection before its test does.
    for (const v of Object.values(validations)) v.catch(() => undefined);
  }, { timeout: 900_000 }); // prettier-ignore

    after(async () => {
      await orchd?.close();
      await server?.close();
    });

    /** The profile of `name`, its validation passed. */
    async function passedProfile(name: string): Promise<string> {
      const validation = await validations[name]!;
      assert.equal(
        validation.state,
        'passed',
        JSON.stringify(validation.checks.filter((c) => c.status !== 'pass')),
      );
      return validation.profileId;
    }

    /** A new node with an instance of `osId`, provisioned by the en-agent program on a sparse file disk. */
    async function provision(osId: string, diskSize: string) {
      nodeCount += 1;
      const n = String(nodeCount).padStart(4, '0');
      const node = { uuid: `4c4c4544-0042-4a10-8052-0000000b${n}`, serialNumber: `BOOTPROOF${n}` };
      const { hostId, instanceId } = await registerNodeWithInstance(orchd, node, osId);
      const disk = join(session.dir, `node-${n}.img`);
      const stateDir = join(session.dir, `node-${n}.state`);
      const agent = await runEnAgent({
        orchestrator: orchd.url,
        disk,
        diskSize,
        uuid: node.uuid,
        serial: node.serialNumber,
        stateDir,
      });
      return { hostId, instanceId, disk, stateDir, agent, host: await readHost(orchd, hostId) };
    }

    function assertProvisioned(agent: AgentExit, host: { instance?: { provisioningStatus?: string } }): void {
      assert.equal(agent.code, 0, agent.output);
      assert.equal(host.instance?.provisioningStatus, 'Provisioned', JSON.stringify(host.instance));
    }

    /** The seeded agent configuration as orchd rendered it: sha256 of its content, checked for our ids. */
    async function agentConfigFile(userData: string, hostId: string, stateDir: string) {
      const config = (
        parse(userData) as { write_files: { path: string; content: string }[] }
      ).write_files.find((f) => f.path === AGENT_CONFIG_PATH);
      assert.ok(config, `user-data writes ${AGENT_CONFIG_PATH}`);
      const saved = JSON.parse(await readFile(join(stateDir, 'node-credential.json'), 'utf8')) as {
        hostId: string;
        credential: string;
      };
      const fields = parse(config.content) as { hostId: string; credential: string };
      assert.equal(fields.hostId, hostId);
      assert.equal(saved.hostId, hostId);
      assert.equal(fields.credential, saved.credential, 'the credential orchd gave the node at onboarding');
      return {
        path: AGENT_CONFIG_PATH,
        mode: '600',
        sha256: createHash('sha256').update(config.content).digest('hex'),
      };
    }

    it('Ubuntu-like (qcow2): boots with root by label, os-release, the seed of its orchd host, the credential 0600', BOOT, async () => {
    const osId = await passedProfile('ubuntu');
    const { hostId, disk, stateDir, agent, host } = await provision(osId, '8G');
    assertProvisioned(agent, host);
    const run = await bootsToOs(session, disk, {
      rootMount: /^\/dev\/vda1 \/root ext4 ro,/,
      osRelease: { ID: 'ubuntu', VERSION: '22.04.5 LTS (Jammy Jellyfish)' },
      metaData: { 'instance-id': hostId, 'local-hostname': hostId },
    });
    const config = await agentConfigFile(run.report.userData, hostId, stateDir);
    assert.deepEqual(run.report.seededFiles.find((f) => f.path === config.path), config);
    console.log(`# Ubuntu-like disk provisioned by en-agent through orchd booted in ${run.seconds} s (host ${hostId})`);
  }); // prettier-ignore

    let emtDisk: string | undefined;
    it('EMT-like (raw.zst): boots through dm-verity with the root hash en-agent computed, root read-only, the seed of its orchd host', BOOT, async () => {
    const osId = await passedProfile('emt');
    const { hostId, disk, stateDir, agent, host } = await provision(osId, '40G');
    assertProvisioned(agent, host);
    const rootHash = /root hash ([0-9a-f]{64})/.exec(
      agent.output.split('\n').find((l) => /done: .*root hash [0-9a-f]{64}/.test(l)) ?? '',
    )?.[1];
    assert.ok(rootHash, `the layout step logs its root hash:\n${agent.output}`);
    const roothashPart = (await sgdiskCheck(disk)).find((p) => p.name === 'roothash')!;
    assert.equal((await ext4File(disk, roothashPart, '/part_a_roothash')).trim(), rootHash);
    const run = await bootsToOs(session, disk, {
      proofLines: [
        `boot_uuid ${EMT_ROOT_UUID} is /dev/vda2`,
        `verity: data /dev/vda2 hash /dev/vda4 root hash ${rootHash}`,
      ],
      verityDevice: '/dev/mapper/rootfs_verity',
      rootMount: /^\/dev\/mapper\/rootfs_verity \/root ext4 ro,/,
      osRelease: { NAME: 'Edge Microvisor Toolkit', VERSION_ID: '3.0' },
      metaData: { 'instance-id': hostId, 'local-hostname': hostId },
    });
    const config = await agentConfigFile(run.report.userData, hostId, stateDir);
    assert.deepEqual(run.report.seededFiles.find((f) => f.path === config.path), config);
    emtDisk = disk;
    console.log(`# EMT-like disk provisioned by en-agent through orchd booted through dm-verity in ${run.seconds} s`);
  }); // prettier-ignore

    it('EMT-like: a rootfs byte changed after provisioning stops the boot at dm-verity', BOOT, async (t) => {
      if (!emtDisk) return t.skip('needs the provisioned EMT disk of the test before');
      const disk = join(session.dir, 'emt-flipped.img');
      await tool('cp', ['--sparse=always', emtDisk, disk]);
      const rootfs = (await sgdiskList(disk)).find((p) => p.number === 2)!;
      await flipByte(disk, rootfs.offset + EXT4_VOLUME_NAME);
      const report = await bootStops(
        session,
        disk,
        'cannot mount the root filesystem /dev/mapper/rootfs_verity',
        /device-mapper: verity: 25\d:\d+: data block 0 is corrupted/,
      );
      assert.equal(report.verityDevice, '/dev/mapper/rootfs_verity');
    });

    it('an image swapped upstream after validation: the stream step fails CHECKSUM_MISMATCH, orchd shows it, the disk never reaches a kernel', BOOT, async () => {
    const osId = await passedProfile('emt-swapped');
    // The same path now serves other bytes (another valid image): what a compromised or replaced
    // upstream file looks like to the node.
    server.replace(hosted['emt-swapped']!.path, { content: { file: hosted['emt-other-key']!.file } });
    const { disk, agent, host } = await provision(osId, '40G');
    assert.equal(agent.code, 1, agent.output);
    assert.match(agent.output, /provisioning failed: CHECKSUM_MISMATCH: /);
    const reason = /provisioning failed: CHECKSUM_MISMATCH: (.*)/.exec(agent.output)![1]!;
    assert.match(host.instance.provisioningStatus, /^Provisioning Failed: \d+\/\d+: /);
    assert.ok(host.instance.provisioningStatus.endsWith(reason), `${host.instance.provisioningStatus} ends with ${reason}`);
    assert.deepEqual(await gptSignatures(disk), { primary: false, backup: false }, 'no partition table at either end');
    await neverReachesKernel(session, disk);
  }); // prettier-ignore

    it('an image signed outside db: orchd fails its validation at secureboot.signed', async () => {
      const validation = await validations['emt-other-key']!;
      assert.equal(validation.state, 'failed');
      const signed = validation.checks.find((c) => c.id === 'secureboot.signed');
      assert.equal(signed?.status, 'fail');
      assert.match(
        signed?.message ?? '',
        /EFI\/BOOT\/BOOTX64\.EFI signed by edge-orch unrelated boot signer, not trusted/,
      );
    });
  },
);
