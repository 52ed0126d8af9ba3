import { SeriesSamples, VectorElement } from '../model';
import { RangeSummary } from './extrapolated-rate';
import { matchesAll } from './label-matcher';
import { LOOKBACK_MS } from './lookback';
import { MatrixSelector, VectorSelector } from './promql-ast';
import { PromqlEvalError } from './promql-eval-error';
import { selectorKey } from './selectors-of';

/**
 * A fetched series. For a request with `reduce: 'summary'` a reader may pass, instead of the window's samples, their
 * summary and only the first and last of them.
 */
export interface SelectedSeries extends SeriesSamples {
  readonly summary?: RangeSummary;
}

/** Fetched series by `SelectorRequest.key`. */
export type SelectorData = ReadonlyMap<string, readonly SelectedSeries[]>;

function seriesFor(selector: VectorSelector, rangeMs: number, data: SelectorData): readonly SelectedSeries[] {
  const key = selectorKey(selector, rangeMs);
  const series = data.get(key);
  if (series === undefined) {
    throw new PromqlEvalError(
      `no data for selector ${key}: pass an entry for every key from selectorsOf (an empty list when nothing matched)`,
    );
  }
  // Matchers are applied again so that a loosely filtering adapter cannot change the result.
  return series.filter((entry) => matchesAll(selector.matchers, entry.labels));
}

/**
 * Instant selector at `nowMs`: per series its newest sample with timestamp in `(t - 5m, t]`, t = now - offset.
 * Series without such a sample drop out. Labels are kept as they are, `__name__` included.
 */
export function selectInstant(selector: VectorSelector, data: SelectorData, nowMs: number): VectorElement[] {
  const at = nowMs - selector.offsetMs;
  const elements: VectorElement[] = [];
  for (const series of seriesFor(selector, 0, data)) {
    for (let index = series.samples.length - 1; index >= 0; index -= 1) {
      const [ts, value] = series.samples[index] ?? [NaN, NaN];
      if (ts <= at) {
        if (ts > at - LOOKBACK_MS) {
          elements.push({ labels: series.labels, value });
        }
        break;
      }
    }
  }
  return elements;
}

/**
 * Range selector at `nowMs`: per series the samples with timestamp in `(t - range, t]` (and its summary, if read
 * so); empty series drop out.
 */
export function selectRange(matrix: MatrixSelector, data: SelectorData, nowMs: number): SelectedSeries[] {
  const end = nowMs - matrix.selector.offsetMs;
  const start = end - matrix.rangeMs;
  const result: SelectedSeries[] = [];
  for (const series of seriesFor(matrix.selector, matrix.rangeMs, data)) {
    const samples = series.samples.slice(
      firstIndexAfter(series.samples, start),
      firstIndexAfter(series.samples, end),
    );
    if (samples.length > 0) {
      result.push(
        series.summary === undefined
          ? { labels: series.labels, samples }
          : { labels: series.labels, samples, summary: series.summary },
      );
    }
  }
  return result;
}

/**
 * Index of the first sample with timestamp > `tsMs` in samples sorted by time (binary search: evaluating a rule at
 * many steps over a long read, as backfills and forecasts do, would otherwise scan every sample at every step).
 */
function firstIndexAfter(samples: SeriesSamples['samples'], tsMs: number): number {
  let low = 0;
  let high = samples.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((samples[middle]?.[0] ?? Infinity) <= tsMs) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}
