/**
 * The steps' refusals: Secure Boot both ways, bad parameters, a checksum mismatch that leaves no
 * partition table, an image too large for the disk before any write, FDE without cryptsetup/TPM,
 * erase, and the boot order.
 */
import assert from 'node:assert/strict';
import { open } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { readDiskGpt } from '../../src/agent/disk/disk-gpt.js';
import { NodeDisk } from '../../src/agent/disk/node-disk.js';
import { bootOrder } from '../../src/agent/steps/boot-order.js';
import { planEmtLayout, swapMiB } from '../../src/agent/steps/emt-layout-plan.js';
import { STEP_EXECUTORS } from '../../src/agent/steps/step-registry.js';
import { sgdiskCheck } from './support/disk-oracles.js';
import {
  GIB,
  runStep,
  serveImages,
  sparseDisk,
  stepContext,
  tempDir,
  type ImageEnv,
} from './support/step-kit.js';
import { testPlan } from './support/test-plan.js';

let env: ImageEnv;
let tmp: Awaited<ReturnType<typeof tempDir>>;
const stepOf = (plan: ReturnType<typeof testPlan>, kind: string) => plan.steps.find((s) => s.kind === kind)!;

before(async () => {
  tmp = await tempDir('agent-checks-');
  env = await serveImages([{ variant: 'ubuntu', encoding: 'raw.zst' }]);
});
after(async () => {
  await env.close();
  await tmp.dispose();
});

test('Secure Boot is strict both ways and the message says which is on and which was expected', async () => {
  const disk = await sparseDisk(`${tmp.dir}/sb.img`, GIB);
  for (const [firmware, expected] of [
    [true, 'off'],
    [false, 'on'],
    [null, 'on'],
  ] as const) {
    const plan = testPlan({ family: 'ubuntu', image: env.images['ubuntu.raw.zst']!, secureBoot: expected });
    const { ctx } = stepContext(disk, plan, { facts: { secureBoot: firmware } });
    const outcome = await runStep(ctx, stepOf(plan, 'secure-boot-check'));
    assert.equal(!outcome.ok && outcome.error.code, 'SECURE_BOOT_MISMATCH');
    const actual = firmware ? 'on' : 'off';
    assert.match(
      !outcome.ok ? outcome.error.message : '',
      new RegExp(`Secure Boot is ${actual} .* expects it ${expected}`),
    );
  }
  const plan = testPlan({ family: 'ubuntu', image: env.images['ubuntu.raw.zst']!, secureBoot: 'on' });
  const ok = await runStep(
    stepContext(disk, plan, { facts: { secureBoot: true } }).ctx,
    stepOf(plan, 'secure-boot-check'),
  );
  assert.ok(ok.ok);
});

test('bad step parameters are STEP_PARAMS_INVALID naming the field', () => {
  assert.throws(() => STEP_EXECUTORS['secure-boot-check'].parse({ expected: 'maybe' }), {
    code: 'STEP_PARAMS_INVALID',
    message: /expected must be on \| off/,
  });
  assert.throws(
    () =>
      STEP_EXECUTORS['stream-image'].parse({
        url: 'https://x/y',
        sha256: 'abc',
        tlsCaCert: '',
        expectedDiskBytes: null,
      }),
    {
      code: 'STEP_PARAMS_INVALID',
      message: /sha256/,
    },
  );
  assert.throws(() => STEP_EXECUTORS['grow-root'].parse({ rootPartition: 0, reserveMiB: 16 }), {
    message: /rootPartition/,
  });
  assert.throws(
    () =>
      STEP_EXECUTORS['write-cloud-init'].parse({
        instanceId: 'i',
        localHostname: 'h',
        userData: '',
        provisioningMac: 'nope',
      }),
    {
      message: /provisioningMac/,
    },
  );
  assert.throws(() => STEP_EXECUTORS.reboot.parse(null), { code: 'STEP_PARAMS_INVALID' });
  const kernel = { version: 'k', truncated: false, modules: [] };
  assert.throws(() => STEP_EXECUTORS['driver-check'].parse({ acceptedGaps: [], usbClasses: '08' }), {
    code: 'STEP_PARAMS_INVALID',
    message: /usbClasses is malformed/,
  });
  assert.throws(
    () =>
      STEP_EXECUTORS['driver-check'].parse({
        acceptedGaps: [],
        kernels: [{ ...kernel, buses: ['pci', 'isa'] }],
      }),
    { code: 'STEP_PARAMS_INVALID', message: /kernels\.buses is malformed/ },
  );
  // A plan from before USB: the default USB classes, a kernel without buses (PCI-only).
  assert.deepEqual(STEP_EXECUTORS['driver-check'].parse({ acceptedGaps: [], kernels: [kernel] }), {
    acceptedGaps: [],
    classes: ['01', '02'],
    usbClasses: ['08', '0206', '020d'],
    kernels: [kernel],
    uncheckedReason: null,
  });
});

