import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { SeedIncident } from '../../scripts/seed-history-data';
import { TestEnvironment } from '../support/test-app';
import { startSeededApi } from './seeded-app';
import { ARTIFACTS, signedInPage } from './browser';

jest.setTimeout(60_000);

describe('the incident page in Chromium', () => {
  const env = new TestEnvironment();
  let browser: Browser;
  let page: Page;
  let incidents: SeedIncident[];
  let token: string;

  beforeAll(async () => {
    incidents = await startSeededApi(env);
    token = await env.createToken(['admin']);
    ({ browser, page } = await signedInPage(env.url, token));
  });

  afterAll(async () => {
    await browser?.close();
    await env.tearDown();
  });

  it('shows an open incident: series over its threshold with the onset and deploy markers, and the timeline', async () => {
    const open = incidents.find(
      (incident) => incident.resolvedAtMs === null && incident.service === 'checkout',
    );
    expect(open).toBeDefined();
    await page.goto(`${env.url}/incidents/${open?.id ?? ''}`);
    expect(await page.textContent('[data-testid=state]')).toBe('firing');
    expect(await page.textContent('[data-testid=time-to-ack]')).toBe('not yet');
    const series = await page.getAttribute('[data-testid=incident-chart] path.series', 'd');
    expect((series ?? '').split('L').length).toBeGreaterThan(50);
    expect(await page.locator('[data-testid=incident-chart] line.threshold').count()).toBe(1);
    expect(await page.locator('[data-testid=incident-chart] g.marker.onset').count()).toBe(1);
    // The seed deploys checkout v2.0.0 40 minutes before now, 15 minutes before this incident.
    expect(await page.locator('[data-testid=incident-chart] g.marker.deploy').count()).toBeGreaterThanOrEqual(
      1,
    );
    const timeline = await page.textContent('[data-testid=timeline]');
    expect(timeline).toContain('Firing notification to slack #alerts: delivered');
    expect(timeline).toContain('Deploy v2.0.0 by ana');
    expect(await page.textContent('[data-testid=context]')).toContain('Runbook');
    await page.screenshot({ path: join(ARTIFACTS, 'incident-open.png'), fullPage: true });
  });

  it('shows a resolved, acknowledged incident with its ack and resolve markers and a failed email', async () => {
    const index = incidents.findIndex(
      (incident, position) =>
        incident.resolvedAtMs !== null && incident.acknowledgedAtMs !== null && position % 9 === 0,
    );
    const resolved = incidents[index];
    expect(resolved).toBeDefined();
    await page.goto(`${env.url}/incidents/${resolved?.id ?? ''}`);
    expect(await page.textContent('[data-testid=state]')).toBe('resolved');
    expect(await page.locator('[data-testid=incident-chart] g.marker.ack').count()).toBe(1);
    expect(await page.locator('[data-testid=incident-chart] g.marker.resolve').count()).toBe(1);
    const timeline = await page.textContent('[data-testid=timeline]');
    expect(timeline).toContain('Acknowledged by');
    expect(timeline).toContain('Incident resolved');
    // The seed bounces every 9th incident's email.
    expect(timeline).toContain(
      'Firing notification to email oncall@example.com: failed after 20 attempts (550 mailbox unavailable)',
    );
    await page.screenshot({ path: join(ARTIFACTS, 'incident-resolved.png'), fullPage: true });
  });

  it('acknowledges from the Acknowledge button, in the name of the signed-in token', async () => {
    const open = incidents.find(
      (incident) => incident.resolvedAtMs === null && incident.acknowledgedAtMs === null,
    );
    await page.goto(`${env.url}/incidents/${open?.id ?? ''}`);
    await page.getByRole('button', { name: 'Acknowledge' }).focus();
    await Promise.all([
      page.waitForResponse(
        (response) => response.request().method() === 'GET' && response.url().endsWith(open?.id ?? ''),
      ),
      page.keyboard.press('Enter'),
    ]);
    await page.waitForLoadState();
    expect(new URL(page.url()).pathname).toBe(`/incidents/${open?.id ?? ''}`);
    expect(await page.textContent('[data-testid=state]')).toBe('acknowledged');
    expect(await page.textContent('[data-testid=timeline]')).toMatch(
      /Acknowledged by test-[0-9a-f]+ via page/,
    );
    expect(await page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'incident-acknowledged.png'), fullPage: true });
  });

  it('silences a firing alert for an hour from its Silence 1h button, through the silences form', async () => {
    const open = incidents.find((incident) => incident.resolvedAtMs === null);
    await page.goto(`${env.url}/incidents/${open?.id ?? ''}`);
    const form = page.locator('[data-testid=alerts-table] form').first();
    const matchers = await form.locator('input[name=matchers]').getAttribute('value');
    expect(matchers).toMatch(/^\{.*alertname="[^"]+".*\}$/);
    await Promise.all([page.waitForURL(/\/silences\?changed=/), form.getByRole('button').click()]);
    const id = new URL(page.url()).searchParams.get('changed');
    const response = await fetch(`${env.url}/api/v1/silences`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const { data } = (await response.json()) as {
      data: {
        silences: Array<{
          id: string;
          matchers: Array<{ name: string; op: string; value: string }>;
          startsAt: string;
          endsAt: string;
          comment: string;
        }>;
      };
    };
    const silence = data.silences.find((entry) => entry.id === id);
    const written = (silence?.matchers ?? []).map(
      (matcher) => `${matcher.name}${matcher.op}"${matcher.value}"`,
    );
    expect(`{${written.join(',')}}`).toBe(matchers);
    expect(Date.parse(silence?.endsAt ?? '') - Date.parse(silence?.startsAt ?? '')).toBe(3_600_000);
    expect(silence?.comment).toContain(open?.title ?? 'no title');
    expect(await page.textContent('main')).toContain(matchers ?? 'no matchers');
  });

  it('refuses the Acknowledge post to a read-only token', async () => {
    const reader = await env.createToken(['read']);
    const open = incidents.find(
      (incident) => incident.resolvedAtMs === null && incident.service !== 'checkout',
    );
    const response = await fetch(`${env.url}/incidents/${open?.id ?? ''}/ack`, {
      method: 'POST',
      headers: { cookie: `forewarn_token=${reader}` },
      redirect: 'manual',
    });
    expect(response.status).toBe(403);
  });

  it('answers an unknown incident with a 404 page', async () => {
    const response = await page.goto(`${env.url}/incidents/00000000-0000-4000-8000-000000000000`);
    expect(response?.status()).toBe(404);
    expect(await page.textContent('h1')).toBe('Not found');
  });
});
