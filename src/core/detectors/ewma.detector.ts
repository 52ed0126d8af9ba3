import { DetectorModel } from './detector-model';
import * as detectorModel from './detector-model';

// Imports bound once: a call through the module system's live binding costs several times more per point.
const { standardize } = detectorModel;

/**
 * Exponentially weighted moving mean and variance (West's incremental form): the classic control chart. Not robust on
 * purpose: an outlier widens the band for a while, which damps alerts that would repeat on a noisy series. The first
 * points are averaged exactly (rate 1/n) until the rate reaches 1/100.
 */
export interface EwmaState {
  count: number;
  mean: number;
  variance: number;
}

const EWMA_MEMORY_POINTS = 100;
const { sqrt } = Math;

export function createEwmaModel(): DetectorModel<EwmaState> {
  return {
    initialState: () => ({ count: 0, mean: 0, variance: 0 }),
    observe(state, _timestampMs, value, learn, out) {
      out.expected = state.count === 0 ? value : state.mean;
      out.scale = sqrt(state.variance);
      out.surprise = standardize(value, out.expected, out.scale);
      if (!learn) {
        return;
      }
      state.count += 1;
      const rate = state.count < EWMA_MEMORY_POINTS ? 1 / state.count : 1 / EWMA_MEMORY_POINTS;
      const deviation = value - state.mean;
      state.mean += rate * deviation;
      state.variance = (1 - rate) * (state.variance + rate * deviation * deviation);
    },
    context: () => '(moving average)',
  };
}
