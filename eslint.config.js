// Lint rules: typescript-eslint's recommended set, the promise rules (type-aware), and the
// layering of docs/architecture.md, judged by path (scripts/lint/layer-boundaries.js): src/core
// imports nothing of ours and no Node built-in; src/image imports only core, and others reach the
// engine through src/image/index.ts only.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import { fileURLToPath } from 'node:url';
import layering from './scripts/lint/layer-boundaries.js';

// Node's globals (process, Buffer, ...) do not exist in the browser: off for the web console.
const nodeOnlyGlobalsOff = Object.fromEntries(
  Object.keys(globals.node)
    .filter((name) => !(name in globals.browser))
    .map((name) => [name, 'off']),
);

const srcDir = fileURLToPath(new URL('./src', import.meta.url));

// Packages of orchd's server, store and command line: never part of the pure or engine layers.
const SERVER_PACKAGES = ['fastify', '@fastify/*', 'kysely', 'pg', 'better-sqlite3', 'commander'];

// Who may import whom, by the first folder under src/ (docs/architecture.md). A folder missing
// here is reported, so a new layer states its place before it grows.
const LAYERS = {
  core: {
    may: [],
    nodeBuiltins: false,
    packages: SERVER_PACKAGES,
    why: 'src/core is pure: no I/O modules and nothing from the outer layers',
  },
  api: {
    may: ['core'],
    nodeBuiltins: false,
    packages: SERVER_PACKAGES,
    why: 'the API contract is wire shapes only (orchd, orch-cli and the web console share it)',
  },
  image: {
    may: ['core'],
    packages: SERVER_PACKAGES,
    entry: 'image/index.ts',
    why: 'src/image imports only core (the engine runs in orchd and en-agent alike)',
  },
  store: {
    may: ['core'],
    packages: ['fastify', '@fastify/*', 'commander'],
    why: 'src/store imports only core',
  },
  server: { may: ['core', 'api', 'image', 'store'], why: 'orchd never imports the agent or the CLI' },
  agent: {
    may: ['core', 'api', 'image'],
    packages: ['fastify', '@fastify/*', 'kysely', 'pg', 'better-sqlite3'],
    why: 'en-agent talks to orchd over HTTP only',
  },
  cli: {
    may: ['core', 'api'],
    packages: ['fastify', '@fastify/*', 'kysely', 'pg', 'better-sqlite3'],
    why: 'orch-cli talks to orchd over HTTP only',
  },
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // A promise nobody awaits loses its error; one handed where a callback's result is ignored does
  // too. Type-aware, through the project's tsconfig files.
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test runs what describe/test/it return itself (and reports their failures).
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'suite', 'test', 'it'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/web/**'],
    plugins: { local: layering },
    rules: { 'local/layer-boundaries': ['error', { srcDir, layers: LAYERS }] },
  },
  // The pure layers run anywhere: no Node globals either.
  {
    files: ['src/core/**/*.ts', 'src/api/**/*.ts'],
    ignores: ['src/**/*.test.ts', 'src/**/testing/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'global', 'require', '__dirname', '__filename', 'setImmediate'].map(
          (name) => ({
            name,
            message:
              'src/core and src/api are pure: a Node global has no place there (take it as an argument)',
          }),
        ),
      ],
    },
  },
  // The web console runs in the browser: browser globals, the hooks rules, and only core (shared
  // rules and words) and the API contract from the rest of the tree.
  {
    files: ['src/web/**/*.{ts,tsx}'],
    ignores: ['src/web/vite.config.ts'],
    languageOptions: { globals: { ...nodeOnlyGlobalsOff, ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', '**/store/**', '**/image/**', '**/server/**', '**/agent/**', '**/cli/**'],
              message: 'the web console talks to orchd over HTTP only (types from the API contract)',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
