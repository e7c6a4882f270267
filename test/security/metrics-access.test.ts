// /metrics listed every project name unauthenticated. With --metrics-token-file it asks for that
// token (and names projects); the token is read from a file, never from the command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, serve } from '../../src/server/compose-orchd.js';

test('orchd serve --metrics-token-file: /metrics answers 401 without the token and names projects with it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'orchd-metrics-'));
  const tokenFile = join(dir, 'metrics-token');
  await writeFile(tokenFile, 'scrape-me-0123456789abcdef\n', { mode: 0o600 });
  const orchd = await serve({
    listen: '127.0.0.1:0',
    database: `sqlite:${join(dir, 'orch.db')}`,
    releaseServiceUrl: 'https://files-rs.example.test',
    scratchDir: join(dir, 'scratch'),
    metricsTokenFile: tokenFile,
    print: () => undefined,
    logger: createLogger('silent'),
  });
  try {
    assert.equal((await fetch(`${orchd.url}/metrics`)).status, 401);
    const scraped = await fetch(`${orchd.url}/metrics`, {
      headers: { authorization: 'Bearer scrape-me-0123456789abcdef' },
    });
    assert.equal(scraped.status, 200);
    assert.match(await scraped.text(), /orchd_os_profiles\{project="default",source="default"\} 7/);
  } finally {
    await orchd.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('a metrics token file that is empty or short stops the start with a message naming it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'orchd-metrics-'));
  const tokenFile = join(dir, 'metrics-token');
  await writeFile(tokenFile, 'short\n');
  try {
    await assert.rejects(
      serve({
        listen: '127.0.0.1:0',
        database: `sqlite:${join(dir, 'orch.db')}`,
        releaseServiceUrl: 'https://files-rs.example.test',
        metricsTokenFile: tokenFile,
        print: () => undefined,
        logger: createLogger('silent'),
      }),
      new RegExp(`${tokenFile} must hold one metrics token of at least 16 characters`),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
