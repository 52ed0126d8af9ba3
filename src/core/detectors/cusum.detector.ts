import { DetectorModel, standardize } from './detector-model';
import { RobustEstimate, countDecay, learnRobust, newRobustEstimate, robustSigma } from './robust-estimate';

/**
 * Two-sided tabular CUSUM (Page) on values standardised by a robust baseline: it accumulates evidence of a sustained
 * shift of more than half a sigma (slack k = 0.5) and alarms at h = (5/3)·sensitivity sigmas, the textbook h = 5 at
 * the default sensitivity 3. Its surprise is the accumulated sum in units of h/sensitivity, so it crosses
 * `sensitivity` exactly when the sum crosses h. Each point adds at most 4 sigmas, so a lone spike does not alarm.
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
      const z = Math.max(
        -MAX_STEP_SIGMAS,
        Math.min(MAX_STEP_SIGMAS, standardize(value, out.expected, out.scale)),
      );
      const up = Math.max(0, state.up + z - SLACK);
      const down = Math.max(0, state.down - z - SLACK);
      out.surprise = (up >= down ? up : -down) / THRESHOLD_PER_SENSITIVITY;
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
  };
}
