import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createJobRunner, type JobQueue } from '../../../src/server/jobs/job-runner.js';
import { sleep, waitFor } from './validation-fixtures.js';

/** An in-memory queue that records what the runner did. */
function memoryQueue(jobs: string[]) {
  const log: string[] = [];
  const lost = new Set<string>();
  const queue: JobQueue<string> = {
    claim: async () => {
      const job = jobs.shift();
      if (job) log.push(`claim ${job}`);
      return job;
    },
    renew: async (job) => !lost.has(job),
    release: async (job) => void log.push(`release ${job}`),
    requeueOwn: async () => (log.push('requeue'), 0),
  };
  return { queue, log, jobs, lost };
}

/** A run function whose jobs end when the test says (or when aborted). */
function controlledRuns() {
  const open = new Map<string, () => void>();
  let peak = 0;
  const run = (job: string, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      open.set(job, resolve);
      peak = Math.max(peak, open.size);
      signal.addEventListener('abort', () => resolve());
    }).finally(() => open.delete(job));
  return { run, open, peak: () => peak };
}

describe('job runner', () => {
  test('runs at most `concurrency` jobs; a finished job frees a slot at once', async () => {
    const { queue, log, jobs } = memoryQueue(['a', 'b', 'c', 'd']);
    const runs = controlledRuns();
    const runner = createJobRunner({ queue, run: runs.run, concurrency: 2, pollMs: 10_000, renewMs: 10_000 });
    await runner.start();
    await waitFor(async () => (runs.open.size === 2 ? true : undefined), 'two running');
    await sleep(30);
    assert.equal(runner.running, 2);
    assert.deepEqual(jobs, ['c', 'd']);
    runs.open.get('a')?.();
    await waitFor(async () => (runs.open.has('c') ? true : undefined), 'c started without a poll');
    for (const job of ['b', 'c']) runs.open.get(job)?.();
    await waitFor(async () => (runs.open.has('d') ? true : undefined), 'd started');
    runs.open.get('d')?.();
    await waitFor(async () => (runner.running === 0 ? true : undefined), 'all done');
    assert.equal(runs.peak(), 2);
    assert.equal(log[0], 'requeue', 'leftovers are re-queued before the first claim');
    await runner.stop();
  });

  test('wake claims a job queued after the last poll', async () => {
    const { queue, jobs } = memoryQueue([]);
    const runs = controlledRuns();
    const runner = createJobRunner({ queue, run: runs.run, concurrency: 1, pollMs: 10_000, renewMs: 10_000 });
    await runner.start();
    jobs.push('late');
    runner.wake();
    await waitFor(async () => (runs.open.has('late') ? true : undefined), 'late started');
    await runner.stop();
  });

  test('stop aborts running jobs and releases them; nothing is claimed afterwards', async () => {
    const { queue, log, jobs } = memoryQueue(['a', 'b']);
    const runs = controlledRuns();
    const runner = createJobRunner({ queue, run: runs.run, concurrency: 2, pollMs: 10, renewMs: 10_000 });
    await runner.start();
    await waitFor(async () => (runs.open.size === 2 ? true : undefined), 'both running');
    await runner.stop();
    assert.deepEqual(log.filter((l) => l.startsWith('release')).sort(), ['release a', 'release b']);
    jobs.push('c');
    await sleep(50);
    assert.ok(!log.includes('claim c'));
  });

  test('a job whose lease is lost is aborted and not released', async () => {
    const { queue, log, lost } = memoryQueue(['a']);
    let aborted = false;
    const run = (_job: string, signal: AbortSignal) =>
      new Promise<void>((resolve) =>
        signal.addEventListener('abort', () => {
          aborted = true;
          resolve();
        }),
      );
    const runner = createJobRunner({ queue, run, concurrency: 1, pollMs: 10_000, renewMs: 15 });
    await runner.start();
    await waitFor(async () => (runner.running === 1 ? true : undefined), 'running');
    lost.add('a');
    await waitFor(async () => (aborted ? true : undefined), 'aborted');
    await runner.stop();
    assert.ok(!log.includes('release a'));
  });
});
