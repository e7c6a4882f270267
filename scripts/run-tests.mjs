#!/usr/bin/env node
// Runs every *.test.ts under the given folders (default: src and test) with node:test and tsx.
// Node 20's --test does not expand globs itself, so the files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('-'));
const found = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures-out' || name.startsWith('.')) continue;
    const path = join(dir, name);
    // The web console's tests run in vitest (npm run test:web), with a browser-like DOM.
    if (path === join('src', 'web')) continue;
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.ts')) found.push(path);
  }
};
for (const root of roots.length ? roots : ['src', 'test']) walk(root);
found.sort();
if (found.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...passThrough, ...found],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
