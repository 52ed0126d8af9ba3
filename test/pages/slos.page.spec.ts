import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { BudgetBurnDown } from 'src/core/slo/budget-burn-down';
import { SloStatus } from 'src/core/slo/evaluate-slo';
import { EvaluationService } from 'src/modules/evaluation/evaluation.service';
import { slotStart } from 'src/modules/evaluation/evaluation.scheduler';
import { TestEnvironment, writeRules } from '../support/test-app';
import { ARTIFACTS, launchChromium } from './browser';

jest.setTimeout(120_000);

const RULES = `groups:
  - name: slos
    interval: 1m
    rules:
      - slo: checkout-availability
        kind: slo
        objective: 99
        window: 1d
        service: checkout
        team: payments
        description: Checkout answers without a server error.
        sli:
          type: events
          bad: http_requests_total{service="checkout", code=~"5.."}
          total: http_requests_total{service="checkout"}
        burn_rates:
          - { severity: critical, burn_rate: 14.4, long_window: 1h, short_window: 5m }
          - { severity: warning, burn_rate: 6, long_window: 6h, short_window: 30m }
`;

const STEP_MS = 60_000;
const HOURS = 6;

/**
 * Six hours of checkout traffic ending at `endMs`, 600 requests a minute; in the last two hours 9 of them (1.5%)
 * fail: at `endMs` half of the 1% budget is spent, and it is going fast.
 */
function trafficLines(endMs: number): string[] {
  const lines: string[] = [];
  const steps = (HOURS * 3_600_000) / STEP_MS;
  let ok = 0;
  let failed = 0;
  for (let step = 0; step <= steps; step += 1) {
    const ts = endMs - (steps - step) * STEP_MS;
    const errors = step > 0 && ts > endMs - 2 * 3_600_000 ? 9 : 0;
    ok += step === 0 ? 0 : 600 - errors;
    failed += errors;
    lines.push(`http_requests_total{service="checkout",code="200"} ${ok} ${ts}`);
    lines.push(`http_requests_total{service="checkout",code="500"} ${failed} ${ts}`);
  }
  return lines;
}

const percent = (ratio: number, digits: number) => `${Number((ratio * 100).toFixed(digits))}%`;

describe('the SLO pages in Chromium', () => {
  const env = new TestEnvironment();
  let browser: Browser;
  let page: Page;
  let token: string;
  const T = slotStart(Date.now() - 60_000, 60_000);

  const json = async <V>(path: string): Promise<V> =>
    (await (await fetch(`${env.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as V;

  beforeAll(async () => {
    await env.setUp();
    await env.start(['api', 'worker'], { RULES_DIR: await writeRules({ 'slos.yaml': RULES }) });
    token = await env.createToken(['ingest', 'read']);
    const lines = trafficLines(T);
    for (let start = 0; start < lines.length; start += 2000) {
      const response = await fetch(`${env.url}/api/v1/write`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: lines.slice(start, start + 2000).join('\n'),
      });
      expect(response.status).toBe(200);
    }
    // Evaluations every 10 minutes over the last two hours record the budget the burn-down draws.
    for (let at = T - 2 * 3_600_000; at <= T; at += 10 * 60_000) {
      expect(await env.get(EvaluationService).evaluateGroup('slos', at)).toBe('evaluated');
    }
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name: 'forewarn_token', value: token, url: env.url }]);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await env.tearDown();
  });

  it('lists the SLO with the SLI and budget of its latest evaluation', async () => {
    const { slos } = await json<{ slos: SloStatus[] }>('/slos?format=json');
    expect(slos).toHaveLength(1);
    const status = slos[0] as SloStatus;
    expect(status.sli).toBeCloseTo(0.995, 4);
    const remaining = status.budget.kind === 'budget' ? status.budget.remainingRatio : NaN;
    expect(remaining).toBeCloseTo(0.5, 2);
    expect(status.exhaustion.status).toBe('decreasing');

    await page.goto(`${env.url}/slos`);
    const row = page.locator('[data-testid=slos] tbody tr').first();
    const cells = await row.locator('td').allTextContents();
    expect(await row.locator('th').textContent()).toBe('checkout-availability');
    expect(cells.slice(0, 4)).toEqual(['checkout', '99%', '1d', percent(status.sli ?? NaN, 3)]);
    expect(cells[4]).toMatch(new RegExp(`^${percent(remaining, 1)} \\(`));
    expect(cells[6]).toMatch(/^(runs out in|ok)/);
    await page.screenshot({ path: join(ARTIFACTS, 'slos.png'), fullPage: true });
  });

  it('opens the SLO and draws its recorded budget over the window', async () => {
    await page.goto(`${env.url}/slos`);
    await page.click('text=checkout-availability');
    await page.waitForURL(`${env.url}/slos/checkout-availability`);
    const { slo, burnDown } = await json<{ slo: SloStatus; burnDown: BudgetBurnDown }>(
      '/slos/checkout-availability?format=json',
    );
    expect(burnDown.recorded).toHaveLength(13);
    expect(burnDown.recorded.at(-1)).toEqual([
      T,
      (slo.budget.kind === 'budget' ? slo.budget.remainingRatio : NaN) * 100,
    ]);
    expect(await page.textContent('[data-testid=sli]')).toBe(percent(slo.sli ?? NaN, 3));
    expect(await page.textContent('[data-testid=exhaustion]')).toMatch(
      /^At the current burn, the budget runs out in /,
    );
    // The recorded budget falls from 100% two hours ago; the forecast goes on from now to 0.
    expect(burnDown.recorded[0]?.[1]).toBeCloseTo(100, 6);
    expect(burnDown.forecast.at(-1)?.[1]).toBe(0);
    const paths = await page.locator('[data-testid=burn-down-chart] svg path[fill=none]').all();
    const points = await Promise.all(
      paths.map(async (path) => ((await path.getAttribute('d')) ?? '').split('L').length),
    );
    expect(points).toEqual([13, 2]);
    expect(await page.locator('[data-testid=burn-rates] tbody tr').count()).toBe(slo.burnRates.length);
    await page.screenshot({ path: join(ARTIFACTS, 'slo-detail.png'), fullPage: true });
  });

  it('answers an unknown SLO with a 404 that names it', async () => {
    const response = await fetch(`${env.url}/slos/nope`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: string }).error).toBe('no SLO named "nope" is loaded');
  });
});
