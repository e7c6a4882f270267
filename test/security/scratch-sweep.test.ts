// A `kill -9` during a validation left an 862 MB partial file in scratch. On start, orchd removes
// the scratch files its own earlier run left, and only those.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, serve } from '../../src/server/compose-orchd.js';

test("orchd serve sweeps its own scratch leftovers at start and leaves another replica's files", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'orchd-sweep-'));
  const scratch = join(dir, 'scratch');
  const owner = createHash('sha256').update('replica-a').digest('hex').slice(0, 8);
  const other = createHash('sha256').update('replica-b').digest('hex').slice(0, 8);
  try {
    await mkdir(scratch);
    for (const name of [
      `validate-${owner}-0011.raw`,
      `validate-${owner}-0022.raw.partial`,
      `validate-${other}-0033.raw`,
      'notes.txt',
    ])
      await writeFile(join(scratch, name), 'x');
    const orchd = await serve({
      listen: '127.0.0.1:0',
      database: `sqlite:${join(dir, 'orch.db')}`,
      releaseServiceUrl: 'https://files-rs.example.test',
      scratchDir: scratch,
      instanceId: 'replica-a',
      print: () => undefined,
      logger: createLogger('silent'),
    });
    await orchd.close();
    assert.deepEqual((await readdir(scratch)).sort(), [`validate-${other}-0033.raw`, 'notes.txt'].sort());
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
