/**
 * Prometheus's `quantile(q, values)` (used by the `quantile` aggregation and `quantile_over_time`): linear
 * interpolation between the two closest ranks of the sorted values, NaN sorted first; -Inf for q < 0, +Inf for
 * q > 1, NaN for no values or a NaN q.
 */
export function quantile(q: number, values: readonly number[]): number {
  if (values.length === 0 || Number.isNaN(q)) {
    return NaN;
  }
  if (q < 0) {
    return -Infinity;
  }
  if (q > 1) {
    return Infinity;
  }
  const sorted = [...values].sort(compareNaNFirst);
  const n = sorted.length;
  const rank = q * (n - 1);
  const lowerIndex = Math.max(0, Math.floor(rank));
  const upperIndex = Math.min(n - 1, lowerIndex + 1);
  const weight = rank - Math.floor(rank);
  return (sorted[lowerIndex] ?? NaN) * (1 - weight) + (sorted[upperIndex] ?? NaN) * weight;
}

/** Ascending, NaN before every number (Prometheus's `vectorByValueHeap` order). */
export function compareNaNFirst(a: number, b: number): number {
  if (Number.isNaN(a)) {
    return Number.isNaN(b) ? 0 : -1;
  }
  if (Number.isNaN(b)) {
    return 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Population variance by Welford's method with compensated sums, as Prometheus's `stdvar_over_time`; NaN for no
 * values.
 */
export function variance(values: readonly number[]): number {
  let count = 0;
  let mean = 0;
  let aux = 0;
  for (const value of values) {
    count += 1;
    const delta = value - mean;
    mean += delta / count;
    aux += delta * (value - mean);
  }
  return count === 0 ? NaN : aux / count;
}
