import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { moduleLoadOrder, moduleName } from './module-load-order.js';

const DEP = [
  'kernel/drivers/md/dm-mod.ko:',
  'kernel/drivers/md/dm-bufio.ko: kernel/drivers/md/dm-mod.ko',
  'kernel/drivers/md/dm-verity.ko: kernel/drivers/md/dm-bufio.ko kernel/drivers/md/dm-mod.ko kernel/lib/reed_solomon/reed_solomon.ko',
  'kernel/lib/reed_solomon/reed_solomon.ko:',
  'kernel/fs/fat/vfat.ko.xz: kernel/fs/fat/fat.ko.xz',
  'kernel/fs/fat/fat.ko.xz:',
  '',
].join('\n');
const BUILTIN = 'kernel/crypto/sha256_generic.ko\n';

describe('module load order', () => {
  it('loads dependencies first, the last listed first, each module once', () => {
    assert.deepEqual(moduleLoadOrder(['dm_mod', 'dm_verity', 'vfat'], DEP, BUILTIN), {
      files: [
        'kernel/drivers/md/dm-mod.ko',
        'kernel/lib/reed_solomon/reed_solomon.ko',
        'kernel/drivers/md/dm-bufio.ko',
        'kernel/drivers/md/dm-verity.ko',
        'kernel/fs/fat/fat.ko.xz',
        'kernel/fs/fat/vfat.ko.xz',
      ],
      builtin: [],
    });
  });

  it('needs no file for a built-in module, and refuses a module the kernel does not have', () => {
    assert.deepEqual(moduleLoadOrder(['sha256-generic'], DEP, BUILTIN), {
      files: [],
      builtin: ['sha256_generic'],
    });
    assert.throws(
      () => moduleLoadOrder(['zfs'], DEP, BUILTIN),
      /kernel module zfs is neither in modules.dep nor built in/,
    );
  });

  it('names modules as modprobe does (dashes are underscores, compression suffix dropped)', () => {
    assert.equal(moduleName('kernel/drivers/md/dm-verity.ko.xz'), 'dm_verity');
    assert.equal(moduleName('nls_cp437'), 'nls_cp437');
  });
});
