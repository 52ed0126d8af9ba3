import { burnRatePreset } from '../rules/burn-rate-presets';
import { BurnRateWindow } from '../rules/rule-file.schema';
import { SeriesSamples } from '../model';
import { SliCounts } from './error-budget';
import {
  BurnRatePairStatus,
  burnRateTableFor,
  evaluateBurnRates,
  evaluateBurnRatesFromSeries,
  sloWindowMs,
} from './burn-rate-alerts';

const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// Workbook table for 30d: critical 14.4× 1h/5m, critical 6× 6h/30m, warning 1× 3d/6h.
const WORKBOOK = burnRatePreset('workbook', 30 * DAY);

/** Counts per window length, as bad out of 10 000 events (objective 99.9: budget 0.001, so bad/10 = burn rate). */
function badPerTenThousand(
  byWindow: Readonly<Record<number, number>>,
): (windowMs: number) => SliCounts | undefined {
  return (windowMs) => {
    const bad = byWindow[windowMs];
    return bad === undefined ? undefined : { bad, total: 10_000 };
  };
}

describe('evaluateBurnRates', () => {
  it.each<[string, Record<number, number>, BurnRatePairStatus[], string[]]>([
    [
      // 2% errors everywhere: burn 200/10 = 20 > 14.4, > 6, > 1.
      'a steady 2% error ratio fires every row',
      { [HOUR]: 200, [5 * MIN]: 200, [6 * HOUR]: 200, [30 * MIN]: 200, [3 * DAY]: 200 },
      ['firing', 'firing', 'firing'],
      ['critical', 'warning'],
    ],
    [
      // 1h: 15 > 14.4 but 5m: 5 (recovered); 6h: 7 and 30m: 8 > 6; 3d: 0.5 < 1.
      'the short window must confirm',
      { [HOUR]: 150, [5 * MIN]: 50, [6 * HOUR]: 70, [30 * MIN]: 80, [3 * DAY]: 5 },
      ['below-threshold', 'firing', 'below-threshold'],
      ['critical'],
    ],
    [
      // 5m: 50 but 1h: 10 < 14.4 (a blip); 6h 3, 30m 20: long below 6; 3d: 1.5 and 6h: 3 > 1.
      'the long window must agree',
      { [HOUR]: 100, [5 * MIN]: 500, [6 * HOUR]: 30, [30 * MIN]: 200, [3 * DAY]: 15 },
      ['below-threshold', 'below-threshold', 'firing'],
      ['warning'],
    ],
    [
      // 0.05% errors: burn 0.5 everywhere.
      'a healthy service fires nothing',
      { [HOUR]: 5, [5 * MIN]: 5, [6 * HOUR]: 5, [30 * MIN]: 5, [3 * DAY]: 5 },
      ['below-threshold', 'below-threshold', 'below-threshold'],
      [],
    ],
    [
      // No data for 5m: that row cannot fire; 6h/30m at burn 20 still fire; 3d missing.
      'no data in a window',
      { [HOUR]: 200, [6 * HOUR]: 200, [30 * MIN]: 200 },
      ['no-data', 'firing', 'no-data'],
      ['critical'],
    ],
  ])('%s', (_name, byWindow, statuses, severities) => {
    const result = evaluateBurnRates(WORKBOOK, badPerTenThousand(byWindow), 99.9);
    expect(result.pairs.map((pair) => pair.status)).toEqual(statuses);
    expect(result.firingSeverities).toEqual(severities);
    expect(result.alerts).toHaveLength(statuses.filter((status) => status === 'firing').length);
  });

  it('labels a firing row with its windows and burn rates', () => {
    // 1h: 2% → 20; 5m: 3% → 30. Others healthy.
    const result = evaluateBurnRates(
      WORKBOOK,
      badPerTenThousand({ [HOUR]: 200, [5 * MIN]: 300, [6 * HOUR]: 1, [30 * MIN]: 1, [3 * DAY]: 1 }),
      99.9,
    );
    expect(result.alerts).toHaveLength(1);
    const alert = result.alerts[0];
    expect(alert).toMatchObject({
      severity: 'critical',
      threshold: 14.4,
      longWindowMs: HOUR,
      shortWindowMs: 5 * MIN,
      labels: { severity: 'critical', long_window: '1h', short_window: '5m', burn_rate: '14.4' },
    });
    expect(alert?.longBurnRate).toBeCloseTo(20, 9);
    expect(alert?.shortBurnRate).toBeCloseTo(30, 9);
    expect(alert?.longErrorRatio).toBeCloseTo(0.02, 12);
    expect(alert?.shortErrorRatio).toBeCloseTo(0.03, 12);
  });

  it('does not fire at exactly the threshold (strictly above, as Sloth and Pyrra)', () => {
    // Objective 90: budget 0.1. 20 bad of 100: ratio 0.2, burn exactly 2, not above 2. 21 bad: 2.1 fires.
    const table: BurnRateWindow[] = [
      { severity: 'warning', burnRate: 2, longWindowMs: HOUR, shortWindowMs: 5 * MIN },
    ];
    expect(evaluateBurnRates(table, () => ({ bad: 20, total: 100 }), 90).pairs[0]?.status).toBe(
      'below-threshold',
    );
    expect(evaluateBurnRates(table, () => ({ bad: 21, total: 100 }), 90).pairs[0]?.status).toBe('firing');
  });

  it('never fires on a window with fewer events than min_events', () => {
    const table: BurnRateWindow[] = [
      { severity: 'critical', burnRate: 14.4, longWindowMs: HOUR, shortWindowMs: 5 * MIN },
    ];
    // 1h: 120 bad of 6000 = 2%, burn 20; 5m: 10 bad of 50 = 20%, burn 200, but only 50 events < 100.
    const counts = (windowMs: number): SliCounts =>
      windowMs === HOUR ? { bad: 120, total: 6000 } : { bad: 10, total: 50 };
    expect(evaluateBurnRates(table, counts, 99.9, 100).pairs[0]?.status).toBe('too-few-events');
    expect(evaluateBurnRates(table, counts, 99.9, 50).pairs[0]?.status).toBe('firing');
    expect(evaluateBurnRates(table, counts, 99.9, 100).firingSeverities).toEqual([]);
  });

  it('reports an SLI problem instead of firing', () => {
    const table = WORKBOOK.slice(0, 1);
    const result = evaluateBurnRates(table, () => ({ good: 11, total: 10 }), 99.9);
    expect(result.pairs[0]).toMatchObject({ status: 'sli-problem', problem: { code: 'good-exceeds-total' } });
    expect(result.alerts).toEqual([]);
  });

  it('asks for each distinct window length once', () => {
    const asked: number[] = [];
    // Workbook: 1h, 5m, 6h, 30m, 3d, 6h → 5 distinct lengths.
    evaluateBurnRates(WORKBOOK, (windowMs) => (asked.push(windowMs), { bad: 0, total: 1 }), 99.9);
    expect(asked).toEqual([HOUR, 5 * MIN, 6 * HOUR, 30 * MIN, 3 * DAY]);
  });
});

