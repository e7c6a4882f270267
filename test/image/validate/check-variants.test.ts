/**
 * Every check passes on the good fixtures and fails, with its own message, on the broken variant
 * made for it; the images are served over HTTPS on loopback with the profile's certificate.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OsImageVariant } from '../../fixtures/os-images/os-image-variants.js';
import {
  byId,
  failedIds,
  fixtures,
  scratchLeftovers,
  serveVariants,
  validateServed,
  type RunSpec,
} from './validate-harness.js';

const MIB = 1024 * 1024;

interface Case extends RunSpec {
  readonly check: string;
  readonly message: RegExp;
  /** Other checks the same defect fails too (a missing ESP also means no loader). */
  readonly alsoFails?: readonly string[];
}

const CASES: readonly Case[] = [
  { check: 'gpt.valid', variant: 'ubuntu-gpt-crc', message: /^GPT invalid: primary GPT header CRC32/ },
  {
    check: 'gpt.valid',
    variant: 'ubuntu-mbr-only',
    message: /^no GPT partition table: no GPT: .*\(the disk has an MBR only\); expected a GPT disk/,
  },
  {
    check: 'disk.fits',
    variant: 'ubuntu',
    options: { policy: { smallestDiskBytes: 16 * MIB } },
    message:
      /^the image's disk is 22 MiB \(23068672 bytes\), larger than the smallest supported disk of 16 MiB/,
  },
  {
    check: 'ubuntu.esp',
    variant: 'ubuntu-no-esp',
    message: /^no EFI system partition: found p1 ext4 "cloudimg-rootfs"; expected a vfat partition/,
    alsoFails: ['ubuntu.uefi-loader', 'secureboot.signed'],
  },
  {
    check: 'ubuntu.uefi-loader',
    variant: 'ubuntu-no-loader',
    message: /^no UEFI loader on p15 vfat "UEFI": found no EFI binaries; expected \\EFI\\BOOT\\BOOTX64\.EFI/,
    alsoFails: ['secureboot.signed'],
  },
  {
    check: 'ubuntu.rootfs',
    variant: 'ubuntu-no-rootfs',
    message:
      /^no ext4 root partition: found p1 unknown filesystem, p15 vfat "UEFI"; expected an ext4 partition/,
    alsoFails: ['secureboot.signed'],
  },
  {
    check: 'ubuntu.os-release',
    variant: 'ubuntu-wrong-os-release',
    message:
      /^os-release has ID="debian" NAME="Debian GNU\/Linux" VERSION_ID="12" VERSION="12 \(bookworm\)"; expected ID=ubuntu$/,
    alsoFails: ['ubuntu.version'],
  },
  {
    check: 'ubuntu.version',
    variant: 'ubuntu',
    input: { osVersion: '22.04.4' },
    message: /the profile's version 22\.04\.4 does not match the release in VERSION$/,
  },
  {
    check: 'ubuntu.cloud-init',
    variant: 'ubuntu-no-cloud-init',
    message: /^cloud-init is not installed: \/usr\/bin\/cloud-init is missing/,
  },
  {
    check: 'emt.esp-uki',
    variant: 'emt-no-uki',
    message: /^no UKI in \\EFI\\Linux on p1 vfat "ESP" \(EFI binaries found: \/EFI\/BOOT\/bootx64\.efi\)/,
    alsoFails: ['emt.uki-boot-uuid', 'secureboot.signed'],
  },
  {
    check: 'emt.uki-boot-uuid',
    variant: 'emt-no-boot-uuid',
    message:
      /^UKI command line without boot_uuid= \(\/EFI\/Linux\/emt-3\.0\.efi: "root=\/dev\/sda2 ro console=ttyS0"\)/,
  },
  {
    check: 'emt.rootfs-size',
    variant: 'emt-rootfs-too-large',
    encoding: 'qcow2-v3',
    message:
      /^p2 rootfs is 4097 MiB \(4296015872 bytes\), larger than the 4096 MiB \(4294967296 bytes\) EMT's layout gives rootfs A/,
  },
  {
    check: 'emt.persistent',
    variant: 'emt-no-persistent',
    message: /^no p3: found p1 vfat "ESP", p2 ext4 "rootfs"; expected p3/,
  },
  {
    check: 'emt.os-release',
    variant: 'emt-wrong-os-release',
    message:
      /^os-release has ID="azurelinux" NAME="Microsoft Azure Linux" VERSION_ID="3\.0"; expected NAME and ID "Edge Microvisor Toolkit"$/,
  },
  {
    check: 'emt.version',
    variant: 'emt-old-version',
    message: /^EMT VERSION_ID 2\.0 is older than the supported minimum 3\.0$/,
  },
  {
    check: 'emt.version',
    variant: 'emt',
    options: { policy: { minEmtVersion: '3.1' } },
    message: /^EMT VERSION_ID 3\.0 is older than the supported minimum 3\.1$/,
  },
  {
    check: 'emt.cloud-init',
    variant: 'emt-no-cloud-init',
    message:
      /^cloud-init is not present and configured: \/usr\/bin\/cloud-init and \/etc\/cloud\/cloud\.cfg missing/,
  },
  {
    check: 'emt.agent',
    variant: 'emt-no-agent',
    message: /^the edge node agent is missing: none of \/usr\/bin\/node-agent exists/,
  },
  {
    check: 'emt.agent',
    variant: 'emt',
    options: { policy: { agentPaths: ['/opt/edge-node/bin/agent'] } },
    message: /^the edge node agent is missing: none of \/opt\/edge-node\/bin\/agent exists/,
  },
  {
    check: 'type.matches-os',
    variant: 'ubuntu',
    input: { osType: 'OS_TYPE_IMMUTABLE', osVersion: '3.0' },
    message: /^the image is Ubuntu, which needs OS_TYPE_MUTABLE, but the profile declares OS_TYPE_IMMUTABLE$/,
    alsoFails: [
      'emt.esp-uki',
      'emt.uki-boot-uuid',
      'emt.rootfs-size',
      'emt.persistent',
      'emt.os-release',
      'emt.agent',
    ],
  },
  {
    check: 'type.matches-os',
    variant: 'emt',
    input: { osType: 'OS_TYPE_MUTABLE', osVersion: '22.04.5' },
    message:
      /^the image is Edge Microvisor Toolkit, which needs OS_TYPE_IMMUTABLE, but the profile declares OS_TYPE_MUTABLE$/,
    alsoFails: ['ubuntu.os-release', 'ubuntu.version'],
  },
  {
    check: 'secureboot.signed',
    variant: 'ubuntu-unsigned-loader',
    message:
      /^2 of 4 boot binaries would not boot under Secure Boot: p15:\/EFI\/BOOT\/BOOTX64\.EFI unsigned; p15:\/EFI\/ubuntu\/shimx64\.efi unsigned$/,
  },
  {
    check: 'secureboot.signed',
    variant: 'ubuntu-other-key-loader',
    message:
      /^2 of 4 boot binaries .*p15:\/EFI\/BOOT\/BOOTX64\.EFI signed by edge-orch unrelated boot signer, not trusted \(the signer does not chain to db: /,
  },
  {
    check: 'secureboot.signed',
    variant: 'ubuntu',
    input: { secureBootCerts: '' },
    message:
      /^the profile has SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION but no secureBootCerts: supply the Secure Boot certificate\(s\) \(PEM\)/,
  },
  {
    check: 'secureboot.signed',
    variant: 'emt-unsigned-uki',
    message:
      /^1 of 2 boot binaries would not boot under Secure Boot: p1:\/EFI\/Linux\/emt-3\.0\.efi unsigned$/,
  },
  {
    check: 'secureboot.signed',
    variant: 'ubuntu',
    input: { secureBootCerts: 'not a certificate' },
    message:
      /^4 of 4 boot binaries would not boot under Secure Boot: p15:\/EFI\/BOOT\/BOOTX64\.EFI signed by edge-orch test boot signer, not trusted \(secureBootCerts is not a certificate/,
  },
];

const GOOD: readonly OsImageVariant[] = ['ubuntu', 'emt'];
const OTHER_LAYOUTS: readonly OsImageVariant[] = ['ubuntu-boot-partition'];
let served: Awaited<ReturnType<typeof serveVariants>>;

before(async () => {
  const variants = new Set<OsImageVariant>([...GOOD, ...OTHER_LAYOUTS, ...CASES.map((c) => c.variant)]);
  served = await serveVariants(
    [...variants].map((v) => [v, CASES.find((c) => c.variant === v)?.encoding ?? 'raw'] as const),
  );
});
after(async () => {
  await served.server.close();
  fixtures.remove();
});

describe('good fixtures', () => {
  for (const variant of GOOD) {
    it(`${variant}: every check passes`, async () => {
      const report = await validateServed(served, { variant });
      assert.equal(report.state, 'passed', JSON.stringify(report.checks.filter((c) => c.status !== 'pass')));
      assert.ok(report.checks.every((c) => c.status === 'pass'));
      assert.ok(report.checks.some((c) => c.id === 'secureboot.signed'));
      assert.deepEqual(scratchLeftovers(), []);
    });
  }
});

describe('good fixtures, other layouts', () => {
  it('ubuntu with a separate /boot partition: the kernel there is verified', async () => {
    const report = await validateServed(served, { variant: 'ubuntu-boot-partition' });
    assert.equal(report.state, 'passed', JSON.stringify(report.checks.filter((c) => c.status !== 'pass')));
    const secureBoot = byId(report).get('secureboot.signed')!;
    assert.match(
      secureBoot.message,
      /p16:\/vmlinuz signed by edge-orch test boot signer, chained to db certificate edge-orch test Secure Boot CA$/,
    );
    assert.deepEqual(
      report.facts!.partitions.map((p) => [p.number, p.fs, p.label]),
      [
        [1, 'ext4', 'cloudimg-rootfs'],
        [15, 'vfat', 'UEFI'],
        [16, 'ext4', 'BOOT'],
      ],
    );
  });
});

describe('each check fails on the variant made for it', () => {
  for (const testCase of CASES) {
    const what = [
      testCase.variant,
      testCase.input && JSON.stringify(testCase.input),
      testCase.options && JSON.stringify(testCase.options),
    ];
    it(`${testCase.check}: ${what.filter(Boolean).join(' ')}`, async () => {
      const report = await validateServed(served, testCase);
      const check = byId(report).get(testCase.check);
      assert.equal(check?.status, 'fail', JSON.stringify(check));
      assert.match(check.message, testCase.message);
      assert.deepEqual(failedIds(report).sort(), [testCase.check, ...(testCase.alsoFails ?? [])].sort());
      assert.equal(report.state, 'failed');
      assert.deepEqual(scratchLeftovers(), []);
    });
  }
});
