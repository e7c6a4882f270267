/**
 * @module
 * Ubuntu (OS_TYPE_MUTABLE) layout checks: an EFI system partition with a UEFI loader, and an ext4
 * root partition (as Ubuntu's cloud images have: p1 ext4 `cloudimg-rootfs`, p15 vfat `UEFI`).
 */
import type { ImageCheck } from './check-types.js';
import { partitionEvidence, partitionsText, partitionText } from './check-text.js';
import { binariesOn, efiPathKey, findEsp, findUbuntuRoot } from './partition-roles.js';

/** The UEFI fallback loader path, and the shim/grub loaders a distribution installs. */
const FALLBACK_LOADER = '/EFI/BOOT/BOOTX64.EFI';
const LOADER_NAMES = ['SHIMX64.EFI', 'GRUBX64.EFI'];

/** An ESP: vfat with the ESP type GUID or label UEFI/EFI. */
export const ubuntuEsp: ImageCheck = {
  id: 'ubuntu.esp',
  needs: ['gpt'],
  run: ({ facts }) => {
    const esp = findEsp(facts.partitions);
    if (!esp) {
      return {
        status: 'fail',
        message: `no EFI system partition: found ${partitionsText(facts.partitions)}; expected a vfat partition with the ESP type GUID or label UEFI/EFI`,
        evidence: { partitions: facts.partitions.map(partitionEvidence) },
      };
    }
    return {
      status: 'pass',
      message: `EFI system partition ${partitionText(esp)}`,
      evidence: partitionEvidence(esp),
    };
  },
};

/** A UEFI loader on the ESP: \EFI\BOOT\BOOTX64.EFI, or shim or grub. */
export const ubuntuUefiLoader: ImageCheck = {
  id: 'ubuntu.uefi-loader',
  needs: ['gpt'],
  run: ({ facts }) => {
    const esp = findEsp(facts.partitions);
    if (!esp)
      return { status: 'fail', message: 'no UEFI loader: the image has no EFI system partition to hold one' };
    const onEsp = binariesOn(facts.efiBinaries, esp.number);
    const loaders = onEsp.filter((b) => {
      const key = efiPathKey(b.path);
      return key === FALLBACK_LOADER || LOADER_NAMES.some((name) => key.endsWith(`/${name}`));
    });
    const evidence = { partition: esp.number, found: onEsp.map((b) => b.path) };
    if (loaders.length === 0) {
      const found = onEsp.length === 0 ? 'no EFI binaries' : onEsp.map((b) => b.path).join(', ');
      return {
        status: 'fail',
        message: `no UEFI loader on ${partitionText(esp)}: found ${found}; expected \\EFI\\BOOT\\BOOTX64.EFI, shimx64.efi or grubx64.efi`,
        evidence,
      };
    }
    return {
      status: 'pass',
      message: `UEFI loader ${loaders.map((b) => b.path).join(', ')} on ${partitionText(esp)}`,
      evidence: { ...evidence, loaders: loaders.map((b) => b.path) },
    };
  },
};

/** An ext4 root partition: labelled rootfs or cloudimg-rootfs, else the largest ext4. */
export const ubuntuRootfs: ImageCheck = {
  id: 'ubuntu.rootfs',
  needs: ['gpt'],
  run: ({ facts }) => {
    const root = findUbuntuRoot(facts.partitions);
    if (!root) {
      return {
        status: 'fail',
        message: `no ext4 root partition: found ${partitionsText(facts.partitions)}; expected an ext4 partition (label rootfs or cloudimg-rootfs)`,
        evidence: { partitions: facts.partitions.map(partitionEvidence) },
      };
    }
    return {
      status: 'pass',
      message: `ext4 root partition ${partitionText(root)}`,
      evidence: partitionEvidence(root),
    };
  },
};
