import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (apt: chromium); a browser is never downloaded. */
export const CHROMIUM = process.env['ORCH_TEST_CHROMIUM'] ?? '/usr/bin/chromium';

/** Where the e2e tests leave their screenshots (gitignored); docs/images keeps the key ones. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../test-output/console/', import.meta.url));

/** Starts headless chromium; --no-sandbox because CI runs as root. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

/** The window sizes and themes the console is checked at. */
export const VIEWS = {
  wide: { viewport: { width: 1280, height: 800 }, colorScheme: 'light' },
  wideDark: { viewport: { width: 1280, height: 800 }, colorScheme: 'dark' },
  narrow: { viewport: { width: 390, height: 844 }, colorScheme: 'light' },
  narrowDark: { viewport: { width: 390, height: 844 }, colorScheme: 'dark' },
} as const;

/** A fresh context (its own sessionStorage) at one of {@link VIEWS}. */
export async function openPage(
  browser: Browser,
  view: keyof typeof VIEWS,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...VIEWS[view], reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { context, page };
}

/** Saves a full-page screenshot as test output. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // From the top, so the fixed header sits where it belongs in a full-page picture.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}
