import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressLine, renderValidation } from './validation-views.js';

const MIB = 1024 * 1024;

test('progressLine: a bar when the size is known, the bytes otherwise', () => {
  assert.equal(
    progressLine({
      stage: 'downloading',
      bytesDownloaded: 2 * MIB,
      bytesWritten: 0,
      total: 8 * MIB,
      rate: 1,
    }),
    `downloading [${'#'.repeat(8)}${'-'.repeat(22)}]  25% of 8.0 MiB`,
  );
  assert.equal(
    progressLine({ stage: 'inspecting', bytesDownloaded: 3 * MIB, bytesWritten: 0, rate: 0 }),
    'inspecting  3.0 MiB',
  );
});

test('renderValidation: the checks, a run error, then the verdict', () => {
  const text = renderValidation(
    {
      jobId: 'vjob-1',
      createdAt: null,
      state: 'failed',
      progress: null,
      report: {
        state: 'failed',
        checks: [{ id: 'gpt.valid', status: 'fail', message: 'no GPT' }],
        durationMs: 1,
      },
      facts: null,
      error: null,
      attempts: 1,
      startedAt: null,
      finishedAt: null,
    },
    'OS profile "x" (os-00000000)',
  );
  assert.equal(
    text,
    'CHECK       STATUS   MESSAGE\ngpt.valid   FAIL     no GPT\nOS profile "x" (os-00000000): validation failed\n',
  );
  const stopped = renderValidation(
    {
      jobId: 'j',
      createdAt: null,
      state: 'failed',
      progress: null,
      report: null,
      facts: null,
      error: { code: 'TARGET_IO', message: 'full' },
      attempts: 1,
      startedAt: null,
      finishedAt: null,
    },
    'P',
  );
  assert.equal(stopped, 'error: TARGET_IO: full\nP: validation failed\n');
});
