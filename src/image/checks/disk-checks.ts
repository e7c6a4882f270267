/**
 * @module
 * Checks of the disk as a whole: a valid GPT, and a size that fits the smallest supported disk.
 */
import type { ImageCheck } from './check-types.js';
import { sizeText } from './check-text.js';

/** Both GPT headers and entry arrays are valid; warnings (e.g. a hybrid MBR) give `warn`. */
export const gptValid: ImageCheck = {
  id: 'gpt.valid',
  needs: [],
  run: ({ facts }) => {
    const { gpt, partitions } = facts;
    const evidence = {
      errors: [...gpt.errors],
      warnings: [...gpt.warnings],
      protectiveMbr: gpt.protectiveMbr,
    };
    if (!gpt.found) {
      return {
        status: 'fail',
        message: `no GPT partition table: ${gpt.errors[0] ?? 'no header found'}; expected a GPT disk (UEFI boot)`,
        evidence,
      };
    }
    if (!gpt.valid) {
      const more = gpt.errors.length > 1 ? ` (and ${gpt.errors.length - 1} more)` : '';
      return { status: 'fail', message: `GPT invalid: ${gpt.errors[0]}${more}`, evidence };
    }
    if (gpt.warnings.length > 0) {
      return { status: 'warn', message: `GPT valid with a warning: ${gpt.warnings[0]}`, evidence };
    }
    return {
      status: 'pass',
      message: `GPT valid: both headers and entry arrays, ${partitions.length} partitions`,
      evidence,
    };
  },
};

/** The raw image fits the smallest disk a node may have. */
export const diskFits: ImageCheck = {
  id: 'disk.fits',
  needs: [],
  run: ({ facts, policy }) => {
    const evidence = { virtualSize: facts.virtualSize, smallestDiskBytes: policy.smallestDiskBytes };
    if (facts.virtualSize > policy.smallestDiskBytes) {
      return {
        status: 'fail',
        message: `the image's disk is ${sizeText(facts.virtualSize)}, larger than the smallest supported disk of ${sizeText(policy.smallestDiskBytes)}`,
        evidence,
      };
    }
    return {
      status: 'pass',
      message: `the image's disk of ${sizeText(facts.virtualSize)} fits the smallest supported disk of ${sizeText(policy.smallestDiskBytes)}`,
      evidence,
    };
  },
};
