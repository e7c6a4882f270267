/**
 * @module
 * Hand-made facts of a good Ubuntu-like and a good EMT-like image, and a context builder, for the
 * checks' unit tests: each test changes one fact and looks at one check.
 * @internal
 */
import { PARTITION_TYPES } from '../../gpt/partition-types.js';
import type { EfiBinaryFacts, ImageFacts, PartitionFacts } from '../../inspect/image-facts.js';
import { resolvePolicy } from '../check-policy.js';
import type { CheckContext, ValidationPolicy, ValidationProfile } from '../check-types.js';

const MIB = 1024 * 1024;

const signedBy = (path: string, partition: number, role: EfiBinaryFacts['role']): EfiBinaryFacts => ({
  path,
  partition,
  role,
  signed: true,
  signers: ['CN=Test Secure Boot Signer'],
  chainsToTrusted: true,
  signedBy: 'Test Secure Boot Signer',
  anchor: 'db certificate Test Secure Boot CA',
});

const common = {
  formatChain: ['raw'],
  hostedBytes: 64 * MIB,
  virtualSize: 64 * MIB,
  sha256: 'ab'.repeat(32),
  gpt: { found: true, valid: true, protectiveMbr: true, errors: [], warnings: [] },
  problems: [],
};

const part = (p: Partial<PartitionFacts> & Pick<PartitionFacts, 'number' | 'type'>): PartitionFacts => ({
  name: '',
  start: p.number * MIB,
  size: 8 * MIB,
  ...p,
});

/** An Ubuntu 22.04.5 cloud image: p1 ext4 cloudimg-rootfs, p15 vfat UEFI with shim and grub. */
export function ubuntuFacts(): ImageFacts {
  return {
    ...common,
    partitions: [
      part({
        number: 1,
        type: PARTITION_TYPES.linuxFilesystem.guid,
        fs: 'ext4',
        label: 'cloudimg-rootfs',
        size: 40 * MIB,
      }),
      part({ number: 15, type: PARTITION_TYPES.esp.guid, fs: 'vfat', label: 'UEFI' }),
    ],
    rootPartition: 1,
    osRelease: {
      NAME: 'Ubuntu',
      ID: 'ubuntu',
      VERSION_ID: '22.04',
      VERSION: '22.04.5 LTS (Jammy Jellyfish)',
    },
    efiBinaries: [
      signedBy('/EFI/BOOT/BOOTX64.EFI', 15, 'loader'),
      signedBy('/EFI/ubuntu/grubx64.efi', 15, 'bootloader'),
      signedBy('/boot/vmlinuz', 1, 'kernel'),
    ],
    rootPaths: { '/usr/bin/cloud-init': true, '/etc/cloud': true, '/etc/cloud/cloud.cfg': true },
  };
}

/** An EMT 3.0 image: p1 ESP with a UKI, p2 ext4 rootfs of 64 MiB, p3 persistent. */
export function emtFacts(): ImageFacts {
  return {
    ...common,
    partitions: [
      part({ number: 1, type: PARTITION_TYPES.esp.guid, fs: 'vfat', label: 'ESP', name: 'esp' }),
      part({
        number: 2,
        type: PARTITION_TYPES.linuxFilesystem.guid,
        fs: 'ext4',
        label: 'rootfs',
        size: 64 * MIB,
      }),
      part({
        number: 3,
        type: PARTITION_TYPES.linuxFilesystem.guid,
        fs: 'ext4',
        label: 'persistent',
        name: 'edge_persistent',
      }),
    ],
    rootPartition: 2,
    osRelease: {
      NAME: 'Edge Microvisor Toolkit',
      ID: 'Edge Microvisor Toolkit',
      VERSION_ID: '3.0',
      VERSION: '26.06.02',
    },
    efiBinaries: [signedBy('/EFI/BOOT/bootx64.efi', 1, 'loader'), signedBy('/EFI/Linux/emt.efi', 1, 'uki')],
    ukiCmdlines: [
      { path: '/EFI/Linux/emt.efi', partition: 1, cmdline: 'root=/dev/dm-0 boot_uuid=1234-abcd ro' },
    ],
    rootPaths: { '/usr/bin/cloud-init': true, '/etc/cloud/cloud.cfg': true, '/usr/bin/node-agent': true },
  };
}

/** The profile matching each sample. */
export function sampleProfile(
  kind: 'ubuntu' | 'emt',
  overrides: Partial<ValidationProfile> = {},
): ValidationProfile {
  return {
    osType: kind === 'ubuntu' ? 'OS_TYPE_MUTABLE' : 'OS_TYPE_IMMUTABLE',
    osVersion: kind === 'ubuntu' ? '22.04.5' : '3.0',
    profileName: kind === 'ubuntu' ? 'ubuntu-22.04-lts-generic' : 'microvisor-nonrt',
    securityFeature: 'SECURITY_FEATURE_NONE',
    hasSecureBootCerts: false,
    ...overrides,
  };
}

/** A context over `facts` with the default policy and a profile-trusted source. */
export function contextOf(
  facts: ImageFacts,
  profile: ValidationProfile,
  policy: Partial<ValidationPolicy> = {},
): CheckContext {
  return {
    facts,
    profile,
    policy: resolvePolicy(policy),
    source: { url: 'https://images.example/os.raw', trust: 'profile' },
  };
}
