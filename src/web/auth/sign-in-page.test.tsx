import { describe, expect, test } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { ConsoleApp } from '../app/console-app.js';
import { fakeOrchd, json, memoryStorage, SIGNED_IN } from '../testing/render-console.js';
import { render } from '@testing-library/react';

const PROFILES = { OperatingSystemResources: [], totalElements: 0, hasNext: false };

describe('signing in and out', () => {
  test('a wrong token shows orchd reason and keeps nothing', async () => {
    const orchd = fakeOrchd({
      'GET /v1/whoami': () =>
        json(401, { code: 'Unauthenticated', message: 'the bearer token is unknown or revoked' }),
    });
    const storage = memoryStorage();
    render(<ConsoleApp fetch={orchd.fetch} storage={storage} initialPath="/" />);
    fireEvent.change(await screen.findByLabelText(/^Token/), { target: { value: 'eo_wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('the bearer token is unknown or revoked');
    const whoami = orchd.requests.find((r) => r.url.endsWith('/v1/whoami'))!;
    expect(whoami.headers.get('authorization')).toBe('Bearer eo_wrong');
    expect(storage.length).toBe(0);
  });

  test('a good token is kept in session storage and the profile list opens', async () => {
    const orchd = fakeOrchd({
      'GET /v1/whoami': () => json(200, { kind: 'token', subject: 'ops', admin: true, roles: [], expiresAt: null }),
      'GET /v1/projects': () => json(200, { projects: [{ name: 'default', description: '', createdAt: '' }], totalElements: 1 }),
      'GET /v1/projects/default/compute/os': () => json(200, PROFILES),
    }); // prettier-ignore
    const storage = memoryStorage();
    render(<ConsoleApp fetch={orchd.fetch} storage={storage} initialPath="/sign-in" />);
    fireEvent.change(await screen.findByLabelText(/^Token/), { target: { value: 'eo_good' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('No profile matches.')).toBeTruthy();
    expect(JSON.parse(storage.getItem('edge-orch.session')!)).toEqual({
      token: 'eo_good',
      subject: 'ops',
      project: 'default',
    });
    const list = orchd.requests.find((r) => r.url.includes('/compute/os'))!;
    expect(list.headers.get('authorization')).toBe('Bearer eo_good');
    expect(list.url).not.toContain('eo_good');
  });

  test('a 401 on any call ends the session and says why on the sign-in page', async () => {
    const expired = {
      code: 'Unauthenticated',
      message: "the bearer token 'ops' expired at 2026-12-01T00:00:00.000Z",
    };
    const orchd = fakeOrchd({
      'GET /v1/projects': () => json(401, expired),
      'GET /v1/projects/default/compute/os': () => json(401, expired),
    });
    const storage = memoryStorage(SIGNED_IN);
    render(<ConsoleApp fetch={orchd.fetch} storage={storage} initialPath="/projects/default/os-profiles" />);
    const notice = await screen.findByRole('status');
    expect(notice.textContent).toContain(`Your session ended: ${expired.message}. Sign in again.`);
    expect(storage.getItem('edge-orch.session')).toBeNull();
    expect(storage.getItem('edge-orch.session-notice')).toBe(
      `Your session ended: ${expired.message}. Sign in again.`,
    );
    expect(storage.length).toBe(1);
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  test('the notice survives a reload of the sign-in page and is gone after the next sign-in', async () => {
    const revoked = { code: 'Unauthenticated', message: 'the bearer token is unknown or revoked' };
    let tokenValid = false;
    const orchd = fakeOrchd({
      'GET /v1/whoami': () =>
        tokenValid
          ? json(200, { kind: 'token', subject: 'ops', admin: true, roles: [], expiresAt: null })
          : json(401, revoked),
      'GET /v1/projects': () =>
        tokenValid
          ? json(200, { projects: [{ name: 'default', description: '', createdAt: '' }], totalElements: 1 })
          : json(401, revoked),
      'GET /v1/projects/default/compute/os': () => (tokenValid ? json(200, PROFILES) : json(401, revoked)),
    });
    const storage = memoryStorage(SIGNED_IN);
    const first = render(
      <ConsoleApp fetch={orchd.fetch} storage={storage} initialPath="/projects/default/os-profiles" />,
    );
    const said = `Your session ended: ${revoked.message}. Sign in again.`;
    expect((await screen.findByRole('status')).textContent).toContain(said);
    first.unmount();

    // A reload: a new app on the same tab storage, opened at the sign-in page.
    const second = render(<ConsoleApp fetch={orchd.fetch} storage={storage} initialPath="/sign-in" />);
    expect((await screen.findByRole('status')).textContent).toContain(said);
    expect(orchd.requests.filter((r) => r.url.endsWith('/v1/whoami'))).toHaveLength(0);

    tokenValid = true;
    fireEvent.change(screen.getByLabelText(/^Token/), { target: { value: 'eo_new' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('No profile matches.')).toBeTruthy();
    expect(storage.getItem('edge-orch.session-notice')).toBeNull();
    second.unmount();

    // Signed in and reloaded, then the session is dropped from the tab: sign-in shows no old notice.
    storage.removeItem('edge-orch.session');
    render(<ConsoleApp fetch={orchd.fetch} storage={storage} initialPath="/sign-in" />);
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
  });

  test('a dismissed notice is forgotten: a reload does not show it again', async () => {
    const storage = memoryStorage({ 'edge-orch.session-notice': 'You signed out.' });
    const orchd = fakeOrchd({});
    const first = render(<ConsoleApp fetch={orchd.fetch} storage={storage} initialPath="/sign-in" />);
    const notice = await screen.findByRole('status');
    expect(notice.textContent).toContain('You signed out.');
    fireEvent.click(within(notice).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('status')).toBeNull();
    expect(storage.getItem('edge-orch.session-notice')).toBeNull();
    first.unmount();

    render(<ConsoleApp fetch={orchd.fetch} storage={storage} initialPath="/sign-in" />);
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
  });
});
