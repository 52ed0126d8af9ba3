import { CompiledSloRule } from 'src/core/evaluation/compile-slo-rule';
import { sloDataFromSamples } from 'src/core/evaluation/slo-data';
import { Sample } from 'src/core/model';
import { SloData } from 'src/core/slo/evaluate-slo';
import { PrismaService } from 'src/infra/database/prisma.service';
import { EvaluationService } from 'src/modules/evaluation/evaluation.service';
import { slotStart } from 'src/modules/evaluation/evaluation.scheduler';
import { MetricReader } from 'src/modules/metrics/metric-reader';
import { RuleRegistry } from 'src/modules/rules/rule-registry.service';
import { SloDataReader } from 'src/modules/slo/slo-data.reader';
import { TestEnvironment, writeRules } from '../support/test-app';

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
        sli:
          type: events
          bad: http_requests_total{service="checkout", code=~"5.."}
          total: http_requests_total{service="checkout"}
        burn_rates:
          - { severity: critical, burn_rate: 14.4, long_window: 1h, short_window: 5m }
          - { severity: warning, burn_rate: 6, long_window: 6h, short_window: 30m }
`;

const STEP_MS = 15_000;
const HOURS = 7;
const BURST_MS = 40 * 60_000;

/**
 * Seven hours of checkout traffic at 15 s resolution ending at `endMs`: 10 requests/s, no errors until the last
 * 40 minutes, then 30% errors; the 200 counter restarts (a reset) three hours in.
 */
function traffic(endMs: number): { ok: Sample[]; errors: Sample[] } {
  const ok: Sample[] = [];
  const errors: Sample[] = [];
  let okCount = 0;
  let errorCount = 0;
  const steps = (HOURS * 3_600_000) / STEP_MS;
  for (let step = 0; step <= steps; step += 1) {
    const ts = endMs - (steps - step) * STEP_MS;
    const inBurst = ts > endMs - BURST_MS;
    const requests = 150;
    const failed = inBurst ? 45 : 0;
    okCount = step === steps / 2 ? requests - failed : okCount + requests - failed;
    errorCount += failed;
    ok.push([ts, okCount]);
    errors.push([ts, errorCount]);
  }
  return { ok, errors };
}

/**
 * The 1h window `(T - 1h, T]` holds 240 samples of each counter. Errors: 160 increments of 45 (the burst), and the
 * counter starts at 0 in the window, so no extrapolation: 7200. The 200 counter: 239 increments in the window
 * (79 × 150 before the burst, 160 × 105 in it), extrapolated by the 15 s to the window's start: × 3600 / 3585.
 * Burn rate at a 1% budget: bad / total / 0.01, about 20.
 */
const BAD_1H = 160 * 45;
const TOTAL_1H = ((79 * 150 + 160 * 105) * 3600) / 3585 + BAD_1H;
const BURN_1H = BAD_1H / TOTAL_1H / 0.01;

function expectClose(actual: number | undefined, expected: number | undefined): void {
  expect(actual).toBeDefined();
  expect(expected).toBeDefined();
  expect(Math.abs((actual ?? NaN) - (expected ?? NaN))).toBeLessThanOrEqual(1e-9 * Math.abs(expected ?? NaN));
}

function totalOf(counts: SloData['budgetCounts']): number | undefined {
  return counts?.total;
}

function badOf(counts: SloData['budgetCounts']): number | undefined {
  return counts !== undefined && 'bad' in counts ? counts.bad : undefined;
}

describe('SLO rules', () => {
  const env = new TestEnvironment();
  const T = slotStart(Date.now() - 120_000, 60_000);
  const series = traffic(T);
  let compiled: CompiledSloRule;

  beforeAll(async () => {
    await env.setUp();
    await env.start(['api', 'worker'], { RULES_DIR: await writeRules({ 'slos.yaml': RULES }) });
    const rule = env.get(RuleRegistry).group('slos')?.rules[0];
    if (rule?.kind !== 'slo') {
      throw new Error('the SLO rule did not load');
    }
    compiled = rule;
    const token = await env.createToken(['ingest', 'read']);
    const lines = [
      ...series.ok.map(([ts, v]) => `http_requests_total{service="checkout",code="200"} ${v} ${ts}`),
      ...series.errors.map(([ts, v]) => `http_requests_total{service="checkout",code="500"} ${v} ${ts}`),
      ...series.ok.map(([ts, v]) => `http_requests_total{service="search",code="500"} ${v} ${ts}`),
    ];
    for (let start = 0; start < lines.length; start += 2000) {
      const response = await fetch(`${env.url}/api/v1/write`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: lines.slice(start, start + 2000).join('\n'),
      });
      expect(response.status).toBe(200);
    }
  });

  afterAll(async () => {
    await env.tearDown();
  });

  it('count events in SQL exactly as from the samples themselves (resets, extrapolation, every window)', async () => {
    const fromStore = await env.get(SloDataReader).read(compiled, T);
    const fromSamples = sloDataFromSamples(
      compiled,
      {
        bad: [{ labels: { code: '500' }, samples: series.errors }],
        total: [
          { labels: { code: '200' }, samples: series.ok },
          { labels: { code: '500' }, samples: series.errors },
        ],
      },
      [],
      T,
    );
    expect([...fromStore.countsByWindowMs.keys()]).toEqual([300_000, 1_800_000, 3_600_000, 21_600_000]);
    for (const [windowMs, counts] of fromSamples.countsByWindowMs) {
      expectClose(totalOf(fromStore.countsByWindowMs.get(windowMs)), totalOf(counts));
      expectClose(badOf(fromStore.countsByWindowMs.get(windowMs)), badOf(counts));
    }
    expectClose(totalOf(fromStore.budgetCounts), totalOf(fromSamples.budgetCounts));
    expectClose(badOf(fromStore.budgetCounts), badOf(fromSamples.budgetCounts));
    // Hand check of the 1h window, as Prometheus's increase() computes it.
    expect(badOf(fromStore.countsByWindowMs.get(3_600_000))).toBeCloseTo(BAD_1H, 6);
    expect(totalOf(fromStore.countsByWindowMs.get(3_600_000))).toBeCloseTo(TOTAL_1H, 6);
  });

  it('page on the fast burn only, record burn rates, show the status, and forecast exhaustion', async () => {
    const evaluation = env.get(EvaluationService);
    expect(await evaluation.evaluateGroup('slos', T)).toBe('evaluated');

    const prisma = env.get(PrismaService);
    const alerts = await prisma.alert.findMany({ where: { ruleName: 'checkout-availability' } });
    expect(alerts.map((alert) => [alert.state, alert.labels])).toEqual([
      [
        'firing',
        {
          alertname: 'checkout-availability',
          burn_rate: '14.4',
          long_window: '1h',
          service: 'checkout',
          severity: 'critical',
          short_window: '5m',
          slo: 'checkout-availability',
          slo_alert: 'burn_rate',
          team: 'payments',
        },
      ],
    ]);
    expect(alerts[0]?.value).toBeCloseTo(BURN_1H, 9);
    const summary = (alerts[0]?.annotations as Record<string, string>).summary;
    expect(summary).toMatch(
      /burning its error budget 20\.0× over 1h and 30\.0× over 5m \(threshold 14\.4×\)/,
    );

    // What its incident's notifications render for it.
    const notified = await prisma.incidentAlert.findMany({ where: { alertId: alerts[0]?.id } });
    expect(notified.length).toBeGreaterThan(0);
    expect(notified[0]?.notification).toMatchObject({
      threshold: { op: '>', value: 14.4 },
      slo: { name: 'checkout-availability', objective: 99 },
    });

    const burnRates = await env.get(MetricReader).read(
      [
        {
          key: 'b',
          matchers: [
            { name: '__name__', op: '=', value: 'slo:burn_rate:ratio' },
            { name: 'window', op: '=', value: '1h' },
          ],
          rangeMs: 0,
          offsetMs: 0,
        },
      ],
      T,
    );
    expect(burnRates.get('b')?.[0]?.samples).toEqual([[T, expect.closeTo(BURN_1H, 9)]]);

    const token = await env.createToken(['read']);
    const response = await fetch(`${env.url}/api/v1/slos/checkout-availability`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as {
      data: {
        sli: number;
        budget: { kind: string; remainingRatio: number; budgetMinutes: number };
        burnRates: Array<{ window: string; burnRate: number }>;
        alerts: Array<{ severity: string; status: string }>;
      };
    };
    // Over the 1d window (7 h of data): 40 min at 30% errors of 420 min → error ratio 2/70, consumed 2.857.
    expect(data.sli).toBeCloseTo(1 - 2 / 70, 3);
    expect(data.budget).toMatchObject({ kind: 'budget', budgetMinutes: 14.4 });
    expect(data.budget.remainingRatio).toBeCloseTo(1 - 200 / 70, 2);
    expect(data.burnRates.map((entry) => entry.window)).toEqual(['5m', '30m', '1h', '6h']);
    expect(data.alerts.map((row) => [row.severity, row.status])).toEqual([
      ['critical', 'firing'],
      ['warning', 'below-threshold'],
    ]);

    // The next evaluation has a recorded budget point to trend from: the spent budget raises the exhaustion page.
    expect(await evaluation.evaluateGroup('slos', T + 60_000)).toBe('evaluated');
    const exhaustion = await prisma.alert.findMany({ where: { ruleName: 'checkout-availability' } });
    expect(exhaustion.map((alert) => (alert.labels as Record<string, string>).slo_alert).sort()).toEqual([
      'burn_rate',
      'exhaustion',
    ]);

    const missing = await fetch(`${env.url}/api/v1/slos/nope`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(missing.status).toBe(404);
  });

  it('give month-by-month budget history', async () => {
    const token = await env.createToken(['read']);
    const response = await fetch(`${env.url}/api/v1/slos/checkout-availability/history?months=2`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as {
      data: { months: Array<{ month: string; budget: { kind: string }; objectiveMet?: boolean }> };
    };
    expect(data.months).toHaveLength(2);
    expect(data.months[1]?.month).toBe(new Date(T).toISOString().slice(0, 7));
    expect(data.months[1]?.objectiveMet).toBe(false);
    const bad = await fetch(`${env.url}/api/v1/slos/checkout-availability/history?months=0`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bad.status).toBe(400);
  });

  it('warn of a counter reset storm in the status', async () => {
    const token = await env.createToken(['ingest', 'read']);
    const at = T + 2 * 60_000;
    // A crash-looping instance: its counter restarts every few minutes.
    const values = [50, 3, 40, 2, 30, 1, 20, 4];
    const body = values
      .map(
        (value, index) =>
          `http_requests_total{service="checkout",code="200",instance="b"} ${value} ${at - (values.length - index) * 60_000}`,
      )
      .join('\n');
    const pushed = await fetch(`${env.url}/api/v1/write`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body,
    });
    expect(pushed.status).toBe(200);
    expect(await env.get(EvaluationService).evaluateGroup('slos', at)).toBe('evaluated');
    const response = await fetch(`${env.url}/api/v1/slos/checkout-availability`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const { data } = (await response.json()) as { data: { problems: string[] } };
    expect(data.problems).toEqual([
      expect.stringMatching(/^counter reset storm: 1 of 3 series .*\(most: 4\)/),
    ]);
  });
});