describe('evaluateBurnRatesFromSeries', () => {
  // One sample a minute for 1h at now = 60m; total +100/min, bad +3/min (3% errors: burn 30 at 99.9).
  const minutes = Array.from({ length: 61 }, (_, index) => index);
  const total: SeriesSamples = {
    labels: { __name__: 'total' },
    samples: minutes.map((m) => [m * MIN, m * 100]),
  };
  const bad: SeriesSamples = { labels: { __name__: 'bad' }, samples: minutes.map((m) => [m * MIN, m * 3]) };

  it('fires the 1h/5m page on counters burning 30× the budget', () => {
    const table = WORKBOOK.slice(0, 1);
    const result = evaluateBurnRatesFromSeries(table, { bad: [bad], total: [total] }, 99.9, 0, 60 * MIN);
    expect(result.firingSeverities).toEqual(['critical']);
    expect(result.alerts[0]?.longBurnRate).toBeCloseTo(30, 6);
    expect(result.alerts[0]?.shortBurnRate).toBeCloseTo(30, 6);
  });

  it('is no data when evaluated before the samples', () => {
    const table = WORKBOOK.slice(0, 1);
    const result = evaluateBurnRatesFromSeries(table, { bad: [bad], total: [total] }, 99.9, 0, -10 * MIN);
    expect(result.pairs[0]?.status).toBe('no-data');
  });
});

describe('sloWindowMs / burnRateTableFor', () => {
  it('gives the window length, a calendar month as 30 days', () => {
    expect(sloWindowMs({ type: 'rolling', ms: 28 * DAY })).toBe(28 * DAY);
    expect(sloWindowMs({ type: 'calendar', unit: 'month' })).toBe(30 * DAY);
  });

  it("scales Pyrra's 28-day table to the SLO window", () => {
    expect(burnRateTableFor('pyrra', { type: 'rolling', ms: 28 * DAY })[0]).toEqual({
      severity: 'critical',
      burnRate: 14,
      longWindowMs: HOUR,
      shortWindowMs: 5 * MIN,
    });
    // Calendar month (30d): 1h × 30/28 = 3857.14s → 3857s; 5m × 30/28 = 321.43s → 321s.
    expect(burnRateTableFor('pyrra', { type: 'calendar', unit: 'month' })[0]).toMatchObject({
      longWindowMs: 3_857_000,
      shortWindowMs: 321_000,
    });
  });
});
