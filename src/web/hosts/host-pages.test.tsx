import { describe, expect, test } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { fakeOrchd, json, memoryStorage, renderConsole, SIGNED_IN } from '../testing/render-console.js';
import { hostWith, provisioningView } from '../testing/host-fixtures.js';
import { HostDetailPage } from './host-detail-page.js';
import { HostListPage } from './host-list-page.js';

const HOST = '/v1/projects/default/compute/hosts/host-0000000f';
const EVENTS = '/v1/projects/default/events';

/** An event stream that sends `frames` and then stays open (until the test ends). */
function stream(frames: string): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(frames));
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

const failedSteps = provisioningView('failed').steps.map((step, index) =>
  index < 2
    ? { ...step, state: 'succeeded' as const, startedAt: '2026-12-01T10:00:00.000Z', endedAt: '2026-12-01T10:00:02.500Z', durationMs: 2500 }
    : index === 2
      ? { ...step, state: 'failed' as const, startedAt: '2026-12-01T10:00:03.000Z', bytes: 2 ** 30, error: { code: 'CHECKSUM_MISMATCH', message: 'sha256 of the streamed image is 00ff…, the profile says ab12…', retryable: false, step: 'stream-image' as const } }
      : step,
); // prettier-ignore
const failed = provisioningView('failed', {
  steps: failedSteps,
  error: failedSteps[2]!.error,
  bytesDone: 2 ** 30,
  bytesTotal: 2 ** 30,
});

describe('host detail page', () => {
  test('the timeline shows each step, and the failed one with its code and real message', async () => {
    const orchd = fakeOrchd({
      [`GET ${HOST}`]: () => json(200, hostWith('host-0000000f', failed)),
      [`GET ${EVENTS}`]: () => stream(''),
    });
    renderConsole(<HostDetailPage project="default" resourceId="host-0000000f" />, {
      fetch: orchd.fetch,
      storage: memoryStorage(SIGNED_IN),
    });
    const steps = await screen.findByRole('table', { name: 'Provisioning steps' });
    const rows = within(steps).getAllByRole('row');
    expect(rows).toHaveLength(7);
    expect(within(rows[1]!).getByText('2.5 s')).toBeTruthy();
    expect(within(rows[3]!).getByText('CHECKSUM_MISMATCH')).toBeTruthy();
    expect(within(rows[3]!).getByText(/sha256 of the streamed image is 00ff/)).toBeTruthy();
    expect(within(rows[3]!).getByText('1.0 GiB')).toBeTruthy();
    expect(screen.getByText('Provisioning failed: CHECKSUM_MISMATCH')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Reprovision' }).hasAttribute('disabled')).toBe(false);
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    const events = orchd.requests.find((r) => r.url.includes('/events'))!;
    expect(new URL(events.url).searchParams.get('host')).toBe('host-0000000f');
    expect(events.headers.get('authorization')).toBe('Bearer eo_test');
  });

  test('a host registered without autoOnboard offers Approve, which asks orchd to onboard it', async () => {
    let approved = false;
    const waiting = hostWith('host-0000000f', null, {
      autoOnboard: false,
      desiredState: 'HOST_STATE_REGISTERED',
      currentState: 'HOST_STATE_REGISTERED',
      onboardingStatus: 'Waiting for approval',
    });
    const orchd = fakeOrchd({
      [`GET ${HOST}`]: () =>
        json(200, approved ? { ...waiting, desiredState: 'HOST_STATE_ONBOARDED', onboardingStatus: 'Approved, waiting for the node' } : waiting),
      [`PATCH ${HOST}/onboard`]: () => ((approved = true), json(200, {})),
      [`GET ${EVENTS}`]: () => stream(''),
    }); // prettier-ignore
    renderConsole(<HostDetailPage project="default" resourceId="host-0000000f" />, {
      fetch: orchd.fetch,
      storage: memoryStorage(SIGNED_IN),
    });
    expect(await screen.findByText('Waits for approval')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    expect(await screen.findByText('Approved, waiting for the node')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });

  test("delete shows orchd's guard and offers to delete the instance first", async () => {
    const guard = {
      code: 'FailedPrecondition',
      message: 'host host-0000000f has instance inst-00000001: delete the instance first',
    };
    const orchd = fakeOrchd({
      [`GET ${HOST}`]: () => json(200, hostWith('host-0000000f', provisioningView('succeeded'))),
      [`DELETE ${HOST}`]: () => json(409, guard),
      [`GET ${EVENTS}`]: () => stream(''),
    }); // prettier-ignore
    renderConsole(<HostDetailPage project="default" resourceId="host-0000000f" />, {
      fetch: orchd.fetch,
      storage: memoryStorage(SIGNED_IN),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete host' }));
    expect(await screen.findByText(guard.message)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Delete instance inst-00000001' })).toBeTruthy();
  });
});

describe('host list page', () => {
  test('rows show the progress the event stream sends: step k/N, bytes and rate, status words', async () => {
    const host = hostWith('host-0000000f', provisioningView('ready'));
    const running = provisioningView('running', {
      step: { id: 'stream-image', text: 'Streaming OS image', index: 3, count: 6 },
      bytesDone: 256 * 2 ** 20,
      bytesTotal: 2 ** 30,
      rate: 32 * 2 ** 20,
      updatedAt: '2026-12-01T10:09:00.000Z',
    });
    const event = {
      hostId: 'host-0000000f',
      instanceId: 'inst-00000001',
      provisioningStatus: 'Provisioning In Progress: 3/6: Streaming OS image',
      provisioningStatusIndicator: 'STATUS_INDICATION_IN_PROGRESS',
      provisioning: running,
    };
    const orchd = fakeOrchd({
      'GET /v1/projects/default/compute/hosts': () =>
        json(200, { hosts: [host], totalElements: 1, hasNext: false }),
      [`GET ${EVENTS}`]: () => stream(`id: 7\nevent: provisioning\ndata: ${JSON.stringify(event)}\n\n`),
    });
    renderConsole(<HostListPage project="default" />, {
      fetch: orchd.fetch,
      storage: memoryStorage(SIGNED_IN),
    });
    const table = await screen.findByRole('table', { name: 'Hosts' });
    await waitFor(() => expect(within(table).getByText('step 3/6')).toBeTruthy());
    expect(within(table).getByText('256.0 MiB of 1.0 GiB at 32.0 MiB/s')).toBeTruthy();
    expect(within(table).getByText(event.provisioningStatus)).toBeTruthy();
    const bar = within(table).getByRole('progressbar', { name: 'Provisioning of edge-000f' });
    expect(bar.getAttribute('aria-valuetext')).toBe('4%, step 3/6');
    const list = orchd.requests.find((r) => r.url.includes('/compute/hosts'))!;
    expect(new URL(list.url).searchParams.get('orderBy')).toBe('timestamps.createdAt desc');
    expect(new URL(list.url).searchParams.get('pageSize')).toBe('20');
  });
});
