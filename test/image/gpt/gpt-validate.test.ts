import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from '../../../src/image/gpt/crc32.js';
import { createGpt } from '../../../src/image/gpt/gpt-create.js';
import type { GptEntry } from '../../../src/image/gpt/gpt-entry.js';
import { validateGpt, type GptReport } from '../../../src/image/gpt/gpt-validate.js';
import { PARTITION_TYPES } from '../../../src/image/gpt/partition-types.js';
import { diskWith, diskWithRawEntries, sgdisk } from './gpt-disk-fixture.js';

const MIB = 1024 * 1024;
const SIZE = 8 * MIB;
let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gpt-validate-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const validate = (disk: Uint8Array): GptReport =>
  validateGpt({ diskSize: disk.length, regions: [{ offset: 0, bytes: disk }] });
const kinds = (report: GptReport) => report.issues.map((i) => `${i.severity}:${i.kind}`);
const good = () =>
  createGpt({
    diskSize: SIZE,
    partitions: [
      { name: 'EFI', typeGuid: PARTITION_TYPES.esp.guid, sizeBytes: MIB },
      { name: 'root', typeGuid: PARTITION_TYPES.linuxFilesystem.guid, sizeBytes: 2 * MIB },
    ],
  });
const entry = (number: number, firstLba: bigint, lastLba: bigint): GptEntry => ({
  number,
  typeGuid: PARTITION_TYPES.linuxFilesystem.guid,
  uniqueGuid: `6A4E2F10-1B2C-4D3E-8F40-5162738495A${number}`,
  firstLba,
  lastLba,
  attributes: 0n,
  name: `p${number}`,
});

/** sgdisk must see the same problem (its own words in `expected`). */
async function sgdiskObjects(disk: Uint8Array, name: string, expected: RegExp): Promise<void> {
  const path = join(dir, name);
  await writeFile(path, disk);
  const result = await sgdisk('-v', path);
  assert.match(result.out, expected);
}

