import { Sample } from '../model';
import { summarizeRange } from '../promql/extrapolated-rate';
import { combineSummaries } from './combine-summaries';
import { RollupBucket, rollUpBuckets, rollUpSamples } from './rollup-bucket';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './rollup-buckets';
import { randomCounter } from './rollup-test-data';

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);
const at = (seconds: number, value: number): Sample => [T0 + seconds * 1000, value];

/** Buckets without the floating-point sums, which depend on the order of addition. */
const exactPart = ({ resetSum: _r, sum: _s, ...rest }: RollupBucket) => rest;

describe(rollUpSamples.name, () => {
  it('puts a sample on a boundary in the bucket that ends there and keeps resets inside a bucket', () => {
    // Minute 0: 10 (at 15 s), 20 (at 60 s, the boundary). Minute 1: 5 (a reset), 8, 2 (another).
    const buckets = rollUpSamples([at(15, 10), at(60, 20), at(75, 5), at(90, 8), at(120, 2)], MINUTE_MS);
    expect(buckets).toEqual([
      {
        startMs: T0,
        count: 2,
        firstTsMs: T0 + 15_000,
        firstValue: 10,
        lastTsMs: T0 + 60_000,
        lastValue: 20,
        resetSum: 0,
        sum: 30,
        min: 10,
        max: 20,
      },
      {
        startMs: T0 + MINUTE_MS,
        count: 3,
        firstTsMs: T0 + 75_000,
        firstValue: 5,
        lastTsMs: T0 + 120_000,
        lastValue: 2,
        resetSum: 8,
        sum: 15,
        min: 2,
        max: 8,
      },
    ]);
  });
});

describe(rollUpBuckets.name, () => {
  it('makes the same coarse buckets from fine buckets as from the samples (random counters with resets)', () => {
    for (let seed = 1; seed <= 100; seed += 1) {
      // About three hours across midnight.
      const samples = randomCounter(seed, T0 + 10.5 * HOUR_MS, 300);
      const minutes = rollUpSamples(samples, MINUTE_MS);
      const fiveMinutes = rollUpBuckets(minutes, 5 * MINUTE_MS);
      const hours = rollUpBuckets(fiveMinutes, HOUR_MS);
      const days = rollUpBuckets(hours, DAY_MS);
      expect(days.length).toBeGreaterThan(1);
      for (const [derived, direct] of [
        [fiveMinutes, rollUpSamples(samples, 5 * MINUTE_MS)],
        [hours, rollUpSamples(samples, HOUR_MS)],
        [days, rollUpSamples(samples, DAY_MS)],
      ] as const) {
        expect(derived.map(exactPart)).toEqual(direct.map(exactPart));
        derived.forEach((bucket, index) => {
          expect(bucket.resetSum).toBeCloseTo(direct[index]?.resetSum ?? NaN, 6);
          expect(bucket.sum).toBeCloseTo(direct[index]?.sum ?? NaN, 6);
        });
      }
      const folded = combineSummaries(days);
      expect(folded?.count).toBe(samples.length);
      expect(folded?.resetSum).toBeCloseTo(summarizeRange(samples)?.resetSum ?? NaN, 6);
    }
  });
});
