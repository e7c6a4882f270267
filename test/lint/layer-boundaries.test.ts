/**
 * The layering rule judged by path: what each layer may import, Node built-ins and packages per
 * layer, dynamic import(), the engine's single way in, test helpers, and no false positive for a
 * folder that merely shares a layer's name (src/server/cli/).
 */
import { describe, it } from 'node:test';
import { join, resolve } from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
// @ts-expect-error: a plain JavaScript module without declarations.
import { layerBoundaries } from '../../scripts/lint/layer-boundaries.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const srcDir = resolve('src');
const layers = {
  core: { may: [], nodeBuiltins: false, packages: ['fastify'], why: 'core is pure' },
  image: {
    may: ['core'],
    packages: ['fastify', '@fastify/*', 'pg'],
    entry: 'image/index.ts',
    why: 'image: core only',
  },
  server: { may: ['core', 'image'], why: 'never cli' },
  cli: { may: ['core'], why: 'HTTP only' },
};
const options = [{ srcDir, layers }];
const at = (path: string) => join(srcDir, path);

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, sourceType: 'module' } });

tester.run('layer-boundaries', layerBoundaries, {
  valid: [
    { filename: at('core/a/a.ts'), code: "import { x } from '../b/b.js';", options },
    { filename: at('image/a/a.ts'), code: "import { x } from '../../core/errors/index.js';", options },
    { filename: at('image/a/a.ts'), code: "import { createHash } from 'node:crypto';", options },
    { filename: at('server/a.ts'), code: "import { validateImage } from '../image/index.js';", options },
    // A folder named cli inside the server is the server's own (the old **/cli/** glob refused it).
    { filename: at('server/routes/a.ts'), code: "import { run } from '../cli/orchd-program.js';", options },
    { filename: at('server/a.ts'), code: 'const m = await import(name);', options },
    // Tests and test helpers are not judged.
    { filename: at('core/a/a.test.ts'), code: "import { readFile } from 'node:fs/promises';", options },
    { filename: at('core/a/testing/t.ts'), code: "import { x } from '../../../image/index.js';", options },
  ],
  invalid: [
    {
      filename: at('core/a/a.ts'),
      code: "import { readFile } from 'node:fs/promises';\nimport { readFileSync } from 'fs';",
      options,
      errors: [{ messageId: 'builtin' }, { messageId: 'builtin' }],
    },
    {
      filename: at('core/a/a.ts'),
      code: "import type { ImageFacts } from '../../image/index.js';",
      options,
      errors: [
        {
          messageId: 'layer',
          data: { from: 'src/core', to: 'src/image', specifier: '../../image/index.js', why: 'core is pure' },
        },
      ],
    },
    {
      filename: at('image/a/a.ts'),
      code: "const server = await import('../../server/app.js');",
      options,
      errors: [{ messageId: 'layer' }],
    },
    {
      filename: at('image/a/a.ts'),
      code: "import Fastify from 'fastify';\nimport cors from '@fastify/cors';\nexport { Pool } from 'pg';",
      options,
      errors: [{ messageId: 'package' }, { messageId: 'package' }, { messageId: 'package' }],
    },
    {
      filename: at('server/a.ts'),
      code: "export * from '../cli/program.js';",
      options,
      errors: [{ messageId: 'layer' }],
    },
    {
      filename: at('server/a.ts'),
      code: "import { validateImage } from '../image/validate/index.js';",
      options,
      errors: [{ messageId: 'entry' }],
    },
    {
      filename: at('image/a/a.ts'),
      code: "import { fakeFs } from '../inspect/testing/fake-fs.js';",
      options,
      errors: [{ messageId: 'testing' }],
    },
    {
      filename: at('mystery/a.ts'),
      code: "import { x } from '../core/index.js';",
      options,
      errors: [{ messageId: 'unknownLayer' }],
    },
  ],
});
