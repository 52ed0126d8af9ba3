import { bucketRangesOf, dirtySpansOf } from './dirty-spans';
import { HOUR_MS, MINUTE_MS } from './rollup-buckets';

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);
const M = MINUTE_MS;

describe(dirtySpansOf.name, () => {
  it('makes one span per hour touched, listing each series once per hour', () => {
    // Series 7: 12:10, 12:20 and 12:59:59.9995 (rounds up to 13:00:00, still the 12:00 hour); series 9: 12:30 and a
    // backfilled sample from 09:15.
    const timestamps = [T0 + 10 * M, T0 + 20 * M, T0 + HOUR_MS - 0.5, T0 - 165 * M, T0 + 30 * M];
    const spans = dirtySpansOf(
      [
        { id: 7, start: 0, count: 3 },
        { id: 9, start: 3, count: 2 },
      ],
      timestamps,
    );
    expect(spans).toEqual([
      { minTsMs: T0 - 165 * M, maxTsMs: T0 - 165 * M, seriesIds: [9] },
      { minTsMs: T0 + 10 * M, maxTsMs: T0 + HOUR_MS, seriesIds: [7, 9] },
    ]);
  });

  it('has nothing to roll up for an empty write', () => {
    expect(dirtySpansOf([], [])).toEqual([]);
  });
});

describe(bucketRangesOf.name, () => {
  it.each([
    [
      'one sample inside a minute',
      [{ seriesId: 1, minTsMs: T0 + 30_000, maxTsMs: T0 + 30_000 }],
      M,
      [{ seriesId: 1, fromMs: T0, toMs: T0 + M }],
    ],
    [
      'a sample on a boundary belongs to the bucket ending there',
      [{ seriesId: 1, minTsMs: T0, maxTsMs: T0 + M }],
      M,
      [{ seriesId: 1, fromMs: T0 - M, toMs: T0 + M }],
    ],
    [
      'overlapping and adjacent spans merge, other series stay apart',
      [
        { seriesId: 2, minTsMs: T0 + 1, maxTsMs: T0 + 2 * M },
        { seriesId: 1, minTsMs: T0 + 3 * M, maxTsMs: T0 + 3 * M },
        { seriesId: 2, minTsMs: T0 + 2 * M + 1, maxTsMs: T0 + 3 * M },
        { seriesId: 2, minTsMs: T0 + 10 * M, maxTsMs: T0 + 10 * M },
      ],
      5 * M,
      [
        { seriesId: 1, fromMs: T0, toMs: T0 + 5 * M },
        { seriesId: 2, fromMs: T0, toMs: T0 + 10 * M },
      ],
    ],
  ])('%s', (_name, spans, widthMs, expected) => {
    expect(bucketRangesOf(spans, widthMs)).toEqual(expected);
  });

  it('leaves out buckets starting before the horizon, rounding the horizon up to a bucket boundary', () => {
    const spans = [{ seriesId: 1, minTsMs: T0 + 1, maxTsMs: T0 + 20 * M }];
    expect(bucketRangesOf(spans, 5 * M, T0 + 7 * M)).toEqual([
      { seriesId: 1, fromMs: T0 + 10 * M, toMs: T0 + 20 * M },
    ]);
    expect(bucketRangesOf(spans, 5 * M, T0 + 21 * M)).toEqual([]);
  });
});
