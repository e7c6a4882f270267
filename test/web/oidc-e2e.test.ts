import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { buildConsole } from './support/console-build.js';
import { launchChromium, openPage, screenshot } from './support/console-browser.js';
import { startConsoleOrchd, type ConsoleOrchd } from './support/console-orchd.js';
import { startBrowserOidcIssuer, type BrowserOidcIssuer } from './support/oidc-issuer.js';

// The console's OIDC sign-in in Debian's chromium: orchd names the issuer and the console's
// client, the browser goes to the issuer and back with a code, trades it with the PKCE verifier,
// and the access token (orchd checks it against the issuer's keys) opens the project.
describe('web console OIDC sign-in end to end', () => {
  let webRoot: string;
  let orchd: ConsoleOrchd;
  let issuer: BrowserOidcIssuer;
  let browser: Browser;

  before(async () => {
    issuer = await startBrowserOidcIssuer('alice', ['default_im-rw']);
    webRoot = await buildConsole();
    orchd = await startConsoleOrchd(webRoot, undefined, {
      oidc: { issuer: issuer.issuer, jwksUrl: issuer.jwksUrl, consoleClientId: 'edge-console' },
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await orchd?.close();
    await issuer?.close();
    if (webRoot) await rm(webRoot, { recursive: true, force: true });
  });

  test('sign in through the issuer: code + PKCE, the token in sessionStorage only, nothing left in the URL', async () => {
    const { context, page } = await openPage(browser, 'wide');
    try {
      await page.goto(`${orchd.url}/sign-in`);
      await page.getByRole('button', { name: /^Sign in with 127\.0\.0\.1:/ }).click();
      await page.waitForURL('**/projects/default/os-profiles');
      assert.equal(issuer.authorizations.length, 1);
      const asked = issuer.authorizations[0]!;
      assert.equal(asked.get('client_id'), 'edge-console');
      assert.equal(asked.get('redirect_uri'), `${orchd.url}/sign-in/callback`);
      assert.equal(asked.get('code_challenge_method'), 'S256');
      assert.equal(issuer.tokenRequests.length, 1);
      assert.equal(issuer.tokenRequests[0]!.get('grant_type'), 'authorization_code');
      assert.ok(!page.url().includes('code='), 'the code left the address bar');
      assert.match(await page.getByTitle('Signed in as').innerText(), /alice/);
      const stored = JSON.parse(
        await page.evaluate<string>('JSON.stringify(window.sessionStorage)'),
      ) as Record<string, string>;
      assert.deepEqual(Object.keys(stored), ['edge-orch.session'], 'the pending verifier is gone');
      assert.match(JSON.parse(stored['edge-orch.session']!).token, /^ey/);
      assert.equal(await page.evaluate('window.localStorage.length'), 0);
      await screenshot(page, 'oidc-signed-in');
    } finally {
      await context.close();
    }
  });

  test('a callback without a started sign-in is refused with the way back', async () => {
    const { context, page } = await openPage(browser, 'wide');
    try {
      await page.goto(`${orchd.url}/sign-in/callback?code=stolen&state=x`);
      const alert = page.getByRole('alert').filter({ hasText: 'Sign-in refused' });
      await alert.waitFor();
      assert.match(await alert.innerText(), /no sign-in was started in this tab/);
      assert.equal(new URL(page.url()).search, '', 'the code left the address bar');
      assert.equal(issuer.tokenRequests.length, 1, 'nothing was traded');
    } finally {
      await context.close();
    }
  });
});
