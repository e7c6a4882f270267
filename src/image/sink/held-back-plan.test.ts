import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGpt } from '../gpt/gpt-create.js';
import { GptError } from '../gpt/gpt-error.js';
import { PARTITION_TYPES } from '../gpt/partition-types.js';
import { planHeldBack } from './held-back-plan.js';

const MIB = 1024 * 1024;
const head = (primary: Uint8Array) => {
  const bytes = new Uint8Array(MIB);
  bytes.set(primary);
  return bytes;
};

test('a GPT image holds back its backup entries and header', () => {
  for (const sectorSize of [512, 4096] as const) {
    const gpt = createGpt({
      diskSize: 8 * MIB,
      sectorSize,
      partitions: [{ name: 'a', typeGuid: PARTITION_TYPES.esp.guid, sizeBytes: MIB }],
    });
    const plan = planHeldBack(head(gpt.primary));
    assert.equal(plan.kind, 'gpt');
    if (plan.kind !== 'gpt') return;
    assert.deepEqual(
      [plan.sectorSize, plan.gptDiskSize, plan.tailStart, plan.tailEnd],
      [sectorSize, 8 * MIB, gpt.backupOffset, 8 * MIB],
    );
  }
});

test('an MBR image gives a minimum size from its partitions; anything else is plain', () => {
  const mbr = new Uint8Array(MIB);
  const dv = new DataView(mbr.buffer);
  dv.setUint8(446 + 4, 0x0c);
  dv.setUint32(446 + 8, 2048, true);
  dv.setUint32(446 + 12, 4096, true);
  dv.setUint16(510, 0xaa55, true);
  assert.deepEqual(planHeldBack(mbr), { kind: 'mbr', minImageSize: 6144 * 512 });
  assert.deepEqual(planHeldBack(new Uint8Array(MIB)), { kind: 'none' });
});

test('a corrupt or impossible GPT is a GptError', () => {
  const gpt = createGpt({ diskSize: 8 * MIB, partitions: [] });
  const badCrc = head(gpt.primary);
  badCrc[512 + 48] = 1;
  assert.throws(
    () => planHeldBack(badCrc),
    (e: unknown) => e instanceof GptError && e.field === 'headerCrc32',
  );
  assert.throws(
    () => planHeldBack(gpt.primary.subarray(0, 4096)),
    (e: unknown) => e instanceof GptError && e.field === 'partitionEntryLba',
  );
  const badEntries = head(gpt.primary);
  badEntries[1024 + 300] = 1;
  assert.throws(
    () => planHeldBack(badEntries),
    (e: unknown) => e instanceof GptError && e.field === 'entriesCrc32',
  );
});
