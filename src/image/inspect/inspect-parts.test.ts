import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEfiBinaries, efiRole, listEfiPaths, type FoundBinary } from './efi-binaries.js';
import type { EfiBinaryReader } from './efi-binary-reader.js';
import type { PartitionFacts } from './image-facts.js';
import { findRootFilesystem, probePaths } from './root-filesystem.js';
import { fakeFs } from './testing/fake-fs.js';

const part = (number: number, fs: 'ext4' | 'vfat', label: string, size: number): PartitionFacts => ({
  number,
  name: '',
  type: '0FC63DAF-8483-4772-8E79-3D69D8477DE4',
  start: 0,
  size,
  fs,
  label,
});

/** A reader whose exam is the first byte; the judge sees every binary at once, with its folder. */
const reader = (cmdline: string | undefined | Error, judged: string[][] = []): EfiBinaryReader<number> => ({
  examine: async (source) => (await source.read(0, 1))[0]!,
  judge: async (binaries) => {
    judged.push(binaries.map((b) => `${b.role} ${b.where} ${b.folder}`));
    return binaries.map((b) => ({
      signed: b.exam === 1,
      signers: b.exam === 1 ? ['CN=x'] : [],
      chainsToTrusted: b.exam === 1,
    }));
  },
  ukiCmdline: async () => {
    if (cmdline instanceof Error) throw cmdline;
    return cmdline;
  },
});

describe('EFI binaries', () => {
  it('roles: the fallback loader and shim are first-stage loaders, \\EFI\\Linux holds UKIs', () => {
    assert.equal(efiRole('/EFI/BOOT/BOOTX64.EFI'), 'loader');
    assert.equal(efiRole('/efi/boot/bootx64.efi'), 'loader');
    assert.equal(efiRole('/EFI/ubuntu/shimx64.efi'), 'loader');
    assert.equal(efiRole('/EFI/Linux/emt.efi'), 'uki');
    assert.equal(efiRole('/EFI/ubuntu/grubx64.efi'), 'bootloader');
    assert.equal(efiRole('/EFI/systemd/systemd-bootx64.efi'), 'bootloader');
    assert.equal(efiRole('/EFI/ubuntu/mmx64.efi'), 'other');
  });

  it('lists *.efi under \\EFI at any case, and nothing without \\EFI', async () => {
    const esp = fakeFs('vfat', 'ESP', {
      '/EFI/BOOT/BOOTX64.EFI': 'a',
      '/EFI/ubuntu/grub.cfg': 'b',
      '/EFI/Linux/x.efi': 'c',
    });
    assert.deepEqual((await listEfiPaths(esp)).sort(), ['/EFI/BOOT/BOOTX64.EFI', '/EFI/Linux/x.efi']);
    assert.deepEqual(await listEfiPaths(fakeFs('vfat', '', { '/boot.txt': 'x' })), []);
  });

  it('stops the walk at 64 binaries', async () => {
    const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`/EFI/tools/t${i}.efi`, 'x']));
    assert.equal((await listEfiPaths(fakeFs('vfat', '', many))).length, 64);
  });

  it('describes binaries with the chain verdict, and a UKI with its command line or why not', async () => {
    const esp = fakeFs('vfat', 'ESP', {
      '/EFI/Linux/a.efi': Uint8Array.of(1, 2),
      '/EFI/BOOT/BOOTX64.EFI': Uint8Array.of(0),
    });
    const found = (role: FoundBinary['role'], path = '/EFI/Linux/a.efi'): FoundBinary => ({
      partition: 1,
      fs: esp,
      path,
      role,
    });
    const judged: string[][] = [];
    const problems: string[] = [];
    const good = await describeEfiBinaries(
      [found('loader', '/EFI/BOOT/BOOTX64.EFI'), found('uki'), found('kernel', '/EFI/missing.efi')],
      reader('boot_uuid=1 ro\0', judged),
      problems,
    );
    assert.deepEqual(judged, [
      ['loader p1:/EFI/BOOT/BOOTX64.EFI p1:/EFI/BOOT/', 'uki p1:/EFI/Linux/a.efi p1:/EFI/LINUX/'],
    ]);
    assert.deepEqual(good.binaries[1], {
      path: '/EFI/Linux/a.efi',
      partition: 1,
      role: 'uki',
      signed: true,
      signers: ['CN=x'],
      chainsToTrusted: true,
    });
    assert.equal(good.binaries[0]!.chainsToTrusted, false);
    assert.equal(good.binaries[2]!.chainsToTrusted, false, 'an unreadable binary stays, unverifiable');
    assert.match(good.binaries[2]!.problem!, /missing/);
    assert.equal(problems.length, 1);
    assert.deepEqual(good.cmdlines, [{ path: '/EFI/Linux/a.efi', partition: 1, cmdline: 'boot_uuid=1 ro' }]);
    const none = await describeEfiBinaries([found('uki')], reader(undefined), []);
    assert.equal(none.cmdlines[0]?.problem, 'no .cmdline section');
    const broken = await describeEfiBinaries([found('uki')], reader(new Error('PE: bad header')), []);
    assert.equal(broken.cmdlines[0]?.problem, 'PE: bad header');
    const loader = await describeEfiBinaries([found('loader')], reader('x'), []);
    assert.deepEqual(loader.cmdlines, []);
  });
});

