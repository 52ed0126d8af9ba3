import { Sample } from '../model';

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
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (first === undefined || last === undefined || samples.length < 2) {
    return undefined;
  }
  let result = last[1] - first[1];
  if (isCounter) {
    for (let index = 1; index < samples.length; index += 1) {
      const previous = samples[index - 1]?.[1] ?? NaN;
      if ((samples[index]?.[1] ?? NaN) < previous) {
        result += previous;
      }
    }
  }
  let durationToStart = (first[0] - rangeStartMs) / 1000;
  let durationToEnd = (rangeEndMs - last[0]) / 1000;
  const sampledInterval = (last[0] - first[0]) / 1000;
  const averageInterval = sampledInterval / (samples.length - 1);
  const extrapolationThreshold = averageInterval * 1.1;

  if (durationToStart >= extrapolationThreshold) {
    durationToStart = averageInterval / 2;
  }
  if (isCounter && result > 0 && first[1] >= 0) {
    const durationToZero = sampledInterval * (first[1] / result);
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
