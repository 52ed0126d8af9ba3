import { Sample } from '../model';
import { RangeSummary } from '../promql/extrapolated-rate';
import { appendSummary } from './combine-summaries';
import { bucketStartMs } from './rollup-buckets';

/** One row of a rollup level: the summary of a series' samples in `(startMs, startMs + width]`, plus sum, min, max. */
export interface RollupBucket extends RangeSummary {
  readonly startMs: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
}

/** The buckets of `widthMs` of samples in time order: what the rollup job stores for the finest level. */
export function rollUpSamples(samples: readonly Sample[], widthMs: number): RollupBucket[] {
  return rollUpBuckets(
    samples.map(([ts, value]) => ({
      startMs: ts,
      count: 1,
      firstTsMs: ts,
      firstValue: value,
      lastTsMs: ts,
      lastValue: value,
      resetSum: 0,
      sum: value,
      min: value,
      max: value,
    })),
    widthMs,
  );
}

/**
 * The buckets of `widthMs` made of finer buckets (or single samples) in time order: what the rollup job stores for
 * a coarser level, computed from the level below it rather than from the samples.
 */
export function rollUpBuckets(pieces: readonly RollupBucket[], widthMs: number): RollupBucket[] {
  const buckets: RollupBucket[] = [];
  for (const piece of pieces) {
    const startMs = bucketStartMs(piece.firstTsMs, widthMs);
    const current = buckets[buckets.length - 1];
    if (current?.startMs === startMs) {
      buckets[buckets.length - 1] = {
        ...appendSummary(current, piece),
        startMs,
        sum: current.sum + piece.sum,
        min: Math.min(current.min, piece.min),
        max: Math.max(current.max, piece.max),
      };
    } else {
      buckets.push({ ...piece, startMs });
    }
  }
  return buckets;
}
