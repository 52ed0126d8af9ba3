import { durationStats } from './duration-stats';

describe('durationStats', () => {
  it.each<[number[], number | null, number | null, number | null]>([
    [[], null, null, null],
    [[7], 7, 7, 7],
    // type 7: p50 at index 1.5 (between 2 and 3), p90 at index 2.7 (3 + 0.7 × 1)
    [[4, 1, 3, 2], 2.5, 3.7, 2.5],
    // p50 at index 2; p90 at index 3.6: 60 + 0.6 × 60
    [[120, 8, 60, 30, 40], 40, 96, 51.6],
  ])('%j: p50 %s, p90 %s, mean %s', (values, p50, p90, mean) => {
    const stats = durationStats(values);
    expect(stats.count).toBe(values.length);
    expect([stats.p50Ms, stats.p90Ms, stats.meanMs]).toEqual(
      [p50, p90, mean].map((value) => (value === null ? null : (expect.closeTo(value, 9) as number))),
    );
  });
});
