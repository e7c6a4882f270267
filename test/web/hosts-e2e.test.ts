import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import type { WorkflowStepKind } from '../../src/core/workflow/index.js';
import { HOST_CSV_HEADER } from '../../src/core/host/index.js';
import { buildConsole } from './support/console-build.js';
import { launchChromium, openPage, screenshot } from './support/console-browser.js';
import { startConsoleOrchd, type ConsoleOrchd } from './support/console-orchd.js';
import { freshNode, HttpNode } from './support/http-node.js';

const PROFILE = 'Ubuntu 22.04.5 LTS';
/** A default profile without Secure Boot and FDE. */
const NONE_PROFILE = 'Edge Microvisor Toolkit Standalone 3.0.20260602';
const GiB = 2 ** 30;

// Host pages in Debian's chromium against a real orchd on SQLite: a node driven step by step
// over HTTP (en-agent's protocol), the browser checked between its events.
describe('web console hosts end to end', () => {
  let webRoot: string;
  let orchd: ConsoleOrchd;
  let browser: Browser;
  let admin: string;

  before(async () => {
    webRoot = await buildConsole();
    orchd = await startConsoleOrchd(webRoot);
    admin = await orchd.token({ name: 'console-admin' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await orchd?.close();
    if (webRoot) await rm(webRoot, { recursive: true, force: true });
  });

  const withPage = async (body: (page: Page) => Promise<void>) => {
    const { context, page } = await openPage(browser, 'wide');
    try {
      await body(page);
    } catch (error) {
      await screenshot(page, `hosts-failed-${Date.now()}`).catch(() => undefined);
      throw error;
    } finally {
      await context.close();
    }
  };

  const signIn = async (page: Page) => {
    await page.goto(orchd.url);
    await page.getByLabel('Token').fill(admin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/projects/default/os-profiles');
  };

  const register = async (
    page: Page,
    node: { serialNumber: string; uuid: string },
    name: string,
    auto = true,
  ) => {
    await page.getByRole('link', { name: 'Hosts', exact: true }).click();
    await page.getByRole('button', { name: 'Register host' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
    await page.getByRole('textbox', { name: /^Serial number/ }).fill(node.serialNumber);
    await page.getByRole('textbox', { name: /^UUID/ }).fill(node.uuid);
    await page.getByRole('textbox', { name: /^OS profile/ }).click();
    await page.getByRole('option', { name: new RegExp(`^${PROFILE} \\(`) }).click();
    if (!auto) await page.getByRole('checkbox', { name: /Onboard automatically/ }).uncheck();
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.waitForURL(/\/projects\/default\/hosts\/host-[0-9a-f]{8}$/);
    return new URL(page.url()).pathname.split('/').pop()!;
  };

  /** The provisioning bar of a host row, and its aria-valuetext. */
  const bar = (page: Page, name: string) =>
    page.getByRole('progressbar', { name: `Provisioning of ${name}` });
  const waitValueText = async (page: Page, name: string, pattern: RegExp) => {
    const deadline = Date.now() + 30_000;
    let last: string | null = null;
    while (Date.now() < deadline) {
      last = await bar(page, name).getAttribute('aria-valuetext');
      if (last !== null && pattern.test(last)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail(`the bar of ${name} says ${last}, expected ${pattern}`);
  };

  test('register a host, see it in the table, watch the progress and the timeline follow its node', () =>
    withPage(async (page) => {
      await signIn(page);
      const node = freshNode();
      const hostId = await register(page, node, 'edge-live');
      await page.getByText('Instance', { exact: true }).waitFor();

      await page.getByRole('link', { name: '← Hosts' }).click();
      const row = page.locator(`tr[data-host="${hostId}"]`);
      await row.waitFor();
      assert.match(await row.innerText(), new RegExp(node.serialNumber));
      assert.match(await row.innerText(), /Not Provisioned/);

      const agent = new HttpNode(orchd.url, node);
      assert.equal(await agent.onboard(), 200);
      const workflow = await agent.workflow();
      const steps = workflow.plan!.steps.map((s) => s.id);
      const n = steps.length;
      const streamAt = steps.indexOf('stream-image');
      for (const step of steps.slice(0, streamAt)) {
        await agent.report(step, 'running');
        await agent.report(step, 'succeeded');
      }
      await agent.report('stream-image', 'running');
      await agent.report('stream-image', 'progress', {
        bytesDone: GiB,
        bytesTotal: 4 * GiB,
        rate: 100 * 2 ** 20,
      });
      await waitValueText(page, 'edge-live', new RegExp(`, step ${streamAt + 1}/${n}$`));
      await row.getByText('1.0 GiB of 4.0 GiB at 100.0 MiB/s').waitFor();
      await row.getByText(`Provisioning In Progress: ${streamAt + 1}/${n}: Streaming OS image`).waitFor();
      const percent = Number((await bar(page, 'edge-live').getAttribute('aria-valuenow')) ?? 0);
      assert.equal(percent, Math.round((100 * (streamAt + 0.25)) / n));
      await screenshot(page, 'hosts-list');

      await agent.report('stream-image', 'progress', {
        bytesDone: 3 * GiB,
        bytesTotal: 4 * GiB,
        rate: 120 * 2 ** 20,
      });
      await row.getByText('3.0 GiB of 4.0 GiB at 120.0 MiB/s').waitFor();

      await row.getByRole('link', { name: 'edge-live' }).click();
      const timeline = page.getByRole('table', { name: 'Provisioning steps' });
      await timeline.locator('tr[data-step="stream-image"][data-state="running"]').waitFor();
      await screenshot(page, 'host-provisioning');
      await agent.report('stream-image', 'progress', {
        bytesDone: 4 * GiB,
        bytesTotal: 4 * GiB,
        rate: 120 * 2 ** 20,
      });
      await agent.report('stream-image', 'succeeded');
      for (const step of steps.slice(streamAt + 1)) {
        await agent.report(step, 'running');
        await agent.report(step, 'succeeded');
      }
      await timeline.locator('tr[data-step="reboot"][data-state="succeeded"]').waitFor();
      assert.equal(await timeline.locator('tr[data-state="succeeded"]').count(), n);
      await page.locator('[data-provisioning="succeeded"]').waitFor();
      await page.getByText('Provisioned', { exact: true }).first().waitFor();
      assert.match(await timeline.locator('tr[data-step="stream-image"]').innerText(), /4\.0 GiB/);
      await screenshot(page, 'host-provisioned');

      // The profile's page lists the host among those that run it.
      const got = await fetch(`${orchd.url}/v1/projects/default/compute/hosts/${hostId}`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      const osId = ((await got.json()) as { instance: { osID: string } }).instance.osID;
      await page.goto(`${orchd.url}/projects/default/os-profiles/${osId}`);
      const using = page.getByRole('table', { name: 'Hosts using this profile' });
      await using.getByRole('link', { name: 'edge-live' }).waitFor();
      assert.match(await using.innerText(), /Provisioned/);
    }));

  test('a failing step shows its code and real message live; Reprovision re-arms the host', () =>
    withPage(async (page) => {
      await signIn(page);
      const node = freshNode();
      const hostId = await register(page, node, 'edge-fail');
      const agent = new HttpNode(orchd.url, node);
      assert.equal(await agent.onboard(), 200);
      const workflow = await agent.workflow();
      const steps = workflow.plan!.steps.map((s) => s.id);
      const erase: WorkflowStepKind = 'erase-disk';
      for (const step of steps.slice(0, steps.indexOf(erase))) {
        await agent.report(step, 'running');
        await agent.report(step, 'succeeded');
      }
      await agent.report(erase, 'running');
      const message = 'no disk to install to: nvme0n1 is 16 GiB, the profile needs 32 GiB';
      await agent.report(erase, 'failed', { error: { code: 'DISK_TOO_SMALL', message, retryable: false } });
      const alert = page.getByRole('alert').filter({ hasText: 'Provisioning failed: DISK_TOO_SMALL' });
      await alert.waitFor();
      assert.match(await alert.innerText(), new RegExp(message));
      const failedRow = page.locator(`tr[data-step="${erase}"][data-state="failed"]`);
      await failedRow.waitFor();
      assert.match(await failedRow.innerText(), /DISK_TOO_SMALL/);
      assert.match(await failedRow.innerText(), new RegExp(message));
      await screenshot(page, 'host-failed');

      await page.getByRole('button', { name: 'Reprovision' }).click();
      await page.locator('[data-provisioning="failed"]').waitFor({ state: 'detached' });
      const again = await agent.workflow();
      assert.equal(again.attempt, 2);
      assert.equal(hostId.startsWith('host-'), true);
    }));

  test('a host registered without autoOnboard waits until Approve', () =>
    withPage(async (page) => {
      await signIn(page);
      const node = freshNode();
      await register(page, node, 'edge-approve', false);
      await page.getByText('Waits for approval').waitFor();
      const agent = new HttpNode(orchd.url, node);
      assert.equal(await agent.onboard(), 202, 'the node is told to wait');
      await page.getByText('Waiting for approval').first().waitFor();
      await screenshot(page, 'host-awaiting-approval');
      await page.getByRole('button', { name: 'Approve' }).click();
      await page.getByRole('button', { name: 'Approve' }).waitFor({ state: 'detached' });
      assert.equal(await agent.onboard(), 200, 'approved: the node gets its credential');
    }));

  test("CSV preview shows the server's errors per row; only good rows are imported", () =>
    withPage(async (page) => {
      await signIn(page);
      const good = freshNode();
      const csv = [
        HOST_CSV_HEADER,
        `${good.serialNumber},${good.uuid},${PROFILE},,false,,env=lab,,,,,,`,
        `bad,,${PROFILE},,,,,,,,,,`,
        `${freshNode().serialNumber},,No such profile,,,,,,,,,,`,
        `${freshNode().serialNumber},,${NONE_PROFILE},,true,,,,,,,,`,
      ].join('\n');
      await page.getByRole('link', { name: 'Hosts', exact: true }).click();
      await page.getByRole('button', { name: 'Import CSV' }).click();
      await page.getByRole('textbox', { name: /^CSV/ }).fill(csv);
      await page.getByRole('button', { name: 'Check' }).click();
      const preview = page.getByRole('table', { name: 'Import preview' });
      await preview.waitFor();
      const row = (line: number) => preview.locator(`tr[data-line="${line}"]`);
      assert.equal(await row(2).getAttribute('data-ok'), 'true');
      assert.match(await row(3).innerText(), /InvalidArgument serialNumber/);
      assert.match(await row(3).innerText(), /must be 5 to 20 letters or digits/);
      assert.match(await row(4).innerText(), /NotFound osProfile/);
      assert.match(await row(4).innerText(), /No such profile/);
      assert.match(await row(5).innerText(), /Security feature mismatch/);
      await page.getByText('4 rows: 1 ready, 3 with errors.').waitFor();
      assert.equal(await page.getByText('Page not found').count(), 0);
      await screenshot(page, 'hosts-import-preview');
      await page.getByRole('button', { name: 'Import 1 host' }).click();
      await row(2)
        .getByText(/^registered host-[0-9a-f]{8}$/)
        .waitFor();
      const list = await fetch(
        `${orchd.url}/v1/projects/default/compute/hosts?filter=serialNumber='${good.serialNumber}'`,
        {
          headers: { authorization: `Bearer ${admin}` },
        },
      );
      const hosts = (
        (await list.json()) as { hosts: { metadata: unknown; instance: { osID: string } | null }[] }
      ).hosts;
      assert.equal(hosts.length, 1);
      assert.deepEqual(hosts[0]!.metadata, [{ key: 'env', value: 'lab' }]);
      assert.ok(hosts[0]!.instance, 'the instance was created');
    }));
});
