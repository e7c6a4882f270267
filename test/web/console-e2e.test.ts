import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { applyProfileCreateRules } from '../../src/core/os-profile/index.js';
import { validateImage } from '../../src/image/validate/index.js';
import { createOsImageFixtures, type OsImageFixtures } from '../fixtures/os-images/os-image-fixtures.js';
import { startImageServer, type ImageServer } from '../support/https-server/image-server.js';
import { loadTestCertificates, type TestCertificates } from '../support/tls/test-certificates.js';
import { trackApiCalls } from './support/api-calls.js';
import { buildConsole } from './support/console-build.js';
import type { VIEWS } from './support/console-browser.js';
import { launchChromium, openPage, screenshot } from './support/console-browser.js';
import { startConsoleOrchd, type ConsoleOrchd } from './support/console-orchd.js';

const WRONG_SHA256 = 'ab'.repeat(32);

// The console in Debian's chromium against a real orchd on SQLite with the real validator, and
// the Ubuntu fixture image served over HTTPS by a server only the pasted certificate trusts.
describe('web console end to end', () => {
  let webRoot: string;
  let fixtures: OsImageFixtures;
  let images: ImageServer;
  let tls: TestCertificates;
  let orchd: ConsoleOrchd;
  let browser: Browser;
  let admin: string;
  let image: { sha256: string };
  let sbCert: string;
  let failedProfilePath = '';

  before(async () => {
    fixtures = createOsImageFixtures();
    tls = await loadTestCertificates();
    const [root, built, keys] = await Promise.all([
      buildConsole(),
      fixtures.image('ubuntu'),
      fixtures.keys(),
    ]);
    webRoot = root;
    image = built;
    sbCert = keys.ca.cert;
    images = await startImageServer({
      tls: { cert: tls.leaf.cert, key: tls.leaf.key },
      files: { '/ubuntu-22.04.5.raw': { file: built.path } },
    });
    orchd = await startConsoleOrchd(webRoot, validateImage);
    admin = await orchd.token({ name: 'console-admin' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await orchd?.close();
    await images?.close();
    fixtures?.remove();
    if (webRoot) await rm(webRoot, { recursive: true, force: true });
  });

  /** Runs `body` on a fresh page at 1280x800; a failure leaves a screenshot of what was shown. */
  const withPage = async (body: (page: Page) => Promise<void>, view: keyof typeof VIEWS = 'wide') => {
    const { context, page } = await openPage(browser, view);
    try {
      await body(page);
    } catch (error) {
      await screenshot(page, `failed-${Date.now()}`).catch(() => undefined);
      throw error;
    } finally {
      await context.close();
    }
  };

  /** The row of one check in the report table. */
  const check = (checks: Locator, id: string) =>
    checks.locator('tr[data-status]').filter({ has: checks.page().getByText(id, { exact: true }) });

  const signIn = async (page: Page, token: string) => {
    await page.goto(orchd.url);
    await page.getByLabel('Token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  test('a wrong token is refused with orchd reason, on the sign-in page', () =>
    withPage(async (page) => {
      await signIn(page, 'eo_not-a-real-token');
      const alert = page.getByRole('alert').filter({ hasText: 'Sign-in refused' });
      await alert.waitFor();
      assert.match(await alert.innerText(), /the bearer token is unknown or revoked/);
      assert.equal(new URL(page.url()).pathname, '/sign-in');
      assert.equal(await page.evaluate('window.sessionStorage.length'), 0, 'nothing kept');
      await screenshot(page, 'sign-in-refused');
    }));

  test('sign in, list the default profiles, filter and sort them', () =>
    withPage(async (page) => {
      await signIn(page, admin);
      await page.waitForURL('**/projects/default/os-profiles');
      const table = page.getByRole('table', { name: 'OS profiles' });
      await table.getByRole('row').nth(7).waitFor();
      assert.equal(await table.getByRole('row').count(), 8, 'header + the seven default profiles');
      const stored = await page.evaluate<string>('JSON.stringify(window.sessionStorage)');
      assert.match(stored, /eo_/, 'the token is in sessionStorage');
      assert.equal(await page.evaluate('window.localStorage.length'), 0, 'never in localStorage');
      assert.ok(!page.url().includes('eo_'), 'never in the URL');
      await screenshot(page, 'profiles-list');

      await page.getByRole('textbox', { name: 'Filter (AIP-160)' }).fill('osType = IMMUTABLE');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.getByText(/^1-\d of \d$/).waitFor();
      const immutable = await table.getByRole('row').count();
      assert.ok(immutable > 1 && immutable < 8, `only IMMUTABLE profiles: ${immutable - 1}`);

      await page.getByRole('textbox', { name: 'Filter (AIP-160)' }).fill('osType = = x');
      await page.getByRole('button', { name: 'Apply' }).click();
      const error = page.getByRole('alert').filter({ hasText: 'The list could not be loaded' });
      await error.waitFor();
      assert.match(await error.innerText(), /\^/, "orchd's caret under the filter error");
    }));

  test('create a profile with a pasted certificate, watch it validate, edit it, delete it', () =>
    withPage(async (page) => {
      await signIn(page, admin);
      await page.getByRole('button', { name: 'Create profile' }).click();
      await page.getByRole('textbox', { name: /^Name/ }).fill('Ubuntu 22.04.5 console');
      await page.getByLabel('Profile name').fill('ubuntu-22.04-lts-custom');
      await page.getByLabel('Image URL').fill('http://images.example.test/x.img');
      await page.getByLabel('OS version').fill('22.04.5');
      await page.getByLabel('SHA-256').fill(image.sha256);
      await page.getByRole('button', { name: 'Create profile' }).click();
      // The client-side rule says exactly what orchd and orch-cli say.
      const expected = await applyProfileCreateRules(
        {
          name: 'x',
          profileName: 'ubuntu-x',
          imageUrl: 'http://images.example.test/x.img',
          imageId: '1',
          sha256: image.sha256,
          osType: 'MUTABLE',
        },
        { releaseServiceUrl: 'https://files-rs.example.test', now: new Date() },
      );
      assert.equal(expected.ok, false);
      const message = !expected.ok ? expected.issues.find((i) => i.field === 'imageUrl')!.message : '';
      await page.getByText(message, { exact: true }).waitFor();
      await screenshot(page, 'profile-create-rule');

      await page.getByLabel('Image URL').fill(images.url('/ubuntu-22.04.5.raw'));
      await page.getByRole('textbox', { name: 'Security feature' }).click();
      await page.getByRole('option', { name: 'SB_FDE' }).click();
      await page.getByLabel('TLS certificate', { exact: true }).fill(tls.ca.cert);
      await page.getByLabel('Secure Boot certificates', { exact: true }).fill(sbCert);
      await screenshot(page, 'profile-create');
      await page.getByRole('button', { name: 'Create profile' }).click();

      await page.waitForURL(/\/projects\/default\/os-profiles\/os-[0-9a-f]{8}$/);
      const panel = page.getByRole('region', { name: 'Image validation' });
      const checks = panel.getByRole('table', { name: 'Validation checks' });
      await checks.waitFor({ timeout: 90_000 });
      const badge = await panel.locator('.mantine-Badge-root').first().textContent();
      assert.match(badge ?? '', /passed|warned/);
      assert.equal(await check(checks, 'source.reachable').getAttribute('data-status'), 'pass');
      assert.equal(await check(checks, 'secureboot.signed').getAttribute('data-status'), 'pass');
      assert.match(
        await check(checks, 'source.reachable').innerText(),
        /trusting only the profile's certificate/,
      );
      await panel.getByRole('table', { name: 'EFI binaries and signers' }).waitFor();
      const cert = page.getByRole('region', { name: 'TLS certificate' });
      assert.match(await cert.innerText(), /SHA-256 fingerprint/);
      await screenshot(page, 'profile-detail');

      await page.getByRole('button', { name: 'Edit' }).click();
      await page.getByLabel('Description').fill('checked in the console');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.waitForURL(/os-[0-9a-f]{8}$/);
      await page.getByText('checked in the console').waitFor();

      await page.getByRole('button', { name: 'Delete' }).click();
      await page.getByRole('button', { name: 'Delete profile' }).click();
      await page.waitForURL('**/projects/default/os-profiles');
      await page.getByRole('table', { name: 'OS profiles' }).getByRole('row').nth(7).waitFor();
      assert.equal(await page.getByText('Ubuntu 22.04.5 console').count(), 0, 'gone from the list');
    }));

  test("a failing image shows the real reason from orchd's validator", () =>
    withPage(async (page) => {
      await signIn(page, admin);
      await page.getByRole('button', { name: 'Create profile' }).click();
      await page.getByRole('textbox', { name: /^Name/ }).fill('Ubuntu wrong checksum');
      await page.getByLabel('Profile name').fill('ubuntu-22.04-lts-custom');
      await page.getByLabel('Image URL').fill(images.url('/ubuntu-22.04.5.raw'));
      await page.getByLabel('OS version').fill('22.04.6');
      await page.getByLabel('SHA-256').fill(WRONG_SHA256);
      await page.getByLabel('TLS certificate', { exact: true }).fill(tls.ca.cert);
      await page.getByRole('button', { name: 'Create profile' }).click();
      const panel = page.getByRole('region', { name: 'Image validation' });
      const checks = panel.getByRole('table', { name: 'Validation checks' });
      await checks.waitFor({ timeout: 90_000 });
      assert.equal((await panel.locator('.mantine-Badge-root').first().textContent())?.trim(), 'failed');
      const checksum = check(checks, 'source.checksum');
      assert.equal(await checksum.getAttribute('data-status'), 'fail');
      const text = await checksum.innerText();
      assert.match(text, /sha256 mismatch/);
      assert.ok(text.includes(image.sha256) || text.includes(WRONG_SHA256), `names the digests: ${text}`);
      await screenshot(page, 'profile-failed');
      failedProfilePath = new URL(page.url()).pathname;
    }));

  test('an expired session leads back to sign-in with the reason', () =>
    withPage(async (page) => {
      const shortLived = await orchd.token({ name: 'short-lived', expiresIn: '1h' });
      const calls = trackApiCalls(page);
      await signIn(page, shortLived);
      await page.waitForURL('**/os-profiles');
      await page.getByText(/^1-\d+ of \d+$/).waitFor();
      // The clock moves only once the list's and the shell's calls are answered: one still in
      // flight would meet the expired token now, end the session on this page, and the reload
      // below would then start a fresh sign-in page that never saw why.
      await calls.settled();
      orchd.advance(2 * 3600_000);
      try {
        assert.equal(new URL(page.url()).pathname, '/projects/default/os-profiles', 'still signed in');
        await page.reload(); // the next calls carry the expired token
        const notice = page.getByRole('status').filter({ hasText: 'Your session ended' });
        await notice.waitFor();
        assert.match(await notice.innerText(), /the bearer token 'short-lived' expired at/);
        assert.equal(new URL(page.url()).pathname, '/sign-in');
        // The token is forgotten; only the reason is kept (so a reload of sign-in still says why).
        const kept = (await page.evaluate('JSON.stringify(Object.entries(window.sessionStorage))')) as string;
        assert.deepEqual(
          (JSON.parse(kept) as [string, string][]).map(([key]) => key),
          ['edge-orch.session-notice'],
        );
        assert.ok(!kept.includes(shortLived), 'no trace of the token');
        await screenshot(page, 'session-expired');
        await page.reload();
        await notice.waitFor();
        assert.match(await notice.innerText(), /the bearer token 'short-lived' expired at/);
      } finally {
        orchd.advance(-2 * 3600_000);
      }
    }));
  test('orchd going away mid-stream is said plainly; the page reconnects and catches up', async () => {
    const replica = await startConsoleOrchd(webRoot); // runs no validator: the job stays pending
    try {
      const token = await replica.token({ name: 'replica-admin' });
      const created = await fetch(`${replica.url}/v1/projects/default/compute/os`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'Ubuntu pending',
          profileName: 'ubuntu-22.04-lts-custom',
          imageUrl: 'https://images.example.test/pending.raw',
          imageId: '22.04.9',
          sha256: WRONG_SHA256,
          osType: 'MUTABLE',
        }),
      });
      assert.equal(created.status, 200, await created.clone().text());
      const { resourceId } = (await created.json()) as { resourceId: string };
      await withPage(async (page) => {
        await page.goto(replica.url);
        await page.getByLabel('Token').fill(token);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL('**/os-profiles');
        await page.goto(`${replica.url}/projects/default/os-profiles/${resourceId}`);
        const panel = page.getByRole('region', { name: 'Image validation' });
        await panel.getByText('pending: waiting for a runner').waitFor();
        await replica.stop();
        const lost = page.getByRole('alert').filter({ hasText: 'Connection to orchd lost' });
        await lost.waitFor();
        assert.match(await lost.innerText(), /orchd cannot be reached/);
        await screenshot(page, 'stream-lost');
        await replica.restart();
        await lost.waitFor({ state: 'detached', timeout: 40_000 });
        await panel.getByText('pending: waiting for a runner').waitFor();
        assert.match((await panel.locator('.mantine-Badge-root').first().textContent()) ?? '', /pending/);
      });
    } finally {
      await replica.close();
    }
  });

  for (const view of ['wideDark', 'narrow', 'narrowDark'] as const) {
    test(`list and a failed profile read well at ${view}`, () =>
      withPage(async (page) => {
        await signIn(page, admin);
        await page.getByRole('table', { name: 'OS profiles' }).getByRole('row').nth(7).waitFor();
        await screenshot(page, `profiles-list-${view}`);
        assert.ok(failedProfilePath, 'the failing-image test ran first');
        await page.goto(`${orchd.url}${failedProfilePath}`);
        await page.getByRole('table', { name: 'Validation checks' }).waitFor();
        const overflow = await page.evaluate<boolean>(
          'document.documentElement.scrollWidth > document.documentElement.clientWidth',
        );
        assert.equal(overflow, false, 'no sideways scrolling of the page (tables scroll inside)');
        await screenshot(page, `profile-failed-${view}`);
      }, view));
  }
});
