import {
  SliCounts,
  budgetFromErrorRatio,
  budgetStatus,
  burnRate,
  errorBudgetRatio,
  errorRatio,
  hasEnoughEvents,
  windowBurn,
} from './error-budget';

const DAY = 86_400_000;

describe('errorBudgetRatio', () => {
  it.each([
    // (100 - objective) / 100
    [99.9, 0.001],
    [99, 0.01],
    [99.99, 0.0001],
    [99.95, 0.0005],
    [95, 0.05],
    [50, 0.5],
  ])('objective %p%% → budget %p (exactly the decimal)', (objective, budget) => {
    expect(errorBudgetRatio(objective)).toBe(budget);
  });

  it.each([0, 100, -1, 101, NaN, Infinity])('rejects objective %p', (objective) => {
    expect(() => errorBudgetRatio(objective)).toThrow(RangeError);
  });
});

describe('errorRatio', () => {
  it.each<[string, SliCounts, number, number]>([
    // bad = total - good = 1000 - 980 = 20; 20 / 1000 = 0.02
    ['good/total', { good: 980, total: 1000 }, 20, 0.02],
    // 5 / 1000
    ['bad/total', { bad: 5, total: 1000 }, 5, 0.005],
    ['all good', { good: 400, total: 400 }, 0, 0],
    ['all bad', { bad: 400, total: 400 }, 400, 1],
    // non-integer counts from extrapolated increase(): 7.5 / 250 = 0.03
    ['fractional counts', { bad: 7.5, total: 250 }, 7.5, 0.03],
  ])('%s', (_name, counts, bad, ratio) => {
    const result = errorRatio(counts);
    expect(result).toMatchObject({ kind: 'ratio', bad, total: counts.total });
    expect(result.kind === 'ratio' && result.errorRatio).toBeCloseTo(ratio, 12);
  });

  it.each<SliCounts>([
    { good: 0, total: 0 },
    { bad: 0, total: 0 },
  ])('no events (%p) is no data, not a 0 or NaN ratio', (counts) => {
    expect(errorRatio(counts)).toEqual({ kind: 'no-data' });
  });

  it.each<[SliCounts, string]>([
    [{ good: 1001, total: 1000 }, 'good-exceeds-total'],
    [{ good: 1, total: 0 }, 'good-exceeds-total'],
    [{ bad: 2, total: 1 }, 'bad-exceeds-total'],
    [{ bad: -1, total: 10 }, 'negative-count'],
    [{ good: 5, total: -10 }, 'negative-count'],
    [{ good: NaN, total: 10 }, 'not-finite'],
    [{ bad: 1, total: Infinity }, 'not-finite'],
  ])('%p is the SLI problem %s', (counts, code) => {
    const result = errorRatio(counts);
    expect(result).toMatchObject({ kind: 'sli-problem', problem: { code } });
    expect(result.kind === 'sli-problem' && result.problem.message).toMatch(/\S/);
  });

  it('names the queries to check when good exceeds total', () => {
    expect(errorRatio({ good: 1001, total: 1000 })).toEqual({
      kind: 'sli-problem',
      problem: {
        code: 'good-exceeds-total',
        good: 1001,
        total: 1000,
        message: "more good events (1001) than total events (1000); check the SLI's good and total queries",
      },
    });
  });
});

describe('burnRate', () => {
  it.each([
    // error ratio / (1 - objective)
    [0.02, 99.9, 20], // 2% errors against a 0.1% budget
    [0.001, 99.9, 1], // exactly the budget
    [0.0144, 99.9, 14.4], // the workbook's page threshold
    [0.0006, 99.9, 0.6],
    [0.005, 99, 0.5],
    [0.1, 95, 2],
    [0, 99.9, 0],
  ])('error ratio %p at objective %p → burn rate %p', (ratio, objective, expected) => {
    expect(burnRate(ratio, objective)).toBeCloseTo(expected, 9);
  });
});

