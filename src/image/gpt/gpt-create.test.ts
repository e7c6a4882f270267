import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGpt } from './gpt-create.js';
import { decodeGptHeader } from './gpt-header.js';
import { GptError } from './gpt-error.js';
import { relocateBackupGpt } from './gpt-relocate.js';
import { PARTITION_TYPES } from './partition-types.js';
import { isProtectiveMbr } from './protective-mbr.js';

const MIB = 1024 * 1024;
const part = (name: string, sizeBytes: number, firstLba?: number) => ({
  name,
  typeGuid: PARTITION_TYPES.linuxFilesystem.guid,
  sizeBytes,
  ...(firstLba === undefined ? {} : { firstLba }),
});

test('createGpt aligns partitions to 1 MiB and fills both regions', () => {
  const gpt = createGpt({ diskSize: 8 * MIB, partitions: [part('a', 100_000), part('b', MIB)] });
  assert.equal(gpt.primary.length, 34 * 512);
  assert.equal(gpt.backup.length, 33 * 512);
  assert.equal(gpt.backupOffset, 8 * MIB - 33 * 512);
  assert.ok(isProtectiveMbr(gpt.primary));
  assert.deepEqual(
    gpt.entries.map((e) => [e.number, e.firstLba, e.lastLba]),
    [
      [1, 2048n, 2243n],
      [2, 4096n, 6143n],
    ],
  );
  const backup = decodeGptHeader(gpt.backup.subarray(32 * 512), gpt.backupOffset + 32 * 512);
  assert.equal(backup.myLba, gpt.header.alternateLba);
  assert.equal(backup.entriesCrc32, gpt.header.entriesCrc32);
});

test('createGpt with 4096-byte sectors uses 4 entry sectors', () => {
  const gpt = createGpt({ diskSize: 8 * MIB, sectorSize: 4096, partitions: [part('a', MIB)] });
  assert.equal(gpt.primary.length, 6 * 4096);
  assert.equal(gpt.header.firstUsableLba, 6n);
  assert.equal(gpt.entries[0]!.firstLba, 256n);
});

test('createGpt refuses partitions outside the usable range or overlapping', () => {
  assert.throws(
    () => createGpt({ diskSize: 4 * MIB, partitions: [part('big', 4 * MIB)] }),
    (e: unknown) => e instanceof GptError && /does not fit the usable range/.test(e.message),
  );
  assert.throws(
    () => createGpt({ diskSize: 8 * MIB, partitions: [part('a', MIB), part('b', MIB, 3000)] }),
    (e: unknown) => e instanceof GptError && /overlaps partition 1/.test(e.message),
  );
  assert.throws(
    () => createGpt({ diskSize: 16 * 512, partitions: [] }),
    (e: unknown) => e instanceof GptError && e.field === 'diskSize',
  );
});

test('relocateBackupGpt moves the backup to the new end and keeps partitions', () => {
  const gpt = createGpt({ diskSize: 8 * MIB, partitions: [part('a', MIB)] });
  const moved = relocateBackupGpt(gpt.primary, 20 * MIB);
  assert.equal(moved.header.alternateLba, BigInt((20 * MIB) / 512 - 1));
  assert.equal(moved.header.lastUsableLba, BigInt((20 * MIB) / 512 - 34));
  assert.equal(moved.backupOffset, 20 * MIB - 33 * 512);
  assert.deepEqual(moved.primary.subarray(1024), gpt.primary.subarray(1024));
  assert.equal(decodeGptHeader(moved.primary.subarray(512, 1024)).alternateLba, moved.header.alternateLba);
});

test('relocateBackupGpt refuses a missing or corrupt primary and a disk too small', () => {
  const gpt = createGpt({ diskSize: 8 * MIB, partitions: [part('a', 5 * MIB)] });
  assert.throws(
    () => relocateBackupGpt(new Uint8Array(34 * 512), 9 * MIB),
    (e: unknown) => e instanceof GptError && e.field === 'signature',
  );
  const badEntries = gpt.primary.slice();
  badEntries[1084] = badEntries[1084]! ^ 1;
  assert.throws(
    () => relocateBackupGpt(badEntries, 9 * MIB),
    (e: unknown) => e instanceof GptError && e.field === 'entriesCrc32',
  );
  assert.throws(
    () => relocateBackupGpt(gpt.primary.subarray(0, 1024), 9 * MIB),
    (e: unknown) => e instanceof GptError && e.field === 'partitionEntryLba',
  );
  assert.throws(
    () => relocateBackupGpt(gpt.primary, 6 * MIB),
    (e: unknown) => e instanceof GptError && /disk is too small/.test(e.message),
  );
});
