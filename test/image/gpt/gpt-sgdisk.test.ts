import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGpt } from '../../../src/image/gpt/gpt-create.js';
import { relocateBackupGpt } from '../../../src/image/gpt/gpt-relocate.js';
import { validateGpt } from '../../../src/image/gpt/gpt-validate.js';
import { PARTITION_TYPES } from '../../../src/image/gpt/partition-types.js';
import { diskWith, sgdisk, SGDISK_CLEAN } from './gpt-disk-fixture.js';

const MIB = 1024 * 1024;
let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gpt-sgdisk-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const PARTS = [
  { name: 'EFI', typeGuid: PARTITION_TYPES.esp.guid, sizeBytes: 2 * MIB },
  { name: 'rootfs', typeGuid: PARTITION_TYPES.linuxRootX86_64.guid, sizeBytes: 5 * MIB },
  { name: 'swap', typeGuid: PARTITION_TYPES.linuxSwap.guid, sizeBytes: 1 * MIB },
  { name: 'data', typeGuid: PARTITION_TYPES.microsoftBasicData.guid, sizeBytes: 3 * MIB },
];

/** Rows of `sgdisk -p`: number, start, end, code, name. */
function parseTable(out: string): string[][] {
  return out
    .split('\n')
    .filter((line) => /^\s+\d+\s+\d+\s+\d+/.test(line))
    .map((line) => {
      const m = /^\s+(\d+)\s+(\d+)\s+(\d+)\s+\S+ \S+\s+(\S{4})\s+(.*)$/.exec(line);
      assert.ok(m, `unexpected sgdisk -p line: ${line}`);
      return m.slice(1, 6).map((s) => s.trim());
    });
}

async function regionsOf(path: string, size: number) {
  const bytes = new Uint8Array(await readFile(path));
  return {
    diskSize: size,
    regions: [
      { offset: 0, bytes: bytes.subarray(0, MIB) },
      { offset: size - MIB, bytes: bytes.subarray(size - MIB) },
    ],
  };
}

describe('GPT against sgdisk', () => {
  test('createGpt output passes sgdisk -v and sgdisk -p lists our partitions', async () => {
    const size = 16 * MIB;
    const gpt = createGpt({ diskSize: size, partitions: PARTS });
    const path = join(dir, 'created.img');
    await writeFile(path, diskWith(gpt, size));
    const verify = await sgdisk('-v', path);
    assert.match(verify.out, SGDISK_CLEAN);
    const print = await sgdisk('-p', path);
    assert.match(print.out, new RegExp(`Disk identifier \\(GUID\\): ${gpt.header.diskGuid}`));
    assert.deepEqual(
      parseTable(print.out),
      gpt.entries.map((e, i) => [
        String(e.number),
        String(e.firstLba),
        String(e.lastLba),
        PARTITION_TYPES[(['esp', 'linuxRootX86_64', 'linuxSwap', 'microsoftBasicData'] as const)[i]!].code,
        e.name,
      ]),
    );
    const report = validateGpt(await regionsOf(path, size));
    assert.equal(report.valid, true, JSON.stringify(report.issues));
    assert.deepEqual(report.issues, []);
  });

  test('validateGpt decodes an sgdisk-made table as sgdisk -i describes it', async () => {
    const size = 24 * MIB;
    const path = join(dir, 'sgdisk-made.img');
    await writeFile(path, new Uint8Array(0));
    await truncate(path, size);
    const made = await sgdisk(
      '-o',
      '-n',
      '1:2048:+4M',
      '-t',
      '1:EF00',
      '-c',
      '1:EFI System',
      '-n',
      '2:0:+6M',
      '-t',
      '2:8300',
      '-c',
      '2:rootfs',
      '-A',
      '2:set:2',
      '-n',
      '4:0:0',
      '-t',
      '4:8E00',
      '-c',
      '4:lvm',
      path,
    );
    assert.equal(made.code, 0, made.out);
    const report = validateGpt(await regionsOf(path, size));
    assert.equal(report.valid, true, JSON.stringify(report.issues));
    assert.match(
      (await sgdisk('-p', path)).out,
      new RegExp(`Disk identifier \\(GUID\\): ${report.primary?.diskGuid}`),
    );
    assert.deepEqual(
      report.partitions.map((p) => p.number),
      [1, 2, 4],
    );
    for (const p of report.partitions) {
      const info = (await sgdisk('-i', String(p.number), path)).out;
      const field = (label: string) => new RegExp(`${label}: (.+)`).exec(info)?.[1]?.trim();
      assert.equal(field('Partition GUID code')?.split(' ')[0], p.typeGuid);
      assert.match(
        field('Partition GUID code') ?? '',
        new RegExp(`\\(${(p.typeName ?? '?').replace(/[()/]/g, '.')}\\)`),
      );
      assert.equal(field('Partition unique GUID'), p.uniqueGuid);
      assert.equal(field('First sector')?.split(' ')[0], String(p.firstLba));
      assert.equal(field('Last sector')?.split(' ')[0], String(p.lastLba));
      assert.equal(field('Attribute flags'), p.attributes.toString(16).padStart(16, '0'));
      assert.equal(field('Partition name'), `'${p.name}'`);
    }
  });

  test('relocateBackupGpt on a grown file passes sgdisk -v and matches sgdisk -e', async () => {
    const small = 10 * MIB;
    const big = 20 * MIB + 512 * 7;
    const gpt = createGpt({ diskSize: small, partitions: PARTS.slice(0, 2) });
    const ours = join(dir, 'grown-ours.img');
    const theirs = join(dir, 'grown-sgdisk.img');
    await writeFile(theirs, diskWith(gpt, small));
    await truncate(theirs, big);
    assert.equal((await sgdisk('-e', theirs)).code, 0);
    const moved = relocateBackupGpt(gpt.primary, big);
    await writeFile(ours, diskWith(moved, big));
    assert.match((await sgdisk('-v', ours)).out, SGDISK_CLEAN);
    const a = new Uint8Array(await readFile(ours));
    const b = new Uint8Array(await readFile(theirs));
    // Headers and entry arrays are byte-identical; sgdisk computes CHS end values in the MBR differently.
    assert.deepEqual(a.subarray(512, 34 * 512), b.subarray(512, 34 * 512));
    assert.deepEqual(a.subarray(moved.backupOffset), b.subarray(moved.backupOffset));
    const report = validateGpt({ diskSize: big, regions: [{ offset: 0, bytes: a }] });
    assert.deepEqual(report.issues, []);
  });
});
