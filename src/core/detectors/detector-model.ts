/**
 * What a model says about one point before learning it. Written into a caller-owned object so that the per-point
 * path allocates nothing.
 */
export interface Assessment {
  /** Expected value at this timestamp. */
  expected: number;
  /** Robust sigma of one point around `expected` (0 when everything learned so far was equal). */
  scale: number;
  /**
   * Signed evidence against the model, in sigmas: usually (value − expected) / scale; CUSUM reports its accumulated
   * drift instead. ±Infinity when scale is 0 and the value differs from the expectation.
   */
  surprise: number;
}

/** The statistical core of a detector: it learns values and assesses new ones; `streamingDetector` adds the rest. */
export interface DetectorModel<S> {
  initialState(): S;
  /** Assesses the point with the state learned so far into `out`, then learns it when `learn` is true. */
  observe(state: S, timestampMs: number, value: number, learn: boolean, out: Assessment): void;
  /** Words that place the expectation, e.g. "for Tuesday 14:00"; '' when there is nothing to add. Only for reasons. */
  context(state: S, timestampMs: number): string;
}

export function emptyAssessment(): Assessment {
  return { expected: 0, scale: 0, surprise: 0 };
}

/** Deviations this small relative to the values are rounding noise of the models' arithmetic, not change. */
const RELATIVE_TOLERANCE = 1e-9;

/**
 * (value − expected) / scale, with 0/0 = 0 and x/0 = ±Infinity: after a flat history any real change is infinitely
 * surprising (`minDeviation` is how a rule ignores small ones), but floating-point rounding is not a change.
 */
export function standardize(value: number, expected: number, scale: number): number {
  const deviation = value - expected;
  if (Math.abs(deviation) <= RELATIVE_TOLERANCE * (Math.abs(value) + Math.abs(expected))) {
    return 0;
  }
  return scale > 0 ? deviation / scale : deviation > 0 ? Infinity : -Infinity;
}
