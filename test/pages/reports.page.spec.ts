import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { humanDuration } from 'src/core/reports/human-duration';
import { ReportView } from 'src/core/reports/report-view';
import { TestEnvironment } from '../support/test-app';
import { startSeededApi } from './seeded-app';
import { ARTIFACTS, launchChromium } from './browser';

jest.setTimeout(60_000);

describe('the reports page in Chromium', () => {
  const env = new TestEnvironment();
  let browser: Browser;
  let page: Page;
  let token: string;

  beforeAll(async () => {
    await startSeededApi(env);
    token = await env.createToken(['admin']);
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await env.tearDown();
  });

  it('signs in with a token and lands on the report it asked for', async () => {
    await page.goto(`${env.url}/reports?period=2026-W47`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('input[name=token]', token);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/reports\?period=2026-W47$/);
    expect(await page.textContent('[data-testid=period]')).toBe('2026-W47');
  });

  it('shows the same numbers as the JSON export, with charts drawn', async () => {
    await page.goto(`${env.url}/reports`);
    const json = (await (
      await fetch(`${env.url}/reports?format=json`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as ReportView;
    expect(json.totals.incidents).toBeGreaterThan(50);
    expect(await page.textContent('[data-testid=incidents]')).toBe(String(json.totals.incidents));
    expect(await page.textContent('[data-testid=open]')).toBe(String(json.totals.open));
    expect(await page.textContent('[data-testid=mttr-p50]')).toBe(humanDuration(json.totals.mttr.p50Seconds));
    expect(await page.textContent('[data-testid=mtta-p50]')).toBe(humanDuration(json.totals.mtta.p50Seconds));
    const bars = page.locator('[data-testid=trend-chart] svg rect.bar');
    expect(await bars.count()).toBe(8);
    const heights: number[] = [];
    for (const bar of await bars.all()) {
      heights.push((await bar.boundingBox())?.height ?? 0);
    }
    expect(Math.max(...heights)).toBeGreaterThan(20);
    const firstRule = await page.textContent('[data-testid=rules-table] tbody tr th');
    expect(firstRule).toBe(json.noisyRules[0]?.ruleName);
    await page.screenshot({ path: join(ARTIFACTS, 'reports.png'), fullPage: true });
  });

  it('filters by service with the keyboard', async () => {
    await page.goto(`${env.url}/reports`);
    await page.focus('select[name=service]');
    await page.selectOption('select[name=service]', 'checkout');
    await page.keyboard.press('Tab'); // team
    await page.keyboard.press('Tab'); // Show
    await page.keyboard.press('Enter');
    await page.waitForURL(/service=checkout/);
    const json = (await (
      await fetch(`${env.url}/reports?format=json&service=checkout`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as ReportView;
    expect(await page.textContent('[data-testid=incidents]')).toBe(String(json.totals.incidents));
    expect(json.byService.map((row) => row.key)).toEqual(['checkout']);
  });

  it('fits a phone screen without sideways scrolling of the page', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.context().addCookies([{ name: 'forewarn_token', value: token, url: env.url }]);
    await phone.goto(`${env.url}/reports`);
    const overflow = await phone.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: join(ARTIFACTS, 'reports-phone.png'), fullPage: true });
    await phone.close();
  });
});
