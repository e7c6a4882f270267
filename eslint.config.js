// Lint rules: typescript-eslint's recommended set, plus the layering of docs/architecture.md:
// src/core imports nothing of ours and no node:* module; src/image imports only core.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const layer = (from, forbidden, message) => ({
  files: [`src/${from}/**/*.ts`],
  // Unit tests sit beside the code and use node:test / node:assert; the layer rule is for the code.
  ignores: [`src/${from}/**/*.test.ts`],
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message })) }],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', '.tmp/**', 'src/web/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  layer(
    'core',
    ['node:*', '**/api/**', '**/store/**', '**/image/**', '**/server/**', '**/agent/**', '**/cli/**'],
    'src/core is pure: no I/O modules and nothing from the outer layers',
  ),
  layer(
    'api',
    ['node:*', '**/store/**', '**/image/**', '**/server/**', '**/agent/**', '**/cli/**', '**/web/**'],
    'src/api is the wire contract: it imports only core and typebox',
  ),
  layer('image', ['**/store/**', '**/server/**', '**/agent/**', '**/cli/**'], 'src/image imports only core'),
  layer('store', ['**/server/**', '**/agent/**', '**/cli/**', '**/image/**'], 'src/store imports only core'),
  layer('server', ['**/agent/**', '**/cli/**'], 'orchd never imports the agent or the CLI'),
  layer('agent', ['**/server/**', '**/cli/**', '**/store/**'], 'en-agent talks to orchd over HTTP only'),
  layer('cli', ['**/server/**', '**/agent/**', '**/store/**'], 'orch-cli talks to orchd over HTTP only'),
);
