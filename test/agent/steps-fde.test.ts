/**
 * The SB_FDE step (encrypt-disk) with its tools injected: the exact command plan on a node that has
 * cryptsetup, systemd-cryptenroll and a TPM (run against a recording tool runner over an EMT-laid-out
 * disk); the key file private while it exists and gone after; a partition whose content would lose
 * its end to the LUKS2 header refused before any command; and the refusals that name what is
 * missing (tools, TPM, a real disk) without a command run.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { DiskRef } from '../../src/agent/disk/node-disk.js';
import { fdeCommands, partitionDevice, type FdeVolume } from '../../src/agent/steps/fde-plan.js';
import { STEP_EXECUTORS } from '../../src/agent/steps/step-registry.js';
import type { ToolRunner } from '../../src/agent/tools/tool-runner.js';
import { encodeVeritySuperblock, PARTITION_TYPES, writeGptTable } from '../../src/image/index.js';
import { tool } from './support/disk-oracles.js';
import { sparseDisk, stepContext, tempDir, GIB } from './support/step-kit.js';
import { testPlan } from './support/test-plan.js';

const MIB = 1024 * 1024;
const PART_MIB = 48;
let tmp: Awaited<ReturnType<typeof tempDir>>;

before(async () => {
  tmp = await tempDir('agent-fde-');
});
after(async () => {
  await tmp.dispose();
});

/** An SB_FDE EMT plan (the encrypt-disk step after the layout). */
function fdePlan() {
  const plan = testPlan({
    family: 'emt',
    image: { url: 'https://images.test/emt.raw.zst', sha256: '0'.repeat(64), tlsCaCert: '' },
    secureBoot: 'on',
  });
  const layout = plan.steps.findIndex((s) => s.kind === 'emt-layout');
  const encrypt = { kind: 'encrypt-disk', id: 'encrypt-disk', text: 'Enabling full disk encryption', timeoutSeconds: 1800, params: {} } as const; // prettier-ignore
  return {
    ...plan,
    securityFeature: 'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION' as const,
    steps: [...plan.steps.slice(0, layout + 1), encrypt, ...plan.steps.slice(layout + 1)],
  };
}

/**
 * A disk with the EMT partitions 1-8 and 10 of 48 MiB each: ext4 in 2, 3, 6 and 7 (`fsMiB[n]` MiB,
 * default 16), a dm-verity superblock for 1024 MiB of data in 4, nothing in 5, 8 and 10.
 */
async function emtDisk(name: string, fsMiB: Record<number, number> = {}): Promise<DiskRef> {
  const disk = await sparseDisk(`${tmp.dir}/${name}.img`, GIB);
  const numbers = [1, 2, 3, 4, 5, 6, 7, 8, 10];
  const entries = numbers.map((number, i) => ({
    number,
    name: `p${number}`,
    typeGuid: number === 1 ? PARTITION_TYPES.esp.guid : PARTITION_TYPES.linuxFilesystem.guid,
    uniqueGuid: randomUUID(),
    firstLba: BigInt((1 + i * PART_MIB) * 2048),
    lastLba: BigInt((1 + (i + 1) * PART_MIB) * 2048) - 1n,
    attributes: 0n,
  }));
  const gpt = writeGptTable({ diskSize: disk.size, diskGuid: randomUUID(), entries });
  const handle = await open(disk.path, 'r+');
  await handle.write(gpt.primary, 0, gpt.primary.length, 0);
  await handle.write(gpt.backup, 0, gpt.backup.length, gpt.backupOffset);
  const verity = encodeVeritySuperblock({
    uuid: randomUUID(),
    algorithm: 'sha256',
    dataBlockSize: 4096,
    hashBlockSize: 4096,
    dataBlocks: BigInt((1024 * MIB) / 4096), // a hash area of about 8 MiB
    salt: new Uint8Array(32),
  });
  await handle.write(verity, 0, verity.length, Number(entries[3]!.firstLba) * 512);
  await handle.close();
  for (const n of [2, 3, 6, 7]) {
    const at = Number(entries.find((e) => e.number === n)!.firstLba) * 512;
    await tool('mke2fs', ['-q', '-F', '-t', 'ext4', '-E', `offset=${at}`, disk.path, `${fsMiB[n] ?? 16}M`]);
  }
  // The step sees it as hardware: a block device path (its partitions named from it).
  return { ...disk, kind: 'device' };
}

