/** What `npm run build` compiles into dist/: code only, never tests or the test helpers beside it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import ts from 'typescript';

test('tsconfig.build.json leaves *.test.ts and src/**/testing/ out of dist/', () => {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    'tsconfig.build.json',
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => assert.fail(String(diagnostic.messageText)),
    },
  );
  assert.ok(parsed);
  const files = parsed.fileNames.map((name) => name.replaceAll('\\', '/'));
  assert.ok(
    files.some((name) => name.endsWith('/src/image/index.ts')),
    'the engine is built',
  );
  assert.deepEqual(
    files.filter((name) => name.includes('/testing/') || name.endsWith('.test.ts')),
    [],
  );
});
