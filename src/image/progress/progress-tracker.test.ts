import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProgressEvent } from './progress-event.js';
import { createProgressTracker } from './progress-tracker.js';
import { RateMeter } from './rate-meter.js';

function fakeClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1000;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe('progress tracker', () => {
  test('byte updates are throttled to one per interval; stage changes always go out', () => {
    const clock = fakeClock();
    const events: ProgressEvent[] = [];
    const tracker = createProgressTracker({ onProgress: (e) => events.push(e), now: clock.now });
    tracker.stage('connecting');
    tracker.stage('downloading');
    for (let i = 1; i <= 100; i++) {
      clock.advance(10); // 100 updates over one second
      tracker.downloaded(i * 1000);
    }
    tracker.stage('writing');
    assert.deepEqual(
      events.map((e) => e.stage),
      ['connecting', 'downloading', 'downloading', 'downloading', 'downloading', 'downloading', 'writing'],
    );
    const bytes = events.map((e) => e.bytesDownloaded);
    assert.deepEqual(
      [...bytes].sort((a, b) => a - b),
      bytes,
      'monotonic',
    );
    assert.equal(events.at(-1)?.bytesDownloaded, 100_000);
  });

  test('repeating a stage, or going back to an earlier one, emits nothing', () => {
    const events: ProgressEvent[] = [];
    const tracker = createProgressTracker({ onProgress: (e) => events.push(e), now: fakeClock().now });
    tracker.stage('connecting');
    tracker.stage('connecting');
    tracker.stage('writing');
    tracker.stage('downloading');
    assert.deepEqual(
      events.map((e) => e.stage),
      ['connecting', 'writing'],
    );
  });

  test('rate and ETA come from the downloaded bytes and the total', () => {
    const clock = fakeClock();
    const tracker = createProgressTracker({ now: clock.now });
    tracker.setTotal(10_000_000);
    tracker.stage('downloading');
    for (let i = 1; i <= 20; i++) {
      clock.advance(100);
      tracker.downloaded(i * 100_000); // 1 MB/s
    }
    const event = tracker.snapshot();
    assert.equal(event.total, 10_000_000);
    assert.ok(Math.abs(event.rate - 1_000_000) < 1, `rate ${event.rate}`);
    assert.ok(Math.abs((event.etaSeconds ?? 0) - 8) < 0.01, `eta ${event.etaSeconds}`);
  });

  test('no total, no ETA', () => {
    const clock = fakeClock();
    const tracker = createProgressTracker({ now: clock.now });
    tracker.downloaded(10);
    clock.advance(100);
    tracker.downloaded(20);
    assert.equal(tracker.snapshot().etaSeconds, undefined);
    assert.equal(tracker.snapshot().total, undefined);
  });
});

describe('rate meter', () => {
  test('follows a rate change smoothly, not at once', () => {
    const meter = new RateMeter(1000);
    let t = 0;
    let value = 0;
    meter.sample(value, t);
    for (let i = 0; i < 50; i++) meter.sample((value += 100), (t += 100)); // 1000/s
    assert.ok(Math.abs(meter.rate - 1000) < 1e-6);
    meter.sample((value += 1000), (t += 100)); // one burst at 10 000/s
    assert.ok(meter.rate > 1000 && meter.rate < 10_000, `smoothed ${meter.rate}`);
  });

  test('ignores samples at the same instant', () => {
    const meter = new RateMeter();
    meter.sample(0, 0);
    meter.sample(100, 100);
    assert.equal(meter.sample(500, 100), 1000);
  });
});
