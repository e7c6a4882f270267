import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ImageFacts } from '../inspect/image-facts.js';
import type { ImageCheck } from './check-types.js';
import { contextOf, sampleProfile, ubuntuFacts } from './testing/sample-facts.js';
import { ubuntuCloudInit, ubuntuOsRelease, ubuntuVersion } from './ubuntu-os-checks.js';
import { ubuntuEsp, ubuntuRootfs, ubuntuUefiLoader } from './ubuntu-layout-checks.js';

const run = (check: ImageCheck, facts: ImageFacts = ubuntuFacts(), version = '22.04.5') =>
  check.run(contextOf(facts, sampleProfile('ubuntu', { osVersion: version })));

const withFacts = (change: Partial<ImageFacts>): ImageFacts => ({ ...ubuntuFacts(), ...change });

describe('ubuntu layout checks', () => {
  it('pass on an Ubuntu cloud image layout', () => {
    for (const check of [ubuntuEsp, ubuntuUefiLoader, ubuntuRootfs])
      assert.equal(run(check).status, 'pass', check.id);
    assert.equal(run(ubuntuEsp).message, 'EFI system partition p15 vfat "UEFI"');
    assert.equal(run(ubuntuRootfs).message, 'ext4 root partition p1 ext4 "cloudimg-rootfs"');
  });

  it('ubuntu.esp accepts the label UEFI/EFI without the ESP type, and refuses a non-vfat ESP', () => {
    const [root, esp] = ubuntuFacts().partitions;
    const byLabel = withFacts({
      partitions: [root!, { ...esp!, type: '0FC63DAF-8483-4772-8E79-3D69D8477DE4', label: 'EFI' }],
    });
    assert.equal(run(ubuntuEsp, byLabel).status, 'pass');
    const notFat = withFacts({ partitions: [root!, { ...esp!, fs: 'ext4' }] });
    const verdict = run(ubuntuEsp, notFat);
    assert.equal(verdict.status, 'fail');
    assert.equal(
      verdict.message,
      'no EFI system partition: found p1 ext4 "cloudimg-rootfs", p15 ext4 "UEFI"; expected a vfat partition with the ESP type GUID or label UEFI/EFI',
    );
  });

  it('ubuntu.uefi-loader accepts BOOTX64.EFI in any case, or shim/grub, and names what it found', () => {
    const lower = withFacts({
      efiBinaries: [{ ...ubuntuFacts().efiBinaries[0]!, path: '/efi/boot/bootx64.efi' }],
    });
    assert.equal(run(ubuntuUefiLoader, lower).status, 'pass');
    const grubOnly = withFacts({ efiBinaries: [ubuntuFacts().efiBinaries[1]!] });
    assert.match(run(ubuntuUefiLoader, grubOnly).message, /^UEFI loader \/EFI\/ubuntu\/grubx64\.efi on p15/);
    const other = withFacts({
      efiBinaries: [{ ...ubuntuFacts().efiBinaries[0]!, path: '/EFI/tools/shell.efi' }],
    });
    const verdict = run(ubuntuUefiLoader, other);
    assert.equal(verdict.status, 'fail');
    assert.equal(
      verdict.message,
      'no UEFI loader on p15 vfat "UEFI": found /EFI/tools/shell.efi; expected \\EFI\\BOOT\\BOOTX64.EFI, shimx64.efi or grubx64.efi',
    );
    assert.match(run(ubuntuUefiLoader, withFacts({ efiBinaries: [] })).message, /found no EFI binaries/);
    assert.match(
      run(ubuntuUefiLoader, withFacts({ partitions: [ubuntuFacts().partitions[0]!] })).message,
      /no EFI system partition/,
    );
  });

  it('ubuntu.rootfs takes the largest ext4 when none is labelled, and fails without ext4', () => {
    const [root, esp] = ubuntuFacts().partitions;
    const unlabelled = withFacts({
      partitions: [
        { ...root!, label: 'data', size: 10 },
        { ...root!, number: 2, label: 'other', size: 20 },
        esp!,
      ],
    });
    assert.equal(run(ubuntuRootfs, unlabelled).message, 'ext4 root partition p2 ext4 "other"');
    const verdict = run(ubuntuRootfs, withFacts({ partitions: [esp!] }));
    assert.equal(verdict.status, 'fail');
    assert.equal(
      verdict.message,
      'no ext4 root partition: found p15 vfat "UEFI"; expected an ext4 partition (label rootfs or cloudimg-rootfs)',
    );
  });
});

describe('ubuntu os checks', () => {
  it('pass on Ubuntu 22.04.5 with cloud-init', () => {
    for (const check of [ubuntuOsRelease, ubuntuVersion, ubuntuCloudInit])
      assert.equal(run(check).status, 'pass', check.id);
    assert.equal(
      run(ubuntuVersion).message,
      'version 22.04.5 matches os-release VERSION_ID="22.04" VERSION="22.04.5 LTS (Jammy Jellyfish)"',
    );
  });

  it('ubuntu.os-release fails on another ID and on a missing os-release', () => {
    const debian = withFacts({ osRelease: { ID: 'debian', VERSION_ID: '12' } });
    const verdict = run(ubuntuOsRelease, debian);
    assert.equal(verdict.status, 'fail');
    assert.equal(verdict.message, 'os-release has ID="debian" VERSION_ID="12"; expected ID=ubuntu');
    const { osRelease: _dropped, ...rest } = ubuntuFacts();
    assert.equal(
      run(ubuntuOsRelease, rest).message,
      'no /etc/os-release in the root filesystem; expected one with ID=ubuntu',
    );
  });

  it('ubuntu.version needs both VERSION_ID and the point release in VERSION', () => {
    assert.equal(run(ubuntuVersion, undefined, '22.04').status, 'pass');
    const wrongPoint = run(ubuntuVersion, undefined, '22.04.4');
    assert.equal(wrongPoint.status, 'fail');
    assert.equal(
      wrongPoint.message,
      'os-release has VERSION_ID="22.04" VERSION="22.04.5 LTS (Jammy Jellyfish)"; the profile\'s version 22.04.4 does not match the release in VERSION',
    );
    const wrongId = run(ubuntuVersion, undefined, '24.04.1');
    assert.match(wrongId.message, /the profile's version 24\.04\.1 does not match VERSION_ID$/);
    const noPoint = withFacts({ osRelease: { ID: 'ubuntu', VERSION_ID: '22.04', VERSION: '22.04 LTS' } });
    assert.equal(run(ubuntuVersion, noPoint).status, 'fail');
    assert.equal(run(ubuntuVersion, undefined, '22.041').status, 'fail');
  });

  it('ubuntu.cloud-init fails when /usr/bin/cloud-init is missing', () => {
    const verdict = run(ubuntuCloudInit, withFacts({ rootPaths: { '/etc/cloud': true } }));
    assert.equal(verdict.status, 'fail');
    assert.equal(
      verdict.message,
      'cloud-init is not installed: /usr/bin/cloud-init is missing from the root filesystem; expected it so the node can be configured',
    );
  });
});