describe('validateGpt', () => {
  test('a good table has no issues and names its types', () => {
    const report = validate(diskWith(good(), SIZE));
    assert.equal(report.valid, true);
    assert.deepEqual(report.issues, []);
    assert.equal(report.sectorSize, 512);
    assert.equal(report.protectiveMbr, true);
    assert.deepEqual(
      report.partitions.map((p) => [p.name, p.typeName, p.typeCode, p.offset, p.sizeBytes]),
      [
        ['EFI', 'EFI system partition', 'EF00', 1048576n, 1048576n],
        ['root', 'Linux filesystem', '8300', 2097152n, 2097152n],
      ],
    );
  });

  test('a corrupt primary header CRC is reported, and the backup still gives the partitions', async () => {
    const disk = diskWith(good(), SIZE);
    disk[512 + 60] = disk[512 + 60]! ^ 0xff;
    const report = validate(disk);
    assert.deepEqual(kinds(report), ['error:PRIMARY_HEADER_CRC']);
    assert.match(
      report.issues[0]!.message,
      /^primary GPT header CRC32 mismatch at offset 512: stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}/,
    );
    assert.equal(report.issues[0]!.offset, 528);
    assert.equal(report.partitions.length, 2);
    await sgdiskObjects(disk, 'header-crc.img', /Main header: ERROR/);
  });

  test('a corrupt primary entry array CRC is reported with its own message', async () => {
    const disk = diskWith(good(), SIZE);
    disk[1024 + 56] = 0x41; // first letter of partition 1's name
    const report = validate(disk);
    assert.deepEqual(kinds(report), ['error:PRIMARY_ENTRIES_CRC']);
    assert.match(report.issues[0]!.message, /^primary partition entry array CRC32 mismatch at offset 1024/);
    assert.equal(report.partitions[0]!.name, 'EFI', 'partitions come from the intact backup array');
    await sgdiskObjects(disk, 'entries-crc.img', /Main partition table: ERROR/);
  });

  test('overlapping partitions are reported', async () => {
    const disk = diskWithRawEntries(SIZE, [entry(1, 2048n, 6143n), entry(2, 4096n, 8191n)]);
    const report = validate(disk);
    assert.deepEqual(kinds(report), ['error:PARTITION_OVERLAP']);
    assert.equal(
      report.issues[0]!.message,
      'partition 1 ("p1") and partition 2 ("p2") overlap at LBA 4096..6143',
    );
    await sgdiskObjects(disk, 'overlap.img', /overlap/i);
  });

  test('a partition outside the usable range is reported', async () => {
    const disk = diskWithRawEntries(SIZE, [entry(1, 2048n, 16360n)]);
    const report = validate(disk);
    assert.deepEqual(kinds(report), ['error:PARTITION_OUTSIDE_USABLE']);
    assert.equal(
      report.issues[0]!.message,
      'partition 1 ("p1") spans LBA 2048..16360, outside the usable range 34..16350',
    );
    await sgdiskObjects(disk, 'outside.img', /Secondary partition table overlaps the last partition/);
  });

  test('inverted ranges and duplicate unique GUIDs are errors; misalignment is a warning', () => {
    const dup = { ...entry(3, 10240n, 12287n), uniqueGuid: entry(2, 0n, 0n).uniqueGuid };
    const report = validate(
      diskWithRawEntries(SIZE, [entry(1, 2049n, 2100n), entry(2, 4104n, 6000n), dup, entry(4, 9000n, 8000n)]),
    );
    assert.deepEqual(kinds(report), [
      'error:PARTITION_INVERTED',
      'warning:PARTITION_NOT_4K_ALIGNED',
      'warning:PARTITION_NOT_MIB_ALIGNED',
      'warning:PARTITION_NOT_MIB_ALIGNED',
      'error:PARTITION_GUID_DUPLICATE',
    ]);
    assert.equal(report.valid, false);
  });

  test('a table smaller than the disk is a warning; larger than the disk is an error', () => {
    const gpt = good();
    const grown = validate(diskWith(gpt, SIZE + MIB));
    assert.deepEqual(kinds(grown), ['warning:BACKUP_NOT_AT_END']);
    assert.equal(grown.valid, true);
    const shrunk = validate(diskWith(gpt, SIZE).subarray(0, SIZE - MIB));
    assert.ok(kinds(shrunk).includes('error:BACKUP_BEYOND_DISK'), kinds(shrunk).join());
  });

  test('headers that disagree, an MBR-only disk and a 4096-byte-sector GPT', () => {
    const a = good();
    const b = good(); // other disk GUID
    const mixed = diskWith({ primary: a.primary, backup: b.backup, backupOffset: b.backupOffset }, SIZE);
    assert.ok(kinds(validate(mixed)).includes('error:HEADERS_DISAGREE'));
    const mbrOnly = new Uint8Array(SIZE);
    mbrOnly[510] = 0x55;
    mbrOnly[511] = 0xaa;
    const none = validate(mbrOnly);
    assert.deepEqual(kinds(none), ['error:GPT_MISSING']);
    assert.match(none.issues[0]!.message, /MBR only/);
    const big = createGpt({
      diskSize: SIZE,
      sectorSize: 4096,
      partitions: [{ name: 'r', typeGuid: PARTITION_TYPES.linuxFilesystem.guid, sizeBytes: MIB }],
    });
    const report = validate(diskWith(big, SIZE));
    assert.equal(report.sectorSize, 4096);
    assert.deepEqual(report.issues, []);
    assert.equal(report.partitions[0]!.offset, 1048576n);
  });

  test('a header that misplaces itself, an unknown revision and a broken name are reported', () => {
    const disk = diskWithRawEntries(SIZE, [{ ...entry(1, 2048n, 4095n), name: 'bad\uD800name' }]);
    const header = disk.subarray(512, 1024);
    const dv = new DataView(header.buffer, header.byteOffset, 92);
    dv.setUint32(8, 0x00010001, true);
    dv.setBigUint64(24, 7n, true);
    dv.setUint32(16, 0, true);
    dv.setUint32(16, crc32(header.subarray(0, 92)), true);
    const report = validate(disk);
    assert.deepEqual(kinds(report), [
      'error:PRIMARY_MY_LBA',
      'warning:PRIMARY_REVISION',
      'warning:PARTITION_NAME_INVALID',
    ]);
    assert.equal(report.issues[0]!.message, 'primary GPT header at LBA 1 says it lives at LBA 7');
  });
});