/** Tools that are all there; every command is recorded (with the key file's mode when it is used). */
function recordingTools(): ToolRunner & { commands: { command: string; args: readonly string[] }[]; keyModes: number[] } {
  const commands: { command: string; args: readonly string[] }[] = [];
  const keyModes: number[] = [];
  return {
    commands,
    keyModes,
    has: () => Promise.resolve(true),
    async run(command, args) {
      commands.push({ command, args: [...args] });
      const key = args.find((a) => a.endsWith('volume.key'))?.replace(/^--unlock-key-file=/, '');
      if (key) keyModes.push((await stat(key)).mode & 0o777);
      return { stdout: '', stderr: '' };
    },
  };
} // prettier-ignore

test('the command plan: partx, in-place reencrypt of the data partitions, luksFormat of the empty ones, swap inside, TPM enrolment with PCR 15', () => {
  const disk = '/dev/nvme0n1';
  const volumes: FdeVolume[] = [
    { number: 3, device: partitionDevice(disk, 3), content: 'keep' },
    { number: 5, device: partitionDevice(disk, 5), content: 'empty' },
    { number: 8, device: partitionDevice(disk, 8), content: 'swap' },
  ];
  const luks = ['--type', 'luks2', '--cipher', 'aes-xts-plain64', '--key-size', '512', '--key-file', '/run/k', '--batch-mode'];
  const enrol = (dev: string) => ['--unlock-key-file=/run/k', '--tpm2-device=/dev/tpmrm0', '--tpm2-pcrs=15', '--wipe-slot=password', dev];
  assert.deepEqual(fdeCommands(disk, volumes, '/run/k'), [
    { command: 'partx', args: ['--update', '/dev/nvme0n1'] },
    { command: 'udevadm', args: ['settle'] },
    { command: 'cryptsetup', args: ['reencrypt', '--encrypt', ...luks, '--reduce-device-size', '32M', '/dev/nvme0n1p3'] },
    { command: 'cryptsetup', args: ['luksFormat', ...luks, '/dev/nvme0n1p5'] },
    { command: 'cryptsetup', args: ['luksFormat', ...luks, '/dev/nvme0n1p8'] },
    { command: 'cryptsetup', args: ['open', '--key-file', '/run/k', '/dev/nvme0n1p8', 'fde-swap-8'] },
    { command: 'mkswap', args: ['-L', 'swap', '/dev/mapper/fde-swap-8'] },
    { command: 'cryptsetup', args: ['close', 'fde-swap-8'] },
    { command: 'systemd-cryptenroll', args: enrol('/dev/nvme0n1p3') },
    { command: 'systemd-cryptenroll', args: enrol('/dev/nvme0n1p5') },
    { command: 'systemd-cryptenroll', args: enrol('/dev/nvme0n1p8') },
  ]);
  assert.equal(partitionDevice('/dev/sda', 3), '/dev/sda3');
  assert.equal(partitionDevice('/dev/mmcblk0', 3), '/dev/mmcblk0p3');
}); // prettier-ignore

