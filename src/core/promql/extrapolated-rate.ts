import { Sample } from '../model';

/**
 * What Prometheus's `extrapolatedRate` needs of the samples in a range: the first and last sample, how many there
 * are, and (for counters) the sum of the values before every reset. A store can compute it in SQL without shipping
 * the samples (see `SampleRepository.counterSummaries`); `extrapolateSummary` then gives exactly what
 * `extrapolatedRate` gives on the samples themselves.
 */
export interface RangeSummary {
  readonly count: number;
  readonly firstTsMs: number;
  readonly firstValue: number;
  readonly lastTsMs: number;
  readonly lastValue: number;
  /** Sum of the value before each drop (a counter reset). */
  readonly resetSum: number;
}

/** The summary of samples in time order; undefined without samples. */
export function summarizeRange(samples: readonly Sample[]): RangeSummary | undefined {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (first === undefined || last === undefined) {
    return undefined;
  }
  let resetSum = 0;
  for (let index = 1; index < samples.length; index += 1) {
    const previous = samples[index - 1]?.[1] ?? NaN;
    if ((samples[index]?.[1] ?? NaN) < previous) {
      resetSum += previous;
    }
  }
  return {
    count: samples.length,
    firstTsMs: first[0],
    firstValue: first[1],
    lastTsMs: last[0],
    lastValue: last[1],
    resetSum,
  };
}

/**
 * Prometheus's `extrapolatedRate` (rate, increase, delta) for float samples in `(rangeStartMs, rangeEndMs]`:
 * - the difference between last and first sample, plus, for counters, the value before every reset;
 * - extrapolated to the range boundaries when the first/last sample is within 1.1 × the average sample interval
 *   of that boundary, otherwise by half an average interval;
 * - for counters, the start is not extrapolated past the point where the counter would have been zero;
 * - divided by the range in seconds for a rate.
 * Returns undefined (no output element) with fewer than 2 samples.
 */
export function extrapolatedRate(
  samples: readonly Sample[],
  rangeStartMs: number,
  rangeEndMs: number,
  isCounter: boolean,
  isRate: boolean,
): number | undefined {
  const summary = summarizeRange(samples);
  return summary === undefined
    ? undefined
    : extrapolateSummary(summary, rangeStartMs, rangeEndMs, isCounter, isRate);
}

/** `extrapolatedRate` from a range summary. */
export function extrapolateSummary(
  summary: RangeSummary,
  rangeStartMs: number,
  rangeEndMs: number,
  isCounter: boolean,
  isRate: boolean,
): number | undefined {
  if (summary.count < 2) {
    return undefined;
  }
  let result = summary.lastValue - summary.firstValue;
  if (isCounter) {
    result += summary.resetSum;
  }
  let durationToStart = (summary.firstTsMs - rangeStartMs) / 1000;
  let durationToEnd = (rangeEndMs - summary.lastTsMs) / 1000;
  const sampledInterval = (summary.lastTsMs - summary.firstTsMs) / 1000;
  const averageInterval = sampledInterval / (summary.count - 1);
  const extrapolationThreshold = averageInterval * 1.1;

  if (durationToStart >= extrapolationThreshold) {
    durationToStart = averageInterval / 2;
  }
  if (isCounter && result > 0 && summary.firstValue >= 0) {
    const durationToZero = sampledInterval * (summary.firstValue / result);
    if (durationToZero < durationToStart) {
      durationToStart = durationToZero;
    }
  }
  if (durationToEnd >= extrapolationThreshold) {
    durationToEnd = averageInterval / 2;
  }
  let factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
  if (isRate) {
    factor /= (rangeEndMs - rangeStartMs) / 1000;
  }
  return result * factor;
}

/**
 * Prometheus's `instantValue` (irate, idelta): from the last two samples. For irate a drop counts as a counter
 * reset (the increase is the last value). Per second for irate. Undefined with fewer than 2 samples or when
 * both share a timestamp.
 */
export function instantValue(samples: readonly Sample[], isRate: boolean): number | undefined {
  const previous = samples[samples.length - 2];
  const last = samples[samples.length - 1];
  if (previous === undefined || last === undefined) {
    return undefined;
  }
  const intervalMs = last[0] - previous[0];
  if (intervalMs === 0) {
    return undefined;
  }
  const change = isRate && last[1] < previous[1] ? last[1] : last[1] - previous[1];
  return isRate ? change / (intervalMs / 1000) : change;
}
