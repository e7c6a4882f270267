import { describe, expect, test } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { fakeOrchd, memoryStorage, renderConsole, SIGNED_IN } from '../testing/render-console.js';
import { ValidationPanel } from './validation-panel.js';

const EVENTS = 'GET /v1/projects/default/compute/os/os-0000000a/validation/events';

/** An event-stream answer that sends `frames` and then closes. */
const sse = (...frames: string[]): Response =>
  new Response(frames.join(''), { status: 200, headers: { 'content-type': 'text/event-stream' } });

const view = (jobId: string | null, state: string) =>
  JSON.stringify({
    jobId,
    state,
    progress: null,
    report: null,
    facts: null,
    error: null,
    attempts: jobId ? 1 : 0,
    createdAt: null,
    startedAt: null,
    finishedAt: null,
  });

describe('validation panel following the stream', () => {
  test('a profile without a job: the stream ends with `end`, is not opened again, and Validate is offered', async () => {
    const orchd = fakeOrchd({
      [EVENTS]: () =>
        sse(
          `event: validation\ndata: ${view(null, 'pending')}\n\n`,
          'event: end\ndata: {"reason":"NO_VALIDATION_JOB","message":"OS profile os-0000000a has no validation job"}\n\n',
        ),
    });
    renderConsole(<ValidationPanel project="default" resourceId="os-0000000a" />, {
      fetch: orchd.fetch,
      storage: memoryStorage(SIGNED_IN),
    });
    expect(await screen.findByText("This profile's image has never been validated.")).toBeTruthy();
    const button = screen.getByRole('button', { name: 'Validate' });
    expect(button.hasAttribute('disabled')).toBe(false);
    // Longer than the reader's first reconnect pause (1 s): a reopen would have happened by now.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(orchd.requests.filter((r) => new URL(r.url).pathname.endsWith('/events'))).toHaveLength(1);
    expect(screen.queryByText('Connection to orchd lost')).toBeNull();
    expect(screen.queryByText('Stream ended')).toBeNull();
  });

  test('a stream cut before the verdict is opened again with Last-Event-ID and shows the verdict', async () => {
    const answers = [
      () =>
        sse(
          `event: validation\ndata: ${view('job-1', 'running')}\n\n`,
          'id: p-1\nevent: progress\ndata: {"stage":"downloading","bytesDownloaded":10,"rate":0}\n\n',
        ),
      () => sse(`event: validation\ndata: ${view('job-1', 'passed')}\n\n`),
    ];
    let opened = 0;
    const orchd = fakeOrchd({ [EVENTS]: () => answers[opened++]!() });
    renderConsole(<ValidationPanel project="default" resourceId="os-0000000a" />, {
      fetch: orchd.fetch,
      storage: memoryStorage(SIGNED_IN),
    });
    expect(await screen.findByText('passed', {}, { timeout: 5000 })).toBeTruthy();
    const streams = orchd.requests.filter((r) => new URL(r.url).pathname.endsWith('/events'));
    expect(streams.map((r) => r.headers.get('last-event-id'))).toEqual([null, 'p-1']);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Validate again' })).toBeTruthy());
  });
});
