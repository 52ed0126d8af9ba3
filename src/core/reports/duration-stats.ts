import { mean, quantileSorted } from 'simple-statistics';

/**
 * p50, p90 and mean of a set of durations. Quantiles are simple-statistics' `quantileSorted`: linear interpolation
 * between closest ranks (R type 7, numpy's default): the p-quantile of n sorted values sits at index (n - 1) × p.
 * No durations give null numbers (shown as "–"), never 0.
 */
export interface DurationStats {
  readonly count: number;
  readonly p50Ms: number | null;
  readonly p90Ms: number | null;
  readonly meanMs: number | null;
}

export function durationStats(durationsMs: readonly number[]): DurationStats {
  if (durationsMs.length === 0) {
    return { count: 0, p50Ms: null, p90Ms: null, meanMs: null };
  }
  const sorted = [...durationsMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: quantileSorted(sorted, 0.5),
    p90Ms: quantileSorted(sorted, 0.9),
    meanMs: mean(sorted),
  };
}
