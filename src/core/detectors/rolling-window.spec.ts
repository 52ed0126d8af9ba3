import { median, medianAbsoluteDeviation } from 'simple-statistics';
import { newRollingWindow, pushRolling, rollingMad, rollingMedian, rollingQuantile } from './rolling-window';
import { seededRandom } from './synthetic-series';

describe('rolling window', () => {
  it.each([1, 2, 7, 8, 64])(
    'matches a brute-force median, MAD and quantiles with capacity %p',
    (capacity) => {
      const random = seededRandom(capacity);
      const window = newRollingWindow(capacity);
      const recent: number[] = [];
      for (let i = 0; i < 500; i++) {
        // Few distinct values, so ties and runs of equal values are common.
        const value = Math.round(random() * 20) - 5;
        pushRolling(window, value);
        recent.push(value);
        const last = recent.slice(-capacity);
        const sorted = [...last].sort((a, b) => a - b);
        expect(window.sorted).toEqual(sorted);
        const center = rollingMedian(window);
        expect(center).toBe(median(last));
        expect(rollingMad(window, center)).toBe(medianAbsoluteDeviation(last));
        expect(rollingQuantile(window, 0.25)).toBeCloseTo(quantileRank(sorted, 0.25), 12);
      }
    },
  );

  it('keeps its state plain: a JSON copy continues identically', () => {
    const window = newRollingWindow(5);
    [3, 1, 4, 1, 5, 9, 2].forEach((v) => pushRolling(window, v));
    const copy = JSON.parse(JSON.stringify(window)) as typeof window;
    [6, 5, 3].forEach((v) => {
      pushRolling(window, v);
      pushRolling(copy, v);
    });
    expect(copy).toEqual(window);
    expect(window.sorted).toEqual([2, 3, 5, 6, 9]);
  });
});

/** Linear interpolation between order statistics (R type 7), as `rollingQuantile` computes it. */
function quantileRank(sorted: number[], p: number): number {
  const position = p * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (position - low) * (sorted[high]! - sorted[low]!);
}