test('a checksum mismatch fails the stream with CHECKSUM_MISMATCH and leaves no valid GPT at either end', async () => {
  const disk = await sparseDisk(`${tmp.dir}/mismatch.img`, 2 * GIB);
  const image = { ...env.images['ubuntu.raw.zst']!, sha256: '0'.repeat(64) };
  const plan = testPlan({ family: 'ubuntu', image });
  const { ctx } = stepContext(disk, plan);
  const outcome = await runStep(ctx, stepOf(plan, 'stream-image'));
  assert.equal(!outcome.ok && outcome.error.code, 'CHECKSUM_MISMATCH');
  const handle = await NodeDisk.open(disk);
  const gpt = await readDiskGpt(handle);
  await handle.close();
  assert.equal(gpt.primary, undefined);
  assert.equal(gpt.backup, undefined);
  assert.equal(gpt.valid, false);
});

test('an image declared larger than the disk fails before a byte is fetched or written', async () => {
  const disk = await sparseDisk(`${tmp.dir}/tiny.img`, 64 * 1024 * 1024);
  const before = env.server.requests.length;
  const plan = testPlan({
    family: 'ubuntu',
    image: { ...env.images['ubuntu.raw.zst']!, expectedDiskBytes: 128 * 1024 * 1024 },
  });
  const outcome = await runStep(stepContext(disk, plan).ctx, stepOf(plan, 'stream-image'));
  assert.equal(!outcome.ok && outcome.error.code, 'TARGET_TOO_SMALL');
  assert.equal(env.server.requests.length, before);
});

test('erase clears both tables and the old partitions signature areas', async () => {
  const disk = await sparseDisk(`${tmp.dir}/erase.img`, GIB);
  const plan = testPlan({ family: 'ubuntu', image: env.images['ubuntu.raw.zst']! });
  const { ctx } = stepContext(disk, plan);
  assert.ok((await runStep(ctx, stepOf(plan, 'stream-image'))).ok);
  const parts = await sgdiskCheck(disk.path);
  const outcome = await runStep(ctx, stepOf(plan, 'erase-disk'));
  assert.ok(outcome.ok);
  assert.match(outcome.detail ?? '', /2 old partition/);
  const handle = await open(disk.path, 'r');
  for (const offset of [0, disk.size - 1024 * 1024, ...parts.map((p) => p.offset)]) {
    const bytes = Buffer.alloc(128 * 1024);
    await handle.read(bytes, 0, bytes.length, offset);
    assert.ok(bytes.equals(Buffer.alloc(bytes.length)), `zeros at ${offset}`);
  }
  await handle.close();
});

test('EMT sizing: swap from RAM, 5120 MiB reserved above 110 GiB, refusal of small disks and oversized lvm', () => {
  assert.equal(swapMiB(null), 1024);
  assert.equal(swapMiB(16), 4096);
  const big = planEmtLayout({
    diskSize: 200 * GIB,
    rootfsFirstLba: 10240n,
    rootfsPartition: 2,
    persistentPartition: 3,
    lvmSizeGiB: 0,
    ramGiB: 1,
  });
  assert.equal(big.reservedMiB, 5120);
  assert.equal(
    planEmtLayout({
      diskSize: 110 * GIB,
      rootfsFirstLba: 10240n,
      rootfsPartition: 2,
      persistentPartition: 3,
      lvmSizeGiB: 0,
      ramGiB: 1,
    }).reservedMiB,
    3072,
  );
  assert.throws(
    () =>
      planEmtLayout({
        diskSize: 20 * GIB,
        rootfsFirstLba: 10240n,
        rootfsPartition: 2,
        persistentPartition: 3,
        lvmSizeGiB: 0,
        ramGiB: 1,
      }),
    {
      code: 'DISK_TOO_SMALL',
    },
  );
  assert.throws(
    () =>
      planEmtLayout({
        diskSize: 40 * GIB,
        rootfsFirstLba: 10240n,
        rootfsPartition: 2,
        persistentPartition: 3,
        lvmSizeGiB: 30,
        ramGiB: 1,
      }),
    {
      code: 'DISK_TOO_SMALL',
      message: /edge_persistent/,
    },
  );
});

test('boot order: our entry first, network boot last', () => {
  const listing =
    'BootCurrent: 0001\nBootOrder: 0001,0000,0002\nBoot0000* UEFI PXEv4 (MAC:525400123456)\nBoot0001* UEFI QEMU HARDDISK\nBoot0002* UEFI HTTPv4 (MAC:525400123456)\nBoot0003* edge-orch\tHD(1,GPT,...)/File(\\EFI\\BOOT\\BOOTX64.EFI)\n';
  assert.deepEqual(bootOrder(listing), ['0003', '0001', '0000', '0002']);
});
