import { Sample } from '../model';
import { RangeSummary, extrapolateSummary, extrapolatedRate, instantValue } from './extrapolated-rate';
import { kahanSum, mean } from './kahan-sum';
import { linearRegression } from './linear-regression';
import { RANGE_FUNCTION_NAMES } from './promql-function-signatures';
import { quantile, variance } from './quantile';

/** Where a range function is evaluated: the selected window `(startMs, endMs]` and the evaluation time. */
export interface RangeWindow {
  readonly startMs: number;
  readonly endMs: number;
  readonly evalMs: number;
  /** Evaluated scalar arguments besides the range vector (predict_linear's seconds, quantile_over_time's q). */
  readonly scalarArgs: readonly number[];
}

/** Reduces one series' samples in the window (at least one) to a value, or undefined for no output. */
export type RangeReducer = (samples: readonly Sample[], window: RangeWindow) => number | undefined;

const values = (samples: readonly Sample[]): number[] => samples.map(([, value]) => value);

/** Prometheus `compareOverTime`: NaN only wins when every value is NaN. */
function extreme(
  samples: readonly Sample[],
  better: (candidate: number, current: number) => boolean,
): number {
  let result = samples[0]?.[1] ?? NaN;
  for (const [, value] of samples) {
    if (better(value, result) || Number.isNaN(result)) {
      result = value;
    }
  }
  return result;
}

function countChanges(
  samples: readonly Sample[],
  isChange: (current: number, previous: number) => boolean,
): number {
  let count = 0;
  for (let index = 1; index < samples.length; index += 1) {
    if (isChange(samples[index]?.[1] ?? NaN, samples[index - 1]?.[1] ?? NaN)) {
      count += 1;
    }
  }
  return count;
}

export const RANGE_REDUCERS: Readonly<
  Record<(typeof RANGE_FUNCTION_NAMES)[number] | 'predict_linear' | 'quantile_over_time', RangeReducer>
> = {
  rate: (samples, window) => extrapolatedRate(samples, window.startMs, window.endMs, true, true),
  increase: (samples, window) => extrapolatedRate(samples, window.startMs, window.endMs, true, false),
  delta: (samples, window) => extrapolatedRate(samples, window.startMs, window.endMs, false, false),
  irate: (samples) => instantValue(samples, true),
  idelta: (samples) => instantValue(samples, false),
  deriv: (samples) =>
    samples.length < 2 ? undefined : linearRegression(samples, samples[0]?.[0] ?? 0).slope,
  predict_linear: (samples, window) => {
    if (samples.length < 2) {
      return undefined;
    }
    const { slope, intercept } = linearRegression(samples, window.evalMs);
    return slope * (window.scalarArgs[0] ?? NaN) + intercept;
  },
  changes: (samples) =>
    countChanges(
      samples,
      (current, previous) => current !== previous && !(Number.isNaN(current) && Number.isNaN(previous)),
    ),
  resets: (samples) => countChanges(samples, (current, previous) => current < previous),
  avg_over_time: (samples) => mean(values(samples)),
  min_over_time: (samples) => extreme(samples, (candidate, current) => candidate < current),
  max_over_time: (samples) => extreme(samples, (candidate, current) => candidate > current),
  sum_over_time: (samples) => kahanSum(values(samples)),
  count_over_time: (samples) => samples.length,
  last_over_time: (samples) => samples[samples.length - 1]?.[1],
  present_over_time: () => 1,
  stddev_over_time: (samples) => Math.sqrt(variance(values(samples))),
  stdvar_over_time: (samples) => variance(values(samples)),
  quantile_over_time: (samples, window) => quantile(window.scalarArgs[0] ?? NaN, values(samples)),
};

/** The range functions a `RangeSummary` of the window answers, with the same result as from its samples. */
export const SUMMARY_REDUCERS: Readonly<
  Partial<Record<string, (summary: RangeSummary, window: RangeWindow) => number | undefined>>
> = {
  rate: (summary, window) => extrapolateSummary(summary, window.startMs, window.endMs, true, true),
  increase: (summary, window) => extrapolateSummary(summary, window.startMs, window.endMs, true, false),
  delta: (summary, window) => extrapolateSummary(summary, window.startMs, window.endMs, false, false),
};

/** Range functions whose result keeps the series' `__name__` (Prometheus: only last_over_time). */
export const NAME_PRESERVING_RANGE_FUNCTIONS: ReadonlySet<string> = new Set(['last_over_time']);
