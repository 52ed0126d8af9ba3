import { Labels, Sample, SeriesSamples } from '../model';
import { SelectorData } from '../promql/evaluate-promql';
import { matchesAll } from '../promql/label-matcher';
import { LOOKBACK_MS } from '../promql/lookback';
import { SelectorRequest } from '../promql/selectors-of';
import { MISSING, STALE } from './expand-series-notation';
import { InputSeries } from './load-rule-test-file';

/** A test input series as stored: samples at `index · interval`, gaps left out, stale markers kept as markers. */
export interface TestSeries {
  readonly labels: Labels;
  /** Ascending timestamps. */
  readonly times: readonly number[];
  /** Value of each sample; `stale` marks the series as gone from that time until its next value. */
  readonly values: ReadonlyArray<number | typeof STALE>;
}

export function toTestSeries(input: InputSeries, intervalMs: number): TestSeries {
  const times: number[] = [];
  const values: Array<number | typeof STALE> = [];
  input.values.forEach((value, index) => {
    if (value !== MISSING) {
      times.push(index * intervalMs);
      values.push(value);
    }
  });
  return { labels: input.labels, times, values };
}

/**
 * What the production I/O adapter fetches for `requests` at `nowMs`, built from the test series instead of the
 * store: per request every matching series with its samples in `(t - max(range, LOOKBACK_MS), t]`, t = now - offset.
 * Stale markers are handled as Prometheus does: a range selector skips them; an instant selector whose newest sample
 * in the window is a stale marker does not see the series at all.
 */
export function selectorDataAt(
  requests: readonly SelectorRequest[],
  series: readonly TestSeries[],
  nowMs: number,
): SelectorData {
  const data = new Map<string, SeriesSamples[]>();
  for (const request of requests) {
    if (data.has(request.key)) {
      continue;
    }
    const end = nowMs - request.offsetMs;
    const start = end - Math.max(request.rangeMs, LOOKBACK_MS);
    const selected: SeriesSamples[] = [];
    for (const entry of series) {
      if (!matchesAll(request.matchers, entry.labels)) {
        continue;
      }
      const from = firstIndexAfter(entry.times, start);
      const to = firstIndexAfter(entry.times, end);
      if (from >= to || (request.rangeMs === 0 && entry.values[to - 1] === STALE)) {
        continue;
      }
      const samples: Sample[] = [];
      for (let index = from; index < to; index += 1) {
        const value = entry.values[index];
        if (typeof value === 'number') {
          samples.push([entry.times[index] ?? 0, value]);
        }
      }
      if (samples.length > 0) {
        selected.push({ labels: entry.labels, samples });
      }
    }
    data.set(request.key, selected);
  }
  return data;
}

/** Index of the first time greater than `time` (binary search). */
function firstIndexAfter(times: readonly number[], time: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((times[middle] ?? Infinity) <= time) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}
