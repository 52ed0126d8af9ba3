import { loadRuleFiles } from '../rules/load-rule-file';
import { SloData } from '../slo/evaluate-slo';
import { SliCounts } from '../slo/error-budget';
import { CompiledSloRule, compileSloRule, evaluateSloRule } from './compile-slo-rule';

const T = Date.UTC(2026, 10, 26, 12, 0, 0);

function compiled(extra = ''): CompiledSloRule {
  const { groups, problems } = loadRuleFiles([
    {
      file: 'slo.yaml',
      text: `groups:
  - name: slos
    rules:
      - slo: api
        kind: slo
        objective: 99
        window: 1d
        service: api
        sli: { type: events, bad: 'errors_total', total: 'requests_total' }
        burn_rates:
          - { severity: critical, burn_rate: 10, long_window: 1h, short_window: 5m }
${extra}`,
    },
  ]);
  expect(problems).toEqual([]);
  const group = groups[0];
  const rule = group?.rules[0];
  if (group === undefined || rule?.kind !== 'slo') {
    throw new Error('no SLO');
  }
  return compileSloRule(group, rule);
}

/** Data where the 1h and 5m windows have the given error ratios over 1000 events, and the day 5000 events. */
function data(long: number, short: number, history: SloData['budgetHistory'] = [], dayBad = 10): SloData {
  const counts = (ratio: number): SliCounts => ({ bad: ratio * 1000, total: 1000 });
  return {
    countsByWindowMs: new Map([
      [300_000, counts(short)],
      [3_600_000, counts(long)],
    ]),
    budgetCounts: { bad: dayBad, total: 5000 },
    budgetPeriodMs: 86_400_000,
    budgetHistory: history,
  };
}

const firingRows = (result: ReturnType<typeof evaluateSloRule>) =>
  result.alerts.alerts.filter((alert) => alert.status === 'firing').map((alert) => alert.labels);

describe('evaluateSloRule', () => {
  it.each([
    // long ratio, short ratio, fires: both windows must burn faster than 10× a 1% budget (strictly)
    [0.2, 0.2, true],
    [0.2, 0.05, false],
    [0.05, 0.2, false],
    [0.1, 0.2, false],
  ])('long %p / short %p error ratio fires: %p', (long, short, fires) => {
    const result = evaluateSloRule(compiled(), [], data(long, short), T);
    expect(firingRows(result).length).toBe(fires ? 1 : 0);
  });

  it('labels the alert with its windows and threshold, and carries service and slo labels', () => {
    const result = evaluateSloRule(compiled(), [], data(0.2, 0.3), T);
    expect(firingRows(result)).toEqual([
      {
        alertname: 'api',
        burn_rate: '10',
        long_window: '1h',
        service: 'api',
        severity: 'critical',
        short_window: '5m',
        slo: 'api',
        slo_alert: 'burn_rate',
      },
    ]);
    const alert = result.alerts.alerts[0];
    expect(alert?.value).toBeCloseTo(20, 12);
    // Day: 10 bad of 5000 = 0.2% errors → 20% of a 1% budget spent, 80% left; 80% of 14.4 min.
    expect(alert?.annotations).toMatchObject({
      budget_remaining: '80.0%',
      budget_remaining_minutes: '11.5',
      summary:
        'SLO api (99%) is burning its error budget 20.0× over 1h and 30.0× over 5m (threshold 10×); 80.0% of the error budget left',
    });
  });

  it('does not page with fewer events than min_events', () => {
    const guarded = compiled('        min_events: 5000\n');
    const result = evaluateSloRule(guarded, [], data(0.5, 0.5), T);
    expect(firingRows(result)).toEqual([]);
    expect(result.slo.status.alerts[0]?.status).toBe('too-few-events');
  });

  it('raises one no-data alert when the SLI has no data at all', () => {
    const empty: SloData = {
      countsByWindowMs: new Map(),
      budgetCounts: undefined,
      budgetPeriodMs: 86_400_000,
      budgetHistory: [],
    };
    const result = evaluateSloRule(compiled(), [], empty, T);
    expect(firingRows(result)).toEqual([expect.objectContaining({ nodata: 'true', slo: 'api' })]);
  });

  it('forecasts exhaustion from the recorded budget trend and pages within the page horizon', () => {
    // Budget left: 0.4 two hours ago, 0.3 an hour ago, 0.2 now (40 bad of 5000 at a 1% budget): 0.1 an hour, so it
    // runs out in 2 h, within the 4 h page horizon.
    const history = [
      { tsMs: T - 7_200_000, remainingRatio: 0.4 },
      { tsMs: T - 3_600_000, remainingRatio: 0.3 },
    ];
    const result = evaluateSloRule(compiled(), [], data(0.01, 0.01, history, 40), T);
    expect(result.slo.exhaustion).toMatchObject({ status: 'decreasing', severity: 'critical' });
    expect(
      result.slo.exhaustion.status === 'decreasing' && result.slo.exhaustion.timeToExhaustionMs,
    ).toBeCloseTo(2 * 3_600_000, -3);
    expect(firingRows(result)).toEqual([
      expect.objectContaining({ slo_alert: 'exhaustion', severity: 'critical' }),
    ]);
    expect(result.alerts.alerts[0]?.annotations.summary).toMatch(
      /^SLO api: error budget exhausted in 2h \(2026-11-26T14:00:00\.000Z\) at the current burn trend; 20\.0% of the error budget left$/,
    );
  });

  it('records error ratios and burn rates per window and the budget left', () => {
    const result = evaluateSloRule(compiled(), [], data(0.2, 0.3), T);
    expect(result.slo.recordings).toEqual([
      { labels: { __name__: 'slo:sli_error:ratio', slo: 'api', window: '5m' }, value: 0.3 },
      {
        labels: { __name__: 'slo:burn_rate:ratio', slo: 'api', window: '5m' },
        value: expect.closeTo(30, 12),
      },
      { labels: { __name__: 'slo:sli_error:ratio', slo: 'api', window: '1h' }, value: 0.2 },
      {
        labels: { __name__: 'slo:burn_rate:ratio', slo: 'api', window: '1h' },
        value: expect.closeTo(20, 12),
      },
      { labels: { __name__: 'slo:sli_error:ratio', slo: 'api', window: '1d' }, value: 0.002 },
      {
        labels: { __name__: 'slo:error_budget_remaining:ratio', slo: 'api' },
        value: expect.closeTo(0.8, 12),
      },
    ]);
  });
});
