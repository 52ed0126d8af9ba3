import { HOUR_MS, MINUTE_MS, bucketStartMs, ceilToMs, floorToMs } from './rollup-buckets';

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);

describe('bucketStartMs (left-open buckets)', () => {
  it.each([
    ['just after a boundary', T0 + 1, MINUTE_MS, T0],
    ['inside', T0 + 30_000, MINUTE_MS, T0],
    ['on the boundary: the bucket that ends there', T0 + MINUTE_MS, MINUTE_MS, T0],
    ['on a boundary for an hour', T0, HOUR_MS, T0 - HOUR_MS],
    ['5 minutes, one ms past', T0 + 5 * MINUTE_MS + 1, 5 * MINUTE_MS, T0 + 5 * MINUTE_MS],
  ])('%s', (_name, tsMs, widthMs, expected) => {
    expect(bucketStartMs(tsMs, widthMs)).toBe(expected);
  });
});

describe('floorToMs and ceilToMs', () => {
  it.each([
    [T0, T0, T0],
    [T0 + 1, T0, T0 + MINUTE_MS],
    [T0 + MINUTE_MS - 1, T0, T0 + MINUTE_MS],
  ])('%d → floor %d, ceil %d', (tMs, floor, ceil) => {
    expect(floorToMs(tMs, MINUTE_MS)).toBe(floor);
    expect(ceilToMs(tMs, MINUTE_MS)).toBe(ceil);
  });
});
