import { DetectorModel } from './detector-model';
import * as detectorModel from './detector-model';
import { RobustEstimate } from './robust-estimate';
import * as robustEstimate from './robust-estimate';

// Imports bound once: a call through the module system's live binding costs several times more per point.
const { standardize } = detectorModel;
const { countDecay, learnRobust, newRobustEstimate, robustSigma } = robustEstimate;

/**
 * Two-sided tabular CUSUM (Page) on values standardised by a robust baseline: it accumulates evidence of a sustained
 * shift of more than half a sigma (slack k = 0.5) and alarms at h = (5/3)·sensitivity sigmas, the textbook h = 5 at
 * the default sensitivity 3. Its surprise is the accumulated sum in units of h/sensitivity, so it crosses
 * `sensitivity` exactly when the sum crosses h. Each point adds at most 4 sigmas, so a lone spike does not alarm.
 *
 * The band shown with a point is where its value would take a sum over h: it starts at h + k sigmas from the baseline
 * and narrows as evidence of a shift accumulates, so an alarm is always a value outside its band.
 *
 * On an alarm the run of points that raised it is the only evidence of the new level: the baseline restarts from
 * their mean, weighted as that many points, and the sums restart. A real shift alarms once and becomes the new
 * normal within a few points; after a false alarm the baseline is pulled back as quickly.
 */
export interface CusumState {
  baseline: RobustEstimate;
  up: number;
  down: number;
  /** Points, and the sum of their values, since `up` (`down`) was last 0. */
  upRun: number;
  upSum: number;
  downRun: number;
  downSum: number;
}

const SLACK = 0.5;
const THRESHOLD_PER_SENSITIVITY = 5 / 3;
const MAX_STEP_SIGMAS = 4;
const BASELINE_MEMORY_POINTS = 200;

export function createCusumModel(sensitivity: number): DetectorModel<CusumState> {
  const threshold = THRESHOLD_PER_SENSITIVITY * sensitivity;
  return {
    initialState: () => ({
      baseline: newRobustEstimate(),
      up: 0,
      down: 0,
      upRun: 0,
      upSum: 0,
      downRun: 0,
      downSum: 0,
    }),
    observe(state, _timestampMs, value, learn, out) {
      const { baseline } = state;
      out.expected = baseline.weight === 0 ? value : baseline.mean;
      out.scale = robustSigma(baseline);
      const standardized = standardize(value, out.expected, out.scale);
      const z =
        standardized > MAX_STEP_SIGMAS
          ? MAX_STEP_SIGMAS
          : standardized < -MAX_STEP_SIGMAS
            ? -MAX_STEP_SIGMAS
            : standardized;
      const up = state.up + z - SLACK > 0 ? state.up + z - SLACK : 0;
      const down = state.down - z - SLACK > 0 ? state.down - z - SLACK : 0;
      out.surprise = (up >= down ? up : -down) / THRESHOLD_PER_SENSITIVITY;
      // The band: how far from the baseline this one value must lie to take a sum over the threshold now.
      out.above = threshold + SLACK - state.up;
      out.below = threshold + SLACK - state.down;
      if (!learn) {
        return;
      }
      state.up = up;
      state.upRun = up > 0 ? state.upRun + 1 : 0;
      state.upSum = up > 0 ? state.upSum + value : 0;
      state.down = down;
      state.downRun = down > 0 ? state.downRun + 1 : 0;
      state.downSum = down > 0 ? state.downSum + value : 0;
      learnRobust(baseline, value, countDecay(BASELINE_MEMORY_POINTS));
      if (up > threshold || down > threshold) {
        const [run, sum] = up > threshold ? [state.upRun, state.upSum] : [state.downRun, state.downSum];
        baseline.mean = sum / run;
        baseline.weight = run;
        Object.assign(state, { up: 0, down: 0, upRun: 0, upSum: 0, downRun: 0, downSum: 0 });
      }
    },
    context: () => '(sustained shift)',
    weakEvidence: 'not sustained yet',
  };
}
