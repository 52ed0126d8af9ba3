import { Assessment, DetectorModel } from './detector-model';
import * as detectorModel from './detector-model';
import { RollingWindow } from './rolling-window';
import * as rollingWindow from './rolling-window';

// Imports bound once: a call through the module system's live binding costs several times more per point.
const { standardize } = detectorModel;
const { newRollingWindow, pushRolling, rollingMad, rollingMedian, rollingQuantile } = rollingWindow;

/**
 * Rolling median and MAD of the last 256 points: the expectation is the median and one sigma is 1.4826 MAD,
 * which an outlier cannot drag. When more than half of the window is one value (MAD 0, as in sparse counters) the
 * spread of the middle 95% stands in, so the rare other values still count as normal.
 */
export interface RobustState {
  window: RollingWindow;
}

/** MAD to sigma for normal data. */
const MAD_TO_SIGMA = 1.4826;
/** Width of the middle 95% of a normal distribution, in sigmas. */
const CENTRAL_95_SIGMAS = 3.92;
const ROBUST_WINDOW_POINTS = 256;

export function createRobustModel(): DetectorModel<RobustState> {
  return {
    initialState: () => ({ window: newRollingWindow(ROBUST_WINDOW_POINTS) }),
    observe(state, _timestampMs, value, learn, out) {
      assessRobust(state.window, value, out);
      if (learn) {
        pushRolling(state.window, value);
      }
    },
    context: (state) => `(median of the last ${state.window.sorted.length} points)`,
  };
}

function assessRobust(window: RollingWindow, value: number, out: Assessment): void {
  if (window.sorted.length === 0) {
    out.expected = value;
    out.scale = 0;
    out.surprise = 0;
    return;
  }
  const median = rollingMedian(window);
  let scale = MAD_TO_SIGMA * rollingMad(window, median);
  if (scale === 0) {
    scale = (rollingQuantile(window, 0.975) - rollingQuantile(window, 0.025)) / CENTRAL_95_SIGMAS;
  }
  out.expected = median;
  out.scale = scale;
  out.surprise = standardize(value, median, scale);
}
