/**
 * A location and scale learned online with exponential forgetting and Huber-style clipping, so a single outlier moves
 * neither much: the value's deviation is clipped to ±2 sigmas before it moves the location and to ±4 sigmas before it
 * moves the scale. While everything seen was equal (sigma 0) nothing is clipped, so a series that leaves a flat line
 * is learned instead of being rejected forever.
 *
 * `weight` is the forgetting-weighted number of points learned; each point moves the estimate by 1/weight, so the
 * first points are averaged exactly and later ones with an effective memory set by `decay`.
 */
export interface RobustEstimate {
  weight: number;
  mean: number;
  /** Mean absolute deviation from `mean`. */
  absDev: number;
}

/** Mean absolute deviation to standard deviation, for normal data (√(π/2)). */
const ABS_DEV_TO_SIGMA = Math.sqrt(Math.PI / 2);
const { abs, exp } = Math;
const LOCATION_CLIP_SIGMAS = 2;
const SCALE_CLIP_SIGMAS = 4;

export function newRobustEstimate(): RobustEstimate {
  return { weight: 0, mean: 0, absDev: 0 };
}

export function robustSigma(estimate: RobustEstimate): number {
  return estimate.absDev * ABS_DEV_TO_SIGMA;
}

/** Learns `value`; `decay` in (0,1] multiplies the weight of everything learned before (1: plain running mean). */
export function learnRobust(estimate: RobustEstimate, value: number, decay: number): void {
  if (estimate.weight === 0) {
    estimate.weight = 1;
    estimate.mean = value;
    estimate.absDev = 0;
    return;
  }
  estimate.weight = estimate.weight * decay + 1;
  const rate = 1 / estimate.weight;
  const deviation = value - estimate.mean;
  const sigma = robustSigma(estimate);
  const size = abs(deviation);
  if (sigma > 0) {
    const limit = LOCATION_CLIP_SIGMAS * sigma;
    const scaleLimit = SCALE_CLIP_SIGMAS * sigma;
    estimate.mean += rate * (deviation > limit ? limit : deviation < -limit ? -limit : deviation);
    estimate.absDev += rate * ((size < scaleLimit ? size : scaleLimit) - estimate.absDev);
  } else {
    estimate.mean += rate * deviation;
    estimate.absDev += rate * (size - estimate.absDev);
  }
}

/**
 * The decay of a time-forgetting estimate over an elapsed time, exp(−elapsed / tau) (1 for no or negative time), that
 * remembers its last answer: a regular series repeats the same gap, and the exponential is the costly part.
 */
export class TimeDecay {
  private elapsedMs = 0;
  private decay = 1;

  constructor(private readonly tauMs: number) {}

  over(elapsedMs: number): number {
    if (elapsedMs !== this.elapsedMs) {
      this.elapsedMs = elapsedMs;
      this.decay = elapsedMs > 0 ? exp(-elapsedMs / this.tauMs) : 1;
    }
    return this.decay;
  }
}

/** Decay that gives a count-forgetting estimate an effective memory of about `points` points. */
export function countDecay(points: number): number {
  return 1 - 1 / points;
}
