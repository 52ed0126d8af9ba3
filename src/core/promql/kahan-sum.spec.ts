import { kahanSum, mean } from './kahan-sum';

describe('kahanSum', () => {
  it.each<[number[], number]>([
    [[], 0],
    [[0.1, 0.2, 0.3], 0.6], // plain addition gives 0.6000000000000001
    [[1e16, 1, -1e16], 1], // plain addition gives 0
    [[Infinity, 1], Infinity],
    [[Infinity, -Infinity], NaN],
  ])('%j sums to %d', (values, expected) => {
    expect(kahanSum(values)).toBe(expected);
  });
});

describe('mean', () => {
  it.each<[number[], number]>([
    [[], NaN],
    [[4], 4],
    [[1, 2, 3, 4], 2.5],
    [[Infinity, 1], Infinity],
    [[NaN, 1], NaN],
  ])('of %j is %d', (values, expected) => {
    expect(mean(values)).toBe(expected);
  });

  it('switches to an incremental mean instead of overflowing', () => {
    // 1e308 + 1e308 overflows; Prometheus then averages incrementally: (1e308 + 1e308 - 1e308) / 3
    expect(mean([1e308, 1e308, -1e308]) / (1e308 / 3)).toBeCloseTo(1, 12);
  });
});
