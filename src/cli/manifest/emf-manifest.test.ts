import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CliError, EXIT } from '../cli-error.js';
import { parseOsProfileManifest } from './emf-manifest.js';

// The reader itself is core's (src/core/os-profile/emf-manifest.test.ts); here only its CLI face.
test("a refused manifest exits with 'failed' and core's words; a good one reads as core reads it", () => {
  assert.throws(
    () => parseOsProfileManifest('name: x\n', 'a.yaml'),
    (error: unknown) =>
      error instanceof CliError &&
      error.exitCode === EXIT.failed &&
      /a\.yaml has no "spec" map/.test(error.message),
  );
  const read = parseOsProfileManifest('spec:\n  name: Ubuntu\n  osImageUrl: https://x.test/i.img\n', 'm');
  assert.deepEqual(read.body, {
    name: 'Ubuntu',
    imageUrl: 'https://x.test/i.img',
    repoUrl: 'https://x.test/i.img',
  });
});
