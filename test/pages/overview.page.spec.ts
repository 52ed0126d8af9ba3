import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { Pool } from 'pg';
import { Overview } from 'src/core/pages/overview';
import { TestEnvironment } from '../support/test-app';
import { startSeededApi } from './seeded-app';
import { ARTIFACTS, launchChromium } from './browser';

jest.setTimeout(60_000);

describe('the overview page in Chromium', () => {
  const env = new TestEnvironment();
  let browser: Browser;
  let page: Page;
  let pool: Pool;
  let token: string;

  const json = async (): Promise<Overview> =>
    (await (
      await fetch(`${env.url}/?format=json`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as Overview;

  beforeAll(async () => {
    await startSeededApi(env);
    pool = new Pool({ connectionString: env.database.url, max: 2 });
    // The last evaluation of a loaded rule failed; a rule no longer loaded keeps an old error that must not show.
    await pool.query(
      `INSERT INTO rule_status (group_name, rule_name, health, last_error, last_eval_at, last_duration_ms)
       VALUES ('http', 'HttpErrorRatioHigh', 'err', 'query timed out after 30s', now() - interval '2 minutes', 30000),
              ('gone', 'RemovedRule', 'err', 'stale error', now() - interval '3 days', 1)`,
    );
    token = await env.createToken(['read']);
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await pool?.end();
    await env.tearDown();
  });

  it('sends a browser without a token to sign in, and back to the overview', async () => {
    await page.goto(`${env.url}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('input[name=token]', token);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${env.url}/`);
    expect(await page.textContent('h1')).toBe('Overview');
    expect(await page.getAttribute('nav a[aria-current=page]', 'href')).toBe('/');
  });

  it('shows what fires now, the same as the JSON and the database', async () => {
    await page.goto(`${env.url}/`);
    const view = await json();
    const { rows } = await pool.query<{ incidents: number; alerts: number; critical: number }>(
      `SELECT count(DISTINCT i.id) AS incidents, count(a.fingerprint) AS alerts,
              count(DISTINCT i.id) FILTER (WHERE i.severity = 'critical') AS critical
         FROM incidents i LEFT JOIN incident_alerts a ON a.incident_id = i.id AND a.state = 'firing'
        WHERE i.resolved_at IS NULL`,
    );
    const db = rows[0];
    expect(Number(db?.incidents)).toBeGreaterThan(0);
    expect(view.firing.incidents).toBe(Number(db?.incidents));
    expect(view.firing.alerts).toBe(Number(db?.alerts));
    expect(await page.textContent('[data-testid=firing-incidents]')).toBe(String(db?.incidents));
    expect(await page.textContent('[data-testid=firing-alerts]')).toBe(String(db?.alerts));
    expect(await page.textContent('[data-testid=firing-critical]')).toBe(String(db?.critical));
    const serviceRows = page.locator('[data-testid=by-service] tbody tr');
    expect(await serviceRows.count()).toBe(view.firing.byService.length);
    const first = view.firing.byService[0];
    expect(await serviceRows.first().locator('th').textContent()).toBe(first?.service);
    expect(await serviceRows.first().locator('td').allTextContents()).toEqual([
      String(first?.bySeverity.critical),
      String(first?.bySeverity.warning),
      String(first?.bySeverity.info),
      String(first?.incidents),
      String(first?.alerts),
    ]);
    const anchors = await page.locator('[data-testid=firing-table] tbody a').all();
    const links = await Promise.all(anchors.map((anchor) => anchor.getAttribute('href')));
    expect(links).toEqual(view.firing.list.map((incident) => `/incidents/${incident.id}`));
    await page.screenshot({ path: join(ARTIFACTS, 'overview.png'), fullPage: true });
  });

  it('lists the loaded rule whose evaluation failed, and not the removed one', async () => {
    await page.goto(`${env.url}/`);
    const table = await page.textContent('[data-testid=rule-errors-table]');
    expect(table).toContain('http/HttpErrorRatioHigh');
    expect(table).toContain('query timed out after 30s');
    expect(table).not.toContain('RemovedRule');
    expect(await page.textContent('[data-testid=rule-errors]')).toBe(
      String((await json()).ruleErrors.length),
    );
  });

  it('shows the email receiver failing with the outbox’s count of failed deliveries', async () => {
    const { rows } = await pool.query<{ failed: number }>(
      `SELECT count(*) AS failed FROM notification_outbox
        WHERE integration = 'email:oncall@example.com' AND status = 'failed' AND created_at >= now() - interval '24 hours'`,
    );
    expect(Number(rows[0]?.failed)).toBeGreaterThan(0);
    await page.goto(`${env.url}/`);
    const row = page.locator('[data-testid=receivers-table] tbody tr', {
      hasText: 'email:oncall@example.com',
    });
    expect(await row.locator('td').nth(1).textContent()).toBe(String(rows[0]?.failed));
    expect(await row.textContent()).toContain('550 mailbox unavailable');
    const slack = (await json()).failingReceivers.find((entry) => entry.kind === 'slack');
    expect(slack).toBeUndefined();
  });

  it('opens a firing incident from its link with the keyboard', async () => {
    await page.goto(`${env.url}/`);
    const link = page.locator('[data-testid=firing-table] tbody a').first();
    const href = await link.getAttribute('href');
    await link.focus();
    const outline = await page.evaluate<string>(
      'document.activeElement ? getComputedStyle(document.activeElement).outlineStyle : ""',
    );
    expect(outline).toBe('solid');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${env.url}${href ?? ''}`);
    expect(await page.textContent('[data-testid=state]')).not.toBe('resolved');
  });

  it('fits a phone screen without sideways scrolling of the page', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.context().addCookies([{ name: 'forewarn_token', value: token, url: env.url }]);
    await phone.goto(`${env.url}/`);
    const overflow = await phone.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: join(ARTIFACTS, 'overview-phone.png'), fullPage: true });
    await phone.close();
  });

  it('answers a bad format with a 400 naming the field', async () => {
    const response = await fetch(`${env.url}/?format=xml`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('format');
  });
});