describe('hasEnoughEvents / windowBurn min_events', () => {
  it.each([
    [0, 0, true], // min_events 0: no guard
    [99, 100, false],
    [100, 100, true],
    [101, 100, true],
  ])('%p events with min_events %p → %p', (total, minEvents, expected) => {
    expect(hasEnoughEvents(total, minEvents)).toBe(expected);
  });

  it('computes the burn of a window and flags too few events', () => {
    // 3 bad of 50: ratio 0.06, burn 0.06 / 0.001 = 60, but 50 < min_events 100.
    const result = windowBurn({ bad: 3, total: 50 }, 99.9, 100);
    expect(result).toMatchObject({ kind: 'burn', bad: 3, total: 50, enoughEvents: false });
    expect(result.kind === 'burn' && result.errorRatio).toBeCloseTo(0.06, 12);
    expect(result.kind === 'burn' && result.burnRate).toBeCloseTo(60, 9);
    expect(windowBurn({ bad: 3, total: 50 }, 99.9)).toMatchObject({ enoughEvents: true });
  });

  it('passes no data and SLI problems through', () => {
    expect(windowBurn({ good: 0, total: 0 }, 99.9)).toEqual({ kind: 'no-data' });
    expect(windowBurn({ good: 11, total: 10 }, 99.9)).toMatchObject({
      kind: 'sli-problem',
      problem: { code: 'good-exceeds-total' },
    });
  });
});

describe('budgetFromErrorRatio / budgetStatus', () => {
  it.each([
    // budget minutes = (1 - objective) × window minutes; consumed = error ratio / budget.
    // 99.9% over 30d: 0.001 × 43 200 min = 43.2 min. Error ratio 0.0005 → half spent: 21.6 min each way.
    [0.0005, 99.9, 30 * DAY, 0.5, 0.5, 43.2, 21.6, 21.6],
    // 99.9% over 28d: 0.001 × 40 320 = 40.32 min. Error ratio 0.00025 → 0.25 spent: 10.08 min, 30.24 left.
    [0.00025, 99.9, 28 * DAY, 0.25, 0.75, 40.32, 10.08, 30.24],
    // 99% over 7d: 0.01 × 10 080 = 100.8 min. Error ratio 0.02 → twice the budget: -1 left, -100.8 min.
    [0.02, 99, 7 * DAY, 2, -1, 100.8, 201.6, -100.8],
    // No errors: the whole budget is left. 99.95% over 30d: 0.0005 × 43 200 = 21.6 min.
    [0, 99.95, 30 * DAY, 0, 1, 21.6, 0, 21.6],
  ])(
    'error ratio %p, objective %p, window %p ms → consumed %p, remaining %p, budget %p min (%p used, %p left)',
    (ratio, objective, windowMs, consumed, remaining, budgetMinutes, consumedMinutes, remainingMinutes) => {
      const status = budgetFromErrorRatio(ratio, objective, windowMs);
      expect(status.consumedRatio).toBeCloseTo(consumed, 9);
      expect(status.remainingRatio).toBeCloseTo(remaining, 9);
      expect(status.budgetMinutes).toBeCloseTo(budgetMinutes, 9);
      expect(status.consumedMinutes).toBeCloseTo(consumedMinutes, 9);
      expect(status.remainingMinutes).toBeCloseTo(remainingMinutes, 9);
    },
  );

  it('computes the status from counts', () => {
    // 1 000 000 requests, 999 400 good: 600 bad, ratio 0.0006, 0.6 of a 0.001 budget spent, 0.4 left.
    const status = budgetStatus({ good: 999_400, total: 1_000_000 }, 99.9, 30 * DAY);
    expect(status.kind).toBe('budget');
    expect(status.kind === 'budget' && status.consumedRatio).toBeCloseTo(0.6, 9);
    expect(status.kind === 'budget' && status.remainingRatio).toBeCloseTo(0.4, 9);
    // 0.4 × 43.2 = 17.28 minutes of full downtime left.
    expect(status.kind === 'budget' && status.remainingMinutes).toBeCloseTo(17.28, 9);
  });

  it('passes no data and SLI problems through', () => {
    expect(budgetStatus({ bad: 0, total: 0 }, 99.9, DAY)).toEqual({ kind: 'no-data' });
    expect(budgetStatus({ bad: 5, total: 4 }, 99.9, DAY)).toMatchObject({ kind: 'sli-problem' });
  });
});
