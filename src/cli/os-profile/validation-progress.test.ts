import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { ValidationProgress, ValidationResource } from './validation-api.js';
import { validationProgressLines } from './validation-progress.js';
import { etaText, progressPayload, validationProgressBar } from './validation-progress-bar.js';

const MIB = 1024 * 1024;

const view = (
  state: ValidationResource['state'],
  progress: ValidationProgress | null = null,
): ValidationResource => ({
  jobId: 'j',
  createdAt: null,
  state,
  progress,
  report: null,
  facts: null,
  error: null,
  attempts: 1,
  startedAt: null,
  finishedAt: null,
});

const downloading = (done: number, total?: number): ValidationProgress => ({
  stage: 'downloading',
  bytesDownloaded: done * MIB,
  bytesWritten: 0,
  ...(total === undefined ? {} : { total: total * MIB }),
  rate: 2 * MIB,
  etaSeconds: 65,
});

/** A stand-in terminal: records what is written and answers the cursor calls cli-progress makes. */
function fakeTerminal() {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        text += chunk.toString();
        done();
      },
    }),
    {
      isTTY: true,
      columns: 120,
      cursorTo: () => true,
      moveCursor: () => true,
      clearLine: () => true,
      clearScreenDown: () => true,
    },
  );
  return { stream, text: () => text };
}

test('lines: one per change, none for the final state', () => {
  const out: string[] = [];
  const lines = validationProgressLines((text) => out.push(text));
  for (const v of [view('pending'), view('pending'), view('running', downloading(1, 4)), view('passed')])
    lines.show(v);
  lines.stop();
  assert.equal(out.length, 2);
  assert.equal(out[0], 'pending\n');
  assert.match(out[1]!, /^downloading +\[#+-+\] +25% of 4\.0 MiB\n$/);
});

test('bar payload: bytes of total, rate and ETA from orchd; unknown total and ETA as ?', () => {
  assert.deepEqual(progressPayload(downloading(1, 4), 'running'), {
    stage: 'downloading',
    bytes: '1.0 MiB/4.0 MiB',
    rate: '2.0 MiB/s',
    remaining: 'ETA 1m05s',
  });
  assert.equal(progressPayload(downloading(1), 'running').bytes, '1.0 MiB/?');
  assert.equal(progressPayload(null, 'pending').stage.trim(), 'pending');
  assert.equal(etaText(undefined), '?');
  assert.equal(etaText(42.4), '42s');
});

test('bar: drawn on the terminal with percentage, bytes, rate and ETA, released on stop', () => {
  const terminal = fakeTerminal();
  const bar = validationProgressBar(terminal.stream);
  bar.show(view('running', downloading(1, 4)));
  bar.show(view('running', downloading(2, 4)));
  bar.show(view('passed', downloading(4, 4)));
  bar.stop();
  bar.stop();
  assert.match(terminal.text(), /downloading +\[[^\]]+\] 100% 4\.0 MiB\/4\.0 MiB 2\.0 MiB\/s ETA 1m05s/);
});
