import { describe, expect, test } from 'vitest';
import { render, screen } from '@testing-library/react';
import { ConsoleApp } from '../app/console-app.js';
import { fakeOrchd, json, memoryStorage } from '../testing/render-console.js';
import { beginOidcLogin, finishOidcLogin, pkceChallenge } from './oidc-login.js';

const CONFIG = {
  issuer: 'https://kc.example.test/realms/edge',
  clientId: 'edge-console',
  scope: 'openid profile',
};
const discovery = () =>
  json(200, {
    authorization_endpoint: 'https://kc.example.test/realms/edge/auth',
    token_endpoint: 'https://kc.example.test/realms/edge/token',
  });

describe('OIDC sign-in (authorization code + PKCE)', () => {
  test('the S256 challenge of RFC 7636 appendix B', async () => {
    expect(await pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  test('begin sends the browser to the issuer with state and challenge; finish trades the code with the verifier', async () => {
    const storage = memoryStorage();
    const issuer = fakeOrchd({
      'GET /realms/edge/.well-known/openid-configuration': discovery,
      'POST /realms/edge/token': async (request) => {
        const form = new URLSearchParams(await request.text());
        const pending = JSON.parse(storage.getItem('edge-orch.oidc-pending') ?? '{}') as { verifier?: string };
        expect(pending).toEqual({}); // forgotten before the token call
        return json(200, { access_token: `at-for-${form.get('code')}-${form.get('code_verifier')?.length}`, token_type: 'Bearer' });
      },
    }); // prettier-ignore
    const url = new URL(
      await beginOidcLogin(CONFIG, { origin: 'https://orchd.test', storage, fetch: issuer.fetch }),
    );
    expect(url.origin + url.pathname).toBe('https://kc.example.test/realms/edge/auth');
    const p = url.searchParams;
    expect(p.get('response_type')).toBe('code');
    expect(p.get('client_id')).toBe('edge-console');
    expect(p.get('redirect_uri')).toBe('https://orchd.test/sign-in/callback');
    expect(p.get('code_challenge_method')).toBe('S256');
    const pending = JSON.parse(storage.getItem('edge-orch.oidc-pending')!) as {
      verifier: string;
      state: string;
    };
    expect(p.get('code_challenge')).toBe(await pkceChallenge(pending.verifier));
    expect(p.get('state')).toBe(pending.state);
    expect(url.toString()).not.toContain(pending.verifier);

    const token = await finishOidcLogin(`?code=abc&state=${pending.state}`, { storage, fetch: issuer.fetch });
    expect(token).toBe('at-for-abc-43');
    const tokenCall = issuer.requests.find((r) => r.url.endsWith('/token'))!;
    expect(tokenCall.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
  });

  test("a state that does not match, the issuer's error and a second use are refused", async () => {
    const storage = memoryStorage();
    const issuer = fakeOrchd({ 'GET /realms/edge/.well-known/openid-configuration': discovery });
    await beginOidcLogin(CONFIG, { origin: 'https://orchd.test', storage, fetch: issuer.fetch });
    await expect(finishOidcLogin('?code=abc&state=forged', { storage, fetch: issuer.fetch })).rejects.toThrow(
      'the sign-in answer does not match the one started (state): start again',
    );
    await expect(finishOidcLogin('?code=abc&state=x', { storage, fetch: issuer.fetch })).rejects.toThrow(
      'no sign-in was started in this tab',
    );
    await expect(
      finishOidcLogin('?error=access_denied&error_description=User+said+no', {
        storage,
        fetch: issuer.fetch,
      }),
    ).rejects.toThrow('the OIDC issuer refused the sign-in: User said no');
  });

  test('the sign-in page offers the issuer only when orchd names one', async () => {
    const withIssuer = fakeOrchd({ 'GET /v1/console/config': () => json(200, { oidc: CONFIG }) });
    const { unmount } = render(
      <ConsoleApp fetch={withIssuer.fetch} storage={memoryStorage()} initialPath="/sign-in" />,
    );
    expect(await screen.findByRole('button', { name: 'Sign in with kc.example.test' })).toBeTruthy();
    unmount();
    const without = fakeOrchd({ 'GET /v1/console/config': () => json(200, { oidc: null }) });
    render(<ConsoleApp fetch={without.fetch} storage={memoryStorage()} initialPath="/sign-in" />);
    await screen.findByRole('button', { name: 'Sign in' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole('button', { name: /Sign in with/ })).toBeNull();
  });
});
