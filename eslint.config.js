// Lint rules: typescript-eslint's recommended set, plus the layering of docs/architecture.md:
// src/core imports nothing of ours and no node:* module; src/image imports only core.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

// Node's globals (process, Buffer, ...) do not exist in the browser: off for the web console.
const nodeOnlyGlobalsOff = Object.fromEntries(
  Object.keys(globals.node)
    .filter((name) => !(name in globals.browser))
    .map((name) => [name, 'off']),
);

const layer = (from, forbidden, message) => ({
  files: [`src/${from}/**/*.ts`],
  // Unit tests sit beside the code and use node:test / node:assert; the layer rule is for the code.
  ignores: [`src/${from}/**/*.test.ts`],
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message })) }],
  },
});

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
  layer(
    'core',
    ['node:*', '**/store/**', '**/image/**', '**/server/**', '**/agent/**', '**/cli/**'],
    'src/core is pure: no I/O modules and nothing from the outer layers',
  ),
  layer('image', ['**/store/**', '**/server/**', '**/agent/**', '**/cli/**'], 'src/image imports only core'),
  layer('store', ['**/server/**', '**/agent/**', '**/cli/**', '**/image/**'], 'src/store imports only core'),
  layer('server', ['**/agent/**', '**/cli/**'], 'orchd never imports the agent or the CLI'),
  layer('agent', ['**/server/**', '**/cli/**', '**/store/**'], 'en-agent talks to orchd over HTTP only'),
  layer('cli', ['**/server/**', '**/agent/**', '**/store/**'], 'orch-cli talks to orchd over HTTP only'),
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
