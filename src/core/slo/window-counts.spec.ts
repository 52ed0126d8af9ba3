import { Sample, SeriesSamples } from '../model';
import { increaseOverWindow, sliCountsOverWindow } from './window-counts';

const S = 1000;
const MIN = 60 * S;

/** A series with one sample per minute at the given minute offsets. */
function series(
  name: string,
  points: ReadonlyArray<readonly [minute: number, value: number]>,
): SeriesSamples {
  return {
    labels: { __name__: name },
    samples: points.map(([minute, value]): Sample => [minute * MIN, value]),
  };
}

// Samples at 1..5 min, +10 a minute. Window (0, 5m]: 5 samples, raw increase 50 - 10 = 40 over 240s; the first
// sample is 60s after the window start (< 1.1 × 60s average interval) so it is extrapolated by 60s; the counter
// would reach 0 240 × 10/40 = 60s before it (not earlier); the last sample is at the end. 40 × 300/240 = 50.
const steady = series('total', [
  [1, 10],
  [2, 20],
  [3, 30],
  [4, 40],
  [5, 50],
]);

// Same times, reset after 20: raw 25 - 10 = 15, plus 20 before the reset = 35; zero point 240 × 10/35 = 68.6s
// before the first sample, more than 60s, so 60s is kept: 35 × 300/240 = 43.75.
const withReset = series('total', [
  [1, 10],
  [2, 20],
  [3, 5],
  [4, 15],
  [5, 25],
]);

// Samples at 0.5..4.5 min, 0.1/s from 0 at t=0: 3, 9, 15, 21, 27. Raw 24 over 240s; start 30s away, and the counter
// is 0 exactly 240 × 3/24 = 30s before: 30s; end 30s away (< 66s): 30s. 24 × 300/240 = 30, the true increase.
const offset = series('total', [
  [0.5, 3],
  [1.5, 9],
  [2.5, 15],
  [3.5, 21],
  [4.5, 27],
]);

describe('increaseOverWindow', () => {
  it.each<[string, SeriesSamples[], number, number, number | undefined]>([
    ['a steady counter', [steady], 5 * MIN, 5 * MIN, 50],
    ['a counter reset', [withReset], 5 * MIN, 5 * MIN, 43.75],
    ['samples between the window ends', [offset], 5 * MIN, 5 * MIN, 30],
    // Sum over series: 50 + 30.
    ['several series, summed', [steady, offset], 5 * MIN, 5 * MIN, 80],
    // Window (3m, 5m]: samples 40, 50 (the sample at 3m is excluded). Raw 10 over 60s; start 60s away (< 66s),
    // zero point 60 × 40/10 = 240s (not earlier): 10 × 120/60 = 20.
    ['a shorter window, start excluded', [steady], 2 * MIN, 5 * MIN, 20],
    // Window (4m, 6m] at now = 6m: samples 50 only → no increase.
    ['one sample in the window', [steady], 2 * MIN, 6 * MIN, undefined],
    ['no series', [], 5 * MIN, 5 * MIN, undefined],
    // The series with one sample is left out: 0 + 50.
    [
      'a series with too few samples is left out',
      [series('total', [[5, 1000]]), steady],
      5 * MIN,
      5 * MIN,
      50,
    ],
  ])('%s', (_name, input, windowMs, nowMs, expected) => {
    const result = increaseOverWindow(input, windowMs, nowMs);
    if (expected === undefined) {
      expect(result).toBeUndefined();
    } else {
      expect(result).toBeCloseTo(expected, 9);
    }
  });

  it('ignores samples after nowMs', () => {
    const withFuture = series('total', [
      [1, 10],
      [2, 20],
      [3, 30],
      [4, 40],
      [5, 50],
      [6, 1000],
    ]);
    expect(increaseOverWindow([withFuture], 5 * MIN, 5 * MIN)).toBeCloseTo(50, 9);
  });
});

describe('sliCountsOverWindow', () => {
  // Bad counter: 0, 0, 1, 1, 2 at 1..5 min. Raw 2 over 240s; start 60s away; zero point 240 × 0/2 = 0s before the
  // first sample, which is earlier than 60s: start not extrapolated. 2 × 240/240 = 2.
  const bad = series('bad', [
    [1, 0],
    [2, 0],
    [3, 1],
    [4, 1],
    [5, 2],
  ]);
  // Good counter: 9, 18, 27, 36, 45 at 1..5 min: 36 × 300/240 = 45.
  const good = series('good', [
    [1, 9],
    [2, 18],
    [3, 27],
    [4, 36],
    [5, 45],
  ]);

  it('counts bad and total events', () => {
    expect(sliCountsOverWindow({ bad: [bad], total: [steady] }, 5 * MIN, 5 * MIN)).toEqual({
      bad: 2,
      total: 50,
    });
  });

  it('counts good and total events', () => {
    const counts = sliCountsOverWindow({ good: [good], total: [steady] }, 5 * MIN, 5 * MIN);
    expect(counts).toMatchObject({ total: 50 });
    expect(counts !== undefined && 'good' in counts && counts.good).toBeCloseTo(45, 9);
  });

  it('counts a missing bad or good counter as 0 events', () => {
    expect(sliCountsOverWindow({ bad: [], total: [steady] }, 5 * MIN, 5 * MIN)).toEqual({
      bad: 0,
      total: 50,
    });
    expect(sliCountsOverWindow({ good: [], total: [steady] }, 5 * MIN, 5 * MIN)).toEqual({
      good: 0,
      total: 50,
    });
  });

  it('is no data without a total increase', () => {
    expect(sliCountsOverWindow({ bad: [bad], total: [] }, 5 * MIN, 5 * MIN)).toBeUndefined();
  });
});
