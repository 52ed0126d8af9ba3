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
  /**
   * Half-widths of the band below and above `expected`, in units of `scale`. `streamingDetector` sets both to the
   * rule's sensitivity before every `observe`; a model whose decision is not a plain distance from `expected` (CUSUM)
   * overwrites them with the distances at which its decision changes, so that an anomalous value is always outside
   * the band it is shown with.
   */
  below: number;
  above: number;
  /**
   * The model's own score in [0,1] (see `surprise-score.ts`) when it is not the score of `surprise` (the ensemble);
   * −1 otherwise. `streamingDetector` sets it to −1 before every `observe`.
   */
  score: number;
}

/** The statistical core of a detector: it learns values and assesses new ones; `streamingDetector` adds the rest. */
export interface DetectorModel<S> {
  initialState(): S;
  /** Assesses the point with the state learned so far into `out`, then learns it when `learn` is true. */
  observe(state: S, timestampMs: number, value: number, learn: boolean, out: Assessment): void;
  /** Words that place the expectation, e.g. "for Tuesday 14:00"; '' when there is nothing to add. Only for reasons. */
  context(state: S, timestampMs: number): string;
  /**
   * Why a value outside the band is not anomalous, for models whose decision weighs more than that one value
   * (CUSUM: "not sustained yet"); omitted by models whose band is their decision.
   */
  weakEvidence?: string;
}

export function emptyAssessment(): Assessment {
  return { expected: 0, scale: 0, surprise: 0, below: 0, above: 0, score: -1 };
}

/**
 * Deviations up to this fraction of the values' magnitude are negligible: rounding noise of the models' arithmetic
 * (a running mean of a constant is not always exactly that constant), never a change worth an alert.
 */
export const NEGLIGIBLE_RELATIVE_DEVIATION = 1e-6;

const { abs } = Math;

/** The largest deviation from `expected` that counts as no deviation at all for `value`. */
export function negligibleDeviation(value: number, expected: number): number {
  const size = abs(value) > abs(expected) ? abs(value) : abs(expected);
  return NEGLIGIBLE_RELATIVE_DEVIATION * size;
}

/**
 * (value − expected) / scale, with 0/0 = 0 and x/0 = ±Infinity: after a flat history any real change is infinitely
 * surprising (`minDeviation` is how a rule ignores small ones), but a negligible deviation (see
 * `negligibleDeviation`) is not a change and scores 0.
 */
export function standardize(value: number, expected: number, scale: number): number {
  const deviation = value - expected;
  if (abs(deviation) <= negligibleDeviation(value, expected)) {
    return 0;
  }
  return scale > 0 ? deviation / scale : deviation > 0 ? Infinity : -Infinity;
}
