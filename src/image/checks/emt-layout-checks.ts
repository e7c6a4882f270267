/**
 * @module
 * EMT (OS_TYPE_IMMUTABLE) layout checks on the input image: p1 ESP holding UKIs in \EFI\Linux
 * whose command line carries `boot_uuid=`, p2 ext4 rootfs no larger than the layout's rootfs A,
 * p3 persistent (emf-compat.md section 6).
 */
import type { EfiBinaryFacts, ImageFacts } from '../inspect/image-facts.js';
import type { ImageCheck } from './check-types.js';
import { partitionEvidence, partitionsText, partitionText, sizeText } from './check-text.js';
import { efiPathKey, hasEspType, partitionNumbered } from './partition-roles.js';

const UKI_FOLDER = '/EFI/LINUX/';
const BOOT_UUID = /(?:^|\s)boot_uuid=\S+/;

/** The UKIs of p1: `.efi` files in \EFI\Linux. */
export function ukisOnP1(facts: ImageFacts): EfiBinaryFacts[] {
  return facts.efiBinaries.filter((b) => b.partition === 1 && efiPathKey(b.path).startsWith(UKI_FOLDER));
}

/** p1 is a vfat ESP holding at least one UKI in \EFI\Linux. */
export const emtEspUki: ImageCheck = {
  id: 'emt.esp-uki',
  needs: ['gpt'],
  run: ({ facts }) => {
    const p1 = partitionNumbered(facts.partitions, 1);
    if (!p1 || p1.fs !== 'vfat' || !hasEspType(p1)) {
      const found = p1
        ? `p1 is ${partitionText(p1)} of type ${p1.typeName ?? p1.type}`
        : `no p1 (${partitionsText(facts.partitions)})`;
      return {
        status: 'fail',
        message: `${found}; expected p1 to be a vfat EFI system partition holding UKIs in \\EFI\\Linux`,
        evidence: { partitions: facts.partitions.map(partitionEvidence) },
      };
    }
    const ukis = ukisOnP1(facts);
    if (ukis.length === 0) {
      const all = facts.efiBinaries.filter((b) => b.partition === 1).map((b) => b.path);
      return {
        status: 'fail',
        message: `no UKI in \\EFI\\Linux on ${partitionText(p1)} (EFI binaries found: ${all.length === 0 ? 'none' : all.join(', ')}); expected at least one \\EFI\\Linux\\*.efi`,
        evidence: { efiBinaries: all },
      };
    }
    return {
      status: 'pass',
      message: `${partitionText(p1)} holds UKI ${ukis.map((u) => u.path).join(', ')}`,
      evidence: { ukis: ukis.map((u) => u.path) },
    };
  },
};

/** Every UKI's command line carries `boot_uuid=` (EMT's initramfs finds the rootfs by it). */
export const emtUkiBootUuid: ImageCheck = {
  id: 'emt.uki-boot-uuid',
  needs: ['gpt'],
  run: ({ facts }) => {
    const cmdlines = facts.ukiCmdlines ?? [];
    if (cmdlines.length === 0) {
      return {
        status: 'fail',
        message:
          'no UKI command line to read: the image has no UKI in \\EFI\\Linux on p1; expected one with boot_uuid=',
      };
    }
    const missing = cmdlines.filter((c) => c.cmdline === undefined || !BOOT_UUID.test(c.cmdline));
    const evidence = { cmdlines: cmdlines.map((c) => ({ ...c })) };
    if (missing.length > 0) {
      const found = missing
        .map(
          (c) =>
            `${c.path}: ${c.cmdline === undefined ? (c.problem ?? 'no .cmdline section') : `"${c.cmdline}"`}`,
        )
        .join('; ');
      return {
        status: 'fail',
        message: `UKI command line without boot_uuid= (${found}); expected boot_uuid=<uuid>`,
        evidence,
      };
    }
    return {
      status: 'pass',
      message: `boot_uuid= in the command line of ${cmdlines.map((c) => c.path).join(', ')}`,
      evidence,
    };
  },
};

/** p2 is ext4 and at most the layout's rootfs size (a larger one would be silently truncated). */
export const emtRootfsSize: ImageCheck = {
  id: 'emt.rootfs-size',
  needs: ['gpt'],
  run: ({ facts, policy }) => {
    const p2 = partitionNumbered(facts.partitions, 2);
    const max = policy.emtRootfsMaxBytes;
    if (!p2 || p2.fs !== 'ext4') {
      return {
        status: 'fail',
        message: `${p2 ? `p2 is ${partitionText(p2)}` : 'no p2'}; expected p2 to be the ext4 rootfs of at most ${sizeText(max)}`,
        evidence: { partitions: facts.partitions.map(partitionEvidence) },
      };
    }
    const evidence = { partition: 2, size: p2.size, maxBytes: max };
    if (p2.size > max) {
      return {
        status: 'fail',
        message: `p2 rootfs is ${sizeText(p2.size)}, larger than the ${sizeText(max)} EMT's layout gives rootfs A: it would be truncated`,
        evidence,
      };
    }
    return {
      status: 'pass',
      message: `rootfs ${partitionText(p2)} is ${sizeText(p2.size)}, within ${sizeText(max)}`,
      evidence,
    };
  },
};

/** p3, the persistent partition, exists. */
export const emtPersistent: ImageCheck = {
  id: 'emt.persistent',
  needs: ['gpt'],
  run: ({ facts }) => {
    const p3 = partitionNumbered(facts.partitions, 3);
    if (!p3) {
      return {
        status: 'fail',
        message: `no p3: found ${partitionsText(facts.partitions)}; expected p3, the persistent partition`,
        evidence: { partitions: facts.partitions.map(partitionEvidence) },
      };
    }
    return {
      status: 'pass',
      message: `persistent partition ${partitionText(p3)} of ${sizeText(p3.size)}`,
      evidence: partitionEvidence(p3),
    };
  },
};
