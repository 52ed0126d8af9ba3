import { HOUR_MS, bucketStartMs, ceilToMs } from './rollup-buckets';

/** Samples written but not rolled up yet: the series written and the time span (inclusive) of their samples. */
export interface DirtySpan {
  readonly minTsMs: number;
  readonly maxTsMs: number;
  readonly seriesIds: readonly number[];
}

/** The samples of one series within a write: the slice `[start, start + count)` of the write's columns. */
export interface WrittenSeries {
  readonly id: number;
  readonly start: number;
  readonly count: number;
}

/**
 * What a write leaves to roll up, one span per hour bucket it touches (a backfill of old samples alongside the
 * live ones does not make one span reaching from the old to the new). One pass over the timestamps; each series is
 * listed once per hour. Spans are widened to whole milliseconds, as the samples are stored.
 */
export function dirtySpansOf(series: readonly WrittenSeries[], timestampsMs: ArrayLike<number>): DirtySpan[] {
  const byHour = new Map<number, { minTsMs: number; maxTsMs: number; seriesIds: number[] }>();
  const add = (hour: number, minTsMs: number, maxTsMs: number, id: number) => {
    const span = byHour.get(hour);
    if (span === undefined) {
      byHour.set(hour, { minTsMs, maxTsMs, seriesIds: [id] });
    } else {
      span.minTsMs = Math.min(span.minTsMs, minTsMs);
      span.maxTsMs = Math.max(span.maxTsMs, maxTsMs);
      span.seriesIds.push(id);
    }
  };
  for (const entry of series) {
    let hour = NaN;
    let minTsMs = Infinity;
    let maxTsMs = -Infinity;
    for (let index = entry.start; index < entry.start + entry.count; index += 1) {
      const tsMs = timestampsMs[index] ?? NaN;
      const sampleHour = bucketStartMs(Math.ceil(tsMs), HOUR_MS);
      if (sampleHour !== hour) {
        if (minTsMs <= maxTsMs) {
          add(hour, minTsMs, maxTsMs, entry.id);
        }
        hour = sampleHour;
        minTsMs = Infinity;
        maxTsMs = -Infinity;
      }
      minTsMs = Math.min(minTsMs, Math.floor(tsMs));
      maxTsMs = Math.max(maxTsMs, Math.ceil(tsMs));
    }
    if (minTsMs <= maxTsMs) {
      add(hour, minTsMs, maxTsMs, entry.id);
    }
  }
  return [...byHour.values()].sort((a, b) => a.minTsMs - b.minTsMs);
}

/** Buckets of one series to recompute: those starting in `[fromMs, toMs)`. */
export interface BucketRange {
  readonly seriesId: number;
  readonly fromMs: number;
  readonly toMs: number;
}

/** One series' dirty time span `[minTsMs, maxTsMs]`, as the rollup job reads them. */
export interface SeriesSpan {
  readonly seriesId: number;
  readonly minTsMs: number;
  readonly maxTsMs: number;
}

/**
 * The buckets of `widthMs` to recompute for the spans: per series, the buckets holding any instant of a span,
 * overlapping and adjacent runs merged (so one upsert never meets the same bucket twice), buckets starting before
 * `notBeforeMs` left out (their raw samples or partitions may be gone by retention).
 */
export function bucketRangesOf(
  spans: readonly SeriesSpan[],
  widthMs: number,
  notBeforeMs = -Infinity,
): BucketRange[] {
  const firstMs = Number.isFinite(notBeforeMs) ? ceilToMs(notBeforeMs, widthMs) : -Infinity;
  const sorted = spans
    .map((span) => ({
      seriesId: span.seriesId,
      fromMs: Math.max(bucketStartMs(span.minTsMs, widthMs), firstMs),
      toMs: bucketStartMs(span.maxTsMs, widthMs) + widthMs,
    }))
    .filter((range) => range.fromMs < range.toMs)
    .sort((a, b) => a.seriesId - b.seriesId || a.fromMs - b.fromMs);
  const merged: BucketRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last?.seriesId === range.seriesId && range.fromMs <= last.toMs) {
      merged[merged.length - 1] = { ...last, toMs: Math.max(last.toMs, range.toMs) };
    } else {
      merged.push(range);
    }
  }
  return merged;
}
