import { SeriesSamples } from '../model';
import { increaseOverWindow } from './window-counts';
import {
  TimeInterval,
  excludedMs,
  includedIntervals,
  increaseExcluding,
  sliCountsExcluding,
} from './maintenance-exclusion';

const MIN = 60_000;
const span = (startMs: number, endMs: number): TimeInterval => ({ startMs, endMs });

describe('includedIntervals / excludedMs', () => {
  it.each<[string, TimeInterval[], TimeInterval[], number]>([
    ['nothing excluded', [], [span(0, 100)], 0],
    // [20,30) and [25,40) merge to [20,40); [90,120) and [-10,5) are clipped to the window.
    // Excluded: 5 + 20 + 10 = 35.
    [
      'overlapping and clipped',
      [span(90, 120), span(20, 30), span(-10, 5), span(25, 40)],
      [span(5, 20), span(40, 90)],
      35,
    ],
    ['outside the window', [span(-50, 0), span(100, 200)], [span(0, 100)], 0],
    ['the whole window', [span(-1, 101)], [], 100],
    ['an empty interval is ignored', [span(50, 50)], [span(0, 100)], 0],
    // Touching intervals [10,20) and [20,30) leave no piece between them.
    ['touching intervals', [span(10, 20), span(20, 30)], [span(0, 10), span(30, 100)], 20],
  ])('%s', (_name, excluded, included, excludedLength) => {
    expect(includedIntervals(0, 100, excluded)).toEqual(included);
    expect(excludedMs(0, 100, excluded)).toBe(excludedLength);
  });
});

describe('increaseExcluding / sliCountsExcluding', () => {
  const minutes = Array.from({ length: 61 }, (_, index) => index);
  // Total: one sample a minute from 0 to 60 min, +10 a minute (value 10 × minute).
  const total: SeriesSamples = {
    labels: { __name__: 'total' },
    samples: minutes.map((m) => [m * MIN, 10 * m]),
  };
  // Bad: 0 up to 20 min, +100 a minute from 21 to 29 min (a failed deploy in maintenance), then flat at 900.
  const bad: SeriesSamples = {
    labels: { __name__: 'bad' },
    samples: minutes.map((m) => [m * MIN, m <= 20 ? 0 : m < 30 ? 100 * (m - 20) : 900]),
  };
  const maintenance = [span(20 * MIN, 30 * MIN)];

  it('counts only the pieces outside maintenance', () => {
    // Pieces (0, 20m] and (30m, 60m].
    // (0, 20m]: samples 1..20 min, raw 200 - 10 = 190 over 1140s; start 60s away (< 66s); zero point 1140 × 10/190 =
    // 60s, not earlier; end 0 → 190 × 1200/1140 = 200.
    // (30m, 60m]: samples 31..60 min, raw 600 - 310 = 290 over 1740s; start 60s → 290 × 1800/1740 = 300. Sum 500.
    expect(increaseExcluding([total], 60 * MIN, 60 * MIN, maintenance)).toBeCloseTo(500, 9);
    // Without exclusions: samples 1..60, raw 590 over 3540s, start 60s → 590 × 3600/3540 = 600.
    expect(increaseExcluding([total], 60 * MIN, 60 * MIN, [])).toBeCloseTo(600, 9);
    expect(increaseOverWindow([total], 60 * MIN, 60 * MIN)).toBeCloseTo(600, 9);
  });

  it('leaves errors during maintenance out of the budget', () => {
    // Without the exclusion: raw 900 over 3540s; the zero point (0 × …) is at the first sample, so no start
    // extrapolation; end 0 → 900. With it, both pieces are flat: 0.
    expect(sliCountsExcluding({ bad: [bad], total: [total] }, 60 * MIN, 60 * MIN, [])).toEqual({
      bad: 900,
      total: 600,
    });
    const counts = sliCountsExcluding({ bad: [bad], total: [total] }, 60 * MIN, 60 * MIN, maintenance);
    expect(counts).toMatchObject({ bad: 0 });
    expect(counts?.total).toBeCloseTo(500, 9);
  });

  it('counts good events the same way', () => {
    const counts = sliCountsExcluding({ good: [total], total: [total] }, 60 * MIN, 60 * MIN, maintenance);
    expect(counts !== undefined && 'good' in counts && counts.good).toBeCloseTo(500, 9);
  });

  it('is no data when the whole window is excluded', () => {
    expect(increaseExcluding([total], 60 * MIN, 60 * MIN, [span(0, 61 * MIN)])).toBeUndefined();
    expect(
      sliCountsExcluding({ bad: [bad], total: [total] }, 60 * MIN, 60 * MIN, [span(0, 61 * MIN)]),
    ).toBeUndefined();
  });
});
