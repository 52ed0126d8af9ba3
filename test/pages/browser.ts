import { Browser, chromium } from 'playwright-core';

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
