import { mkdir } from 'node:fs/promises';
import { Browser, Page, chromium } from 'playwright-core';

/** Debian's Chromium, launched as STACK.md says: no sandbox (root in CI), and no calls to Google's services. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Where the page tests save their screenshots (git-ignored). */
export const ARTIFACTS = 'test/artifacts';

/** Chromium with one 1280×900 page signed in to forewarn at `url` with `token` (the `/login` cookie). */
export async function signedInPage(url: string, token: string): Promise<{ browser: Browser; page: Page }> {
  await mkdir(ARTIFACTS, { recursive: true });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.context().addCookies([{ name: 'forewarn_token', value: token, url }]);
  return { browser, page };
}