test('with cryptsetup, systemd-cryptenroll and a TPM: the EMT disk is encrypted by exactly that plan, the key private and then gone', async () => {
  const disk = await emtDisk('fde');
  const tools = recordingTools();
  const { ctx } = stepContext(disk, fdePlan(), { tools, facts: { tpm: true, secureBoot: true } });
  const outcome = await STEP_EXECUTORS['encrypt-disk'].run(ctx, {}, new AbortController().signal);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.error.message);
  const keyFile = tools.commands.find((c) => c.command === 'cryptsetup')!.args.find((a) => a.endsWith('volume.key'))!;
  const expected = fdeCommands(
    disk.path,
    [
      { number: 3, device: `${disk.path}3`, content: 'keep' },
      { number: 4, device: `${disk.path}4`, content: 'keep' },
      { number: 5, device: `${disk.path}5`, content: 'empty' },
      { number: 6, device: `${disk.path}6`, content: 'keep' },
      { number: 7, device: `${disk.path}7`, content: 'keep' },
      { number: 8, device: `${disk.path}8`, content: 'swap' },
      { number: 10, device: `${disk.path}10`, content: 'empty' },
    ],
    keyFile,
  );
  assert.deepEqual(tools.commands, expected.map((c) => ({ command: c.command, args: [...c.args] })));
  assert.ok(tools.keyModes.length > 0 && tools.keyModes.every((m) => m === 0o600), 'the key file is 0600 while used');
  await assert.rejects(stat(keyFile), { code: 'ENOENT' }, 'the key file is gone');
  assert.match(
    outcome.detail ?? '',
    /^LUKS2 aes-xts-plain64 on partitions 3, 4, 5, 6, 7, 8, 10 with the key sealed to TPM PCR 15 \(\/dev\/tpmrm0\); encrypted in place: 3, 4, 6, 7; rootfs A stays dm-verity protected, not encrypted$/,
  );
}); // prettier-ignore

test('a filesystem reaching into the last 32 MiB of its partition is refused before any command runs', async () => {
  const disk = await emtDisk('full', { 6: PART_MIB - 8 });
  const tools = recordingTools();
  const { ctx } = stepContext(disk, fdePlan(), { tools, facts: { tpm: true, secureBoot: true } });
  const outcome = await STEP_EXECUTORS['encrypt-disk'].run(ctx, {}, new AbortController().signal);
  assert.equal(!outcome.ok && outcome.error.code, 'LAYOUT_UNEXPECTED');
  assert.match(!outcome.ok ? outcome.error.message : '', /partition 6 \("p6"\) holds 40 MiB; encrypting it in place needs its last 32 MiB free \(at most 16 MiB used\)/);
  assert.deepEqual(tools.commands, []);
}); // prettier-ignore

test('without the tools or a TPM, or on a file disk: FDE_UNAVAILABLE says what is missing, nothing runs', async () => {
  const disk = await emtDisk('missing');
  const run = async (tools: ToolRunner, tpm: boolean, ref: DiskRef = disk) => {
    const { ctx } = stepContext(ref, fdePlan(), { tools, facts: { tpm, secureBoot: true } });
    const outcome = await STEP_EXECUTORS['encrypt-disk'].run(ctx, {}, new AbortController().signal);
    assert.equal(!outcome.ok && outcome.error.code, 'FDE_UNAVAILABLE');
    return !outcome.ok ? outcome.error.message : '';
  };
  const never: ToolRunner = { has: () => Promise.resolve(false), run: () => Promise.reject(new Error('not called')) };
  assert.match(
    await run(never, false),
    /^full disk encryption \(LUKS2 aes-xts-plain64 on partitions 3, 4, 5, 6, 7, 8, 10 with the key sealed to TPM PCR 15\) needs cryptsetup and systemd-cryptenroll and a TPM 2\.0 \(\/dev\/tpmrm0\), which this node lacks; the disk is NOT encrypted$/,
  );
  const onlyCryptsetup: ToolRunner = { ...never, has: (c) => Promise.resolve(c === 'cryptsetup') };
  assert.match(await run(onlyCryptsetup, true), /needs systemd-cryptenroll, which this node lacks/);
  const tools = recordingTools();
  assert.match(await run(tools, false), /needs a TPM 2\.0 \(\/dev\/tpmrm0\), which this node lacks/);
  assert.match(await run(tools, true, { ...disk, kind: 'file' }), /runs on a real disk; .* is a file \(a virtual edge node\) without partition devices, so the disk is NOT encrypted/);
  assert.deepEqual(tools.commands, []);
}); // prettier-ignore
