import { SeriesSamples } from '../model';
import { extrapolatedRate } from '../promql/extrapolated-rate';
import { kahanSum } from '../promql/kahan-sum';
import { SliCounts } from './error-budget';

/**
 * Event counts of an SLI over a window, from the samples of its counters, the way Prometheus evaluates
 * `sum(increase(counter[window]))` at `nowMs`: per series the samples in `(nowMs - windowMs, nowMs]`, their increase
 * with counter resets and extrapolation to the window's ends (`extrapolatedRate`), then the sum over the series.
 */

/**
 * `sum(increase(series[windowMs]))` at `nowMs`. A series with fewer than 2 samples in the window has no increase
 * and is left out; undefined (no data) when no series has one.
 */
export function increaseOverWindow(
  series: readonly SeriesSamples[],
  windowMs: number,
  nowMs: number,
): number | undefined {
  return increaseBetween(series, nowMs - windowMs, nowMs);
}

/** `sum(increase(...))` over the range `(startMs, endMs]`, as `increaseOverWindow`. */
export function increaseBetween(
  series: readonly SeriesSamples[],
  startMs: number,
  endMs: number,
): number | undefined {
  const increases: number[] = [];
  for (const entry of series) {
    const samples = entry.samples.filter(([ts]) => ts > startMs && ts <= endMs);
    const increase = extrapolatedRate(samples, startMs, endMs, true, false);
    if (increase !== undefined) {
      increases.push(increase);
    }
  }
  return increases.length === 0 ? undefined : kahanSum(increases);
}

/** The counter series of an events SLI: total events, and either the good or the bad ones. */
export type SliSeries =
  | { readonly good: readonly SeriesSamples[]; readonly total: readonly SeriesSamples[] }
  | { readonly bad: readonly SeriesSamples[]; readonly total: readonly SeriesSamples[] };

/**
 * Counts of an SLI over the window ending at `nowMs`. Undefined (no data) when the total counter has no increase in
 * the window. A good or bad counter without an increase in the window counts as 0 events: a counter such as
 * `http_requests_total{code=~"5.."}` often has no series until the first error.
 */
export function sliCountsOverWindow(sli: SliSeries, windowMs: number, nowMs: number): SliCounts | undefined {
  const total = increaseOverWindow(sli.total, windowMs, nowMs);
  if (total === undefined) {
    return undefined;
  }
  if ('good' in sli) {
    return { good: increaseOverWindow(sli.good, windowMs, nowMs) ?? 0, total };
  }
  return { bad: increaseOverWindow(sli.bad, windowMs, nowMs) ?? 0, total };
}
