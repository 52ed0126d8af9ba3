import { Sample } from '../model';
import { RANGE_REDUCERS, RangeWindow } from './range-functions';

const T0 = Date.UTC(2026, 0, 1);
const NOW = T0 + 600_000;
const at = (seconds: number, value: number): Sample => [T0 + seconds * 1000, value];
const window: RangeWindow = { startMs: NOW - 300_000, endMs: NOW, evalMs: NOW, scalarArgs: [] };

describe('*_over_time and friends', () => {
  const values = [at(330, 4), at(390, 8), at(450, 6), at(510, 2)];

  it.each<[keyof typeof RANGE_REDUCERS, number]>([
    ['avg_over_time', 5], // (4 + 8 + 6 + 2) / 4
    ['min_over_time', 2],
    ['max_over_time', 8],
    ['sum_over_time', 20],
    ['count_over_time', 4],
    ['last_over_time', 2],
    ['present_over_time', 1],
    ['changes', 3], // 4→8, 8→6, 6→2
    ['resets', 2], // 8→6, 6→2
  ])('%s of 4, 8, 6, 2 is %d', (name, expected) => {
    expect(RANGE_REDUCERS[name](values, window)).toBe(expected);
  });

  it.each<[keyof typeof RANGE_REDUCERS, Sample[], number]>([
    ['min_over_time', [at(330, NaN), at(390, 3), at(450, 1)], 1],
    ['max_over_time', [at(330, NaN), at(390, 3), at(450, 1)], 3],
    ['max_over_time', [at(330, 3), at(390, NaN), at(450, 1)], 3],
    ['min_over_time', [at(330, NaN), at(390, NaN)], NaN],
    ['sum_over_time', [at(330, 1), at(390, NaN)], NaN],
    ['changes', [at(330, NaN), at(390, NaN), at(450, 1), at(510, 1)], 1],
    // Kahan–Neumaier: plain addition loses the 1 (1e16 + 1 rounds to 1e16)
    ['sum_over_time', [at(330, 1e16), at(390, 1), at(450, -1e16)], 1],
    ['avg_over_time', [at(330, 1e16), at(390, 1), at(450, -1e16)], 1 / 3],
  ])('%s handles %j', (name, samples, expected) => {
    expect(RANGE_REDUCERS[name](samples, window)).toBe(expected);
  });

  // Points (-120 s, 0), (-60 s, 6), (0 s, 12) relative to NOW lie on y = 12 + 0.1 x.
  const line = [at(480, 0), at(540, 6), at(600, 12)];

  it('deriv is the least-squares slope per second', () => {
    expect(RANGE_REDUCERS.deriv(line, window)).toBeCloseTo(0.1, 12);
    expect(RANGE_REDUCERS.deriv([at(480, 7), at(540, 7)], window)).toBe(0);
    expect(RANGE_REDUCERS.deriv([at(480, 7)], window)).toBeUndefined();
  });

  it('predict_linear extrapolates from the evaluation time', () => {
    // 12 + 0.1 × 3600 = 372
    expect(RANGE_REDUCERS.predict_linear(line, { ...window, scalarArgs: [3600] })).toBeCloseTo(372, 9);
  });
});
