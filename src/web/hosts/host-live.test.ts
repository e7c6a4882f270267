import { describe, expect, test } from 'vitest';
import { applyHostEvent, currentProvisioning, EMPTY_LIVE_STATE } from './host-live.js';
import { progressFigures } from './host-progress.js';
import { hostWith, provisioningView } from '../testing/host-fixtures.js';
import { stepBytes } from './host-timeline.js';

const running = provisioningView('running', {
  step: { id: 'stream-image', text: 'Streaming OS image', index: 3, count: 6 },
  bytesDone: 512 * 2 ** 20,
  bytesTotal: 2 ** 30,
  rate: 64 * 2 ** 20,
  updatedAt: '2026-12-01T10:05:00.000Z',
  steps: provisioningView('running').steps.map((s, i) => ({
    ...s,
    state: i < 2 ? 'succeeded' : i === 2 ? 'running' : 'pending',
  })),
});

describe('live host state', () => {
  test('a provisioning event replaces the host provisioning; an ended attempt asks for a refresh', () => {
    const first = applyHostEvent(EMPTY_LIVE_STATE, 'provisioning', {
      hostId: 'host-1',
      provisioningStatus: 'Provisioning In Progress: 3/6: Streaming OS image',
      provisioningStatusIndicator: 'STATUS_INDICATION_IN_PROGRESS',
      provisioning: running,
    });
    expect(first.refresh).toBeUndefined();
    expect(first.state.provisioning.get('host-1')?.provisioningStatus).toBe(
      'Provisioning In Progress: 3/6: Streaming OS image',
    );
    const failed = applyHostEvent(first.state, 'provisioning', {
      hostId: 'host-1',
      provisioningStatus: 'Provisioning Failed',
      provisioning: provisioningView('failed'),
    });
    expect(failed.refresh).toBe('host-1');
    expect(failed.state.provisioning.get('host-1')?.provisioning?.state).toBe('failed');
  });

  test('host snapshots fill the state; deleted and approval events refresh; unknown data is ignored', () => {
    const snap = applyHostEvent(EMPTY_LIVE_STATE, 'host', hostWith('host-2', running));
    expect(snap.state.provisioning.get('host-2')?.provisioning?.step?.index).toBe(3);
    expect(applyHostEvent(snap.state, 'host', hostWith('host-3', null)).state).toBe(snap.state);
    const approved = applyHostEvent(snap.state, 'approved', { hostId: 'host-9' });
    expect(approved).toEqual({ state: snap.state, refresh: 'host-9' });
    const deleted = applyHostEvent(snap.state, 'deleted', { hostId: 'host-2' });
    expect(deleted.refresh).toBe('host-2');
    expect(deleted.state.deleted.has('host-2')).toBe(true);
    expect(deleted.state.provisioning.has('host-2')).toBe(false);
    expect(applyHostEvent(snap.state, 'provisioning', { nothing: 1 }).state).toBe(snap.state);
  });

  test('the newer of the fetched and the streamed provisioning is shown', () => {
    const older = { provisioningStatus: 'old', indicator: '', provisioning: provisioningView('waiting') };
    const host = hostWith('host-4', running);
    expect(currentProvisioning(host, older)?.provisioning?.state).toBe('running');
    const newer = {
      ...older,
      provisioning: provisioningView('succeeded', { updatedAt: '2026-12-01T11:00:00.000Z' }),
    };
    expect(currentProvisioning(host, newer)?.provisioning?.state).toBe('succeeded');
    expect(currentProvisioning(hostWith('h', null), undefined)).toBeUndefined();
  });
});

describe('progress figures', () => {
  test('finished steps plus the byte fraction of the current one, over N; step k/N; bytes and rate', () => {
    const figures = progressFigures({ provisioningStatus: '', indicator: '', provisioning: running });
    expect(figures.percent).toBeCloseTo((100 * 2.5) / 6);
    expect(figures.stepText).toBe('step 3/6');
    expect(figures.bytesText).toBe('512.0 MiB of 1.0 GiB at 64.0 MiB/s');
    expect(figures.color).toBe('blue');
    expect(figures.animated).toBe(true);
  });

  test('succeeded is full and teal, failed red, none empty', () => {
    expect(
      progressFigures({ provisioningStatus: '', indicator: '', provisioning: provisioningView('succeeded') }),
    ).toMatchObject({ percent: 100, color: 'teal', animated: false });
    expect(
      progressFigures({ provisioningStatus: '', indicator: '', provisioning: provisioningView('failed') })
        .color,
    ).toBe('red');
    expect(progressFigures(undefined)).toMatchObject({ percent: 0, stepText: undefined, color: 'gray' });
  });

  test('the timeline puts the bytes on the streaming step', () => {
    expect(stepBytes(running.steps[2]!, running)).toBe('512.0 MiB of 1.0 GiB at 64.0 MiB/s');
    expect(stepBytes(running.steps[0]!, running)).toBeUndefined();
    const done = {
      ...running,
      step: null,
      state: 'succeeded' as const,
      steps: running.steps.map((s) => ({
        ...s,
        state: 'succeeded' as const,
        bytes: s.id === 'stream-image' ? 2 ** 30 : null,
      })),
    };
    expect(stepBytes(done.steps[2]!, done)).toBe('1.0 GiB');
  });
});
