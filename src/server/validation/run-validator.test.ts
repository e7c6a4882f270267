import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isOrchError } from '../../core/errors/index.js';
import type { ValidateImageOptions, ValidationReport } from '../../image/index.js';
import { openFileImageSource } from '../../image/index.js';
import { runValidator } from './run-validator.js';
import type { ValidateImage } from './validation-options.js';

const INPUT = {
  url: 'https://images.example/os.raw',
  sha256: 'a'.repeat(64),
  osType: 'OS_TYPE_MUTABLE',
  osVersion: '22.04.5',
  profileName: 'ubuntu',
  securityFeature: 'SECURITY_FEATURE_NONE',
} as const;

const REPORT: ValidationReport = { state: 'passed', checks: [], durationMs: 1 };

describe('runValidator (the one validator call of jobs and dry runs)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'run-validator-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const recording = () => {
    const calls: ValidateImageOptions[] = [];
    const validate: ValidateImage = async (_input, options) => (calls.push(options), REPORT);
    return { calls, validate };
  };

  test('makes the scratch folder, then runs the validator with this orchd settings', async () => {
    const { calls, validate } = recording();
    const scratchDir = join(dir, 'a', 'scratch');
    const openSource = () => openFileImageSource('/nowhere');
    const signal = new AbortController().signal;
    const onProgress = () => undefined;
    const report = await runValidator(
      { validate, scratchDir, allowHttp: true, policy: { emtRootfsMaxBytes: 5 }, openSource },
      INPUT,
      { onProgress, signal },
    );
    assert.equal(report, REPORT);
    assert.ok((await stat(scratchDir)).isDirectory());
    assert.deepEqual(calls, [
      { scratchDir, onProgress, signal, allowHttp: true, policy: { emtRootfsMaxBytes: 5 }, openSource },
    ]);
  });

  test('leaves out what is not set', async () => {
    const { calls, validate } = recording();
    const scratchDir = join(dir, 'b');
    const signal = new AbortController().signal;
    const onProgress = () => undefined;
    await runValidator({ validate, scratchDir }, INPUT, { onProgress, signal });
    assert.deepEqual(calls, [{ scratchDir, onProgress, signal }]);
  });

  test('a scratch folder that cannot be made is TARGET_IO, and the validator never runs', async () => {
    const { calls, validate } = recording();
    await writeFile(join(dir, 'file'), 'not a folder');
    const scratchDir = join(dir, 'file', 'scratch');
    await assert.rejects(
      runValidator({ validate, scratchDir }, INPUT, {
        onProgress: () => undefined,
        signal: new AbortController().signal,
      }),
      (error) => isOrchError(error, 'TARGET_IO') && error.message.includes(scratchDir),
    );
    assert.equal(calls.length, 0);
  });
});
