import { SeriesSamples } from '../model';
import { budgetAt, budgetRemainingPoints } from './budget-at';
import { forecastExhaustion } from './exhaustion-forecast';
import { SliSeries } from './window-counts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const START = Date.parse('2026-11-01T00:00:00Z');

/** Counters sampled once a minute from START for `minutes` minutes, value = perMinute × minute. */
function counter(name: string, perMinute: (minute: number) => number, minutes = 60): SeriesSamples {
  return {
    labels: { __name__: name },
    samples: Array.from({ length: minutes + 1 }, (_, m) => [START + m * MIN, perMinute(m)] as const),
  };
}

// Total +100/min, bad +0.05/min: 0.05% errors, half of a 99.9% budget.
const sli: SliSeries = { bad: [counter('bad', (m) => 0.05 * m)], total: [counter('total', (m) => 100 * m)] };

describe('budgetAt', () => {
  it('computes the budget over a rolling window from counters', () => {
    // Window (START, START+60m]: samples 1..60 min. Total raw 5900 over 3540s, start 60s away, zero point
    // 3540 × 100/5900 = 60s → × 3600/3540 = 6000. Bad: 2.95 → 3. Ratio 0.0005 → 0.5 of the budget.
    // Budget minutes: 0.001 × 60 min = 0.06.
    const budget = budgetAt(sli, { type: 'rolling', ms: HOUR }, 99.9, START + HOUR);
    expect(budget.kind).toBe('budget');
    expect(budget.kind === 'budget' && budget.remainingRatio).toBeCloseTo(0.5, 9);
    expect(budget.kind === 'budget' && budget.budgetMinutes).toBeCloseTo(0.06, 12);
  });

  it('uses the calendar month so far, and the whole month for budget minutes', () => {
    // Same counts (the month started at START); November: 0.001 × 43 200 min = 43.2, half spent: 21.6.
    const budget = budgetAt(sli, { type: 'calendar', unit: 'month' }, 99.9, START + HOUR);
    expect(budget.kind === 'budget' && budget.consumedRatio).toBeCloseTo(0.5, 9);
    expect(budget.kind === 'budget' && budget.budgetMinutes).toBeCloseTo(43.2, 9);
    expect(budget.kind === 'budget' && budget.consumedMinutes).toBeCloseTo(21.6, 9);
  });

  it('is no data exactly at the start of a calendar month', () => {
    expect(budgetAt(sli, { type: 'calendar', unit: 'month' }, 99.9, START)).toEqual({ kind: 'no-data' });
  });

  it('leaves excluded intervals out', () => {
    // Bad events only during [20m, 30m): +1/min (ratio 1% there). Excluded, the budget is untouched.
    const spiky: SliSeries = {
      bad: [counter('bad', (m) => Math.min(Math.max(m - 20, 0), 10))],
      total: sli.total,
    };
    const window = { type: 'rolling', ms: HOUR } as const;
    const excluded = [{ startMs: START + 20 * MIN, endMs: START + 30 * MIN }];
    const without = budgetAt(spiky, window, 99.9, START + HOUR);
    const withExclusion = budgetAt(spiky, window, 99.9, START + HOUR, { excluded });
    // Without: 10 bad of 6000 → ratio 1/600 → 1.667 budgets spent.
    expect(without.kind === 'budget' && without.consumedRatio).toBeCloseTo(10 / 6, 6);
    expect(withExclusion.kind === 'budget' && withExclusion.consumedRatio).toBeCloseTo(0, 9);
  });
});

describe('budgetRemainingPoints', () => {
  it('feeds the exhaustion forecast', () => {
    // Rolling 1h: at 40m the window (-20m, 40m] has samples 0..40: total 4000, bad 2 (no extrapolation: the first
    // sample is 20 min after the start, and the counters start at 0). Always 0.05% errors: 0.5 left, flat.
    const points = budgetRemainingPoints(sli, { type: 'rolling', ms: HOUR }, 99.9, [
      START - MIN,
      START + 40 * MIN,
      START + 50 * MIN,
      START + HOUR,
    ]);
    // START - 1m has no samples: left out.
    expect(points.map((point) => point.tsMs)).toEqual([START + 40 * MIN, START + 50 * MIN, START + HOUR]);
    for (const point of points) {
      expect(point.remainingRatio).toBeCloseTo(0.5, 9);
    }
    expect(forecastExhaustion(points, START + HOUR)).toMatchObject({ status: 'not-decreasing' });
  });
});
