import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { SeedIncident } from '../../scripts/seed-history-data';
import { seedMutes } from '../../scripts/seed-mutes';
import { TestEnvironment } from '../support/test-app';
import { ARTIFACTS, signedInPage } from './browser';
import { startSeededApi } from './seeded-app';

jest.setTimeout(60_000);

const RANGE = '63d';

describe('the alert history page in Chromium', () => {
  const env = new TestEnvironment();
  let browser: Browser;
  let page: Page;
  let incidents: SeedIncident[];
  let token: string;

  beforeAll(async () => {
    incidents = await startSeededApi(env);
    token = await env.createToken(['read']);
    ({ browser, page } = await signedInPage(env.url, token));
  });

  afterAll(async () => {
    await browser?.close();
    await env.tearDown();
  });

  const rows = () => page.locator('[data-testid=history-table] tbody tr');
  const mutedIncidents = (kind: 'silenced' | 'inhibited') =>
    seedMutes(incidents, Date.now()).mutes.filter((mute) => mute.kind === kind);

  it('filters by service and state from the form: only resolved checkout alerts, all of them', async () => {
    await page.goto(`${env.url}/alerts?from=${RANGE}&limit=500`);
    await page.getByLabel('Service').selectOption('checkout');
    await page.getByLabel('State').selectOption('resolved');
    await Promise.all([
      page.waitForURL(/state=resolved/),
      page.getByRole('button', { name: 'Show' }).click(),
    ]);
    const expected = incidents
      .filter((incident) => incident.service === 'checkout' && incident.resolvedAtMs !== null)
      .reduce((sum, incident) => sum + incident.fingerprints.length, 0);
    expect(expected).toBeGreaterThan(5);
    expect(await rows().count()).toBe(expected);
    expect(await page.textContent('[data-testid=showing]')).toBe(`Showing 1–${expected} of ${expected}`);
    for (const text of await rows().allTextContents()) {
      expect(text).toContain('service=checkout');
      expect(text).toContain('resolved');
    }
    await page.screenshot({ path: join(ARTIFACTS, 'alert-history-checkout.png'), fullPage: true });
  });

  it('shows silenced alerts with the silence and when it held them back', async () => {
    const silenced = mutedIncidents('silenced');
    expect(silenced.length).toBeGreaterThan(2);
    await page.goto(`${env.url}/alerts?state=silenced&from=${RANGE}&limit=500`);
    expect(await rows().count()).toBe(silenced.length);
    expect(await page.locator('[data-testid=history-table] [data-kind=silenced]').count()).toBe(
      silenced.length,
    );
    const first = await rows().first().textContent();
    expect(first).toMatch(/silenced by [0-9a-f-]{36}, \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ to \d{4}/);
    await page.screenshot({ path: join(ARTIFACTS, 'alert-history-silenced.png'), fullPage: true });
  });

  it('pages through the history, saying how many match in all', async () => {
    await page.goto(`${env.url}/alerts?from=${RANGE}&limit=5`);
    const total = Number(/of (\d+)/.exec((await page.textContent('[data-testid=showing]')) ?? '')?.[1]);
    const episodes = incidents.reduce((sum, incident) => sum + incident.fingerprints.length, 0);
    expect(total).toBe(episodes);
    expect(await page.textContent('[data-testid=showing]')).toBe(`Showing 1–5 of ${total} · Older`);
    const firstPage = await rows().allTextContents();
    await Promise.all([page.waitForURL(/page=2/), page.getByRole('link', { name: 'Older' }).click()]);
    expect(await page.textContent('[data-testid=showing]')).toBe(`Showing 6–10 of ${total} · Newer · Older`);
    expect(await rows().allTextContents()).not.toEqual(firstPage);
  });

  it('answers ?format=json with the same rows, inhibited ones with their mutes', async () => {
    const inhibited = mutedIncidents('inhibited');
    const response = await fetch(`${env.url}/alerts?format=json&state=inhibited&from=${RANGE}&limit=500`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      total: number;
      shown: number;
      alerts: Array<{ incidents: string[]; mutes: Array<{ kind: string; reason: string; endedAt: string }> }>;
    };
    expect(body.total).toBe(inhibited.length);
    expect(body.shown).toBe(inhibited.length);
    expect(body.alerts.map((alert) => alert.incidents[0]).sort()).toEqual(
      inhibited.map((mute) => mute.incidentId).sort(),
    );
    for (const alert of body.alerts) {
      expect(alert.mutes).toEqual([
        expect.objectContaining({
          kind: 'inhibited',
          reason: expect.stringMatching(/^inhibited by \{alertname="NodeDown"/),
        }),
      ]);
    }
  });

  it('refuses bad filters with a 400 that names each field', async () => {
    const response = await page.goto(`${env.url}/alerts?state=sleeping&from=last+week`);
    expect(response?.status()).toBe(400);
    const text = await page.textContent('main');
    expect(text).toContain('state: expected one of firing, resolved, silenced, inhibited, got "sleeping"');
    expect(text).toContain('from: expected a duration back from now');
    const json = await fetch(`${env.url}/alerts?format=json&limit=0`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ problems: [{ where: 'limit' }] });
  });
});
