import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forceGc } from './force-gc.js';

test('forceGc collects garbage even without --expose-gc', () => {
  let garbage: unknown[] | undefined = Array.from({ length: 500_000 }, (_, i) => ({ i }));
  const held = process.memoryUsage().heapUsed;
  garbage = undefined;
  forceGc();
  const after = process.memoryUsage().heapUsed;
  assert.equal(garbage, undefined);
  assert.ok(held - after > 10 * 1024 * 1024, `heap went from ${held} to ${after} bytes`);
});
