/**
 * The scratch copy takes only the image's non-zero content (a 4 GiB sparse rootfs costs a few
 * MiB), is gone afterwards, and a scratch folder that cannot be written is TARGET_IO.
 */
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { isOrchError } from '../../../src/core/errors/index.js';
import { validateImage } from '../../../src/image/validate/index.js';
import { fixtures, profileFor, scratchDir, scratchLeftovers, serveVariants } from './validate-harness.js';

const MIB = 1024 * 1024;
let served: Awaited<ReturnType<typeof serveVariants>>;

before(async () => {
  served = await serveVariants([['emt-rootfs-too-large', 'qcow2-v3']]);
});
after(async () => {
  await served.server.close();
  fixtures.remove();
});

it('a 4 GiB sparse image takes only its non-zero content in the scratch folder', async () => {
  const seen: { size: number; allocated: number }[] = [];
  const report = await validateImage(
    {
      url: served.server.url('/emt-rootfs-too-large.qcow2-v3'),
      sha256: served.sha256('emt-rootfs-too-large', 'qcow2-v3'),
      caPem: served.caPem,
      ...(await profileFor('emt')),
    },
    {
      scratchDir,
      onProgress: (event) => {
        if (event.stage !== 'inspecting') return;
        for (const name of readdirSync(scratchDir)) {
          const stats = statSync(join(scratchDir, name));
          seen.push({ size: stats.size, allocated: stats.blocks * 512 });
        }
      },
    },
  );
  assert.equal(report.facts!.virtualSize, (4 + 4097 + 4 + 2) * MIB); // ESP, rootfs, persistent, GPT margin
  assert.equal(seen.length, 1);
  assert.equal(seen[0]!.size, report.facts!.virtualSize);
  assert.ok(seen[0]!.allocated < 64 * MIB, `scratch file allocates ${seen[0]!.allocated} bytes`);
  assert.deepEqual(scratchLeftovers(), []);
});

it('a scratch folder that does not exist rejects with TARGET_IO', async () => {
  const running = validateImage(
    {
      url: served.server.url('/emt-rootfs-too-large.qcow2-v3'),
      sha256: served.sha256('emt-rootfs-too-large', 'qcow2-v3'),
      ...(await profileFor('emt')),
    },
    { scratchDir: join(scratchDir, 'missing') },
  );
  await assert.rejects(running, (error) => isOrchError(error, 'TARGET_IO'));
});