describe('root filesystem', () => {
  const osRelease = 'ID=ubuntu\nVERSION_ID="22.04"\n';

  it('prefers the labelled root holding os-release, following the relative link', async () => {
    const root = fakeFs('ext4', 'cloudimg-rootfs', {
      '/usr/lib/os-release': osRelease,
      '/etc/os-release': { link: '../usr/lib/os-release' },
    });
    const big = fakeFs('ext4', 'data', { '/etc/os-release': 'ID=other\n' });
    const found = await findRootFilesystem(
      [part(2, 'ext4', 'data', 100), part(1, 'ext4', 'cloudimg-rootfs', 10)],
      new Map([
        [1, root],
        [2, big],
      ]),
      [],
    );
    assert.equal(found?.partition, 1);
    assert.deepEqual(found?.osRelease, { ID: 'ubuntu', VERSION_ID: '22.04' });
  });

  it('takes the largest ext4 with os-release, else the first candidate without one, else none', async () => {
    const small = fakeFs('ext4', 'a', { '/etc/os-release': 'ID=a\n' });
    const large = fakeFs('ext4', 'b', { '/etc/os-release': 'ID=b\n' });
    const parts = [part(1, 'ext4', 'a', 10), part(2, 'ext4', 'b', 20)];
    assert.equal(
      (
        await findRootFilesystem(
          parts,
          new Map([
            [1, small],
            [2, large],
          ]),
          [],
        )
      )?.partition,
      2,
    );
    const bare = await findRootFilesystem(
      parts,
      new Map([
        [1, fakeFs('ext4', 'a', {})],
        [2, fakeFs('ext4', 'b', {})],
      ]),
      [],
    );
    assert.deepEqual([bare?.partition, bare?.osRelease], [2, undefined]);
    assert.equal(await findRootFilesystem([part(1, 'vfat', 'ESP', 10)], new Map(), []), undefined);
  });

  it('probes paths, following links', async () => {
    const fs = fakeFs('ext4', 'rootfs', {
      '/usr/bin/cloud-init': 'x',
      '/usr/local/bin/agent': { link: '../../bin/cloud-init' },
    });
    assert.deepEqual(await probePaths(fs, ['/usr/bin/cloud-init', '/usr/local/bin/agent', '/etc/cloud']), {
      '/usr/bin/cloud-init': true,
      '/usr/local/bin/agent': true,
      '/etc/cloud': false,
    });
  });
});
