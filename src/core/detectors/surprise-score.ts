/**
 * Scores on one scale for every detector: a score s means the model gives a deviation at least this large a
 * probability of 10^(−10·s) (two-sided, Gaussian). 3 sigmas score 0.26, 4.4 sigmas 0.5 and 6.4 sigmas or more 1.
 * A log scale keeps large deviations apart, where 1 − p would round them all to 1.
 */

const { abs, exp, log, sqrt, SQRT2 } = Math;

const SQRT_2_OVER_PI = sqrt(2 / Math.PI);

/** ln(1e-10): the probability that scores 1. */
const LN_PROBABILITY_AT_SCORE_1 = -10 * Math.LN10;

/**
 * ln erfc(x) for x ≥ 0 from the Chebyshev fit of Numerical Recipes (erfcc, relative error below 1.2e-7
 * everywhere), taken apart so the exponential is never evaluated and nothing underflows for large x.
 */
function lnErfc(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return log(t) - x * x + poly;
}

/**
 * ln P(|Z| ≥ |z|) for a standard normal Z, without underflow for large z: ln erfc(|z|/√2).
 * simple-statistics' `errorFunction` gives erf itself, whose complement is lost to rounding beyond about 6 sigmas.
 */
export function lnTwoSidedTail(z: number): number {
  const x = abs(z) / SQRT2;
  if (x === Infinity) {
    return -Infinity;
  }
  const ln = lnErfc(x);
  return ln < 0 ? ln : 0;
}

/**
 * The score in [0,1] of a deviation of `z` sigmas: `lnProbabilityScore(lnTwoSidedTail(z))`, written out because it
 * runs several times for every point.
 */
export function surpriseScore(z: number): number {
  const x = abs(z) / SQRT2;
  if (x === Infinity) {
    return 1;
  }
  const score = lnErfc(x) / LN_PROBABILITY_AT_SCORE_1;
  return score > 1 ? 1 : score > 0 ? score : 0;
}

/** The score in [0,1] of an event of probability `p`. */
export function probabilityScore(p: number): number {
  return p <= 0 ? 1 : lnProbabilityScore(log(p));
}

/** The score in [0,1] of an event whose probability has the logarithm `lnProbability`. */
export function lnProbabilityScore(lnProbability: number): number {
  const score = lnProbability / LN_PROBABILITY_AT_SCORE_1;
  return score > 1 ? 1 : score > 0 ? score : 0;
}

/** The deviation in sigmas (≥ 0) whose score is `score`: the inverse of `surpriseScore`, Infinity for 1. */
export function sigmasForScore(score: number): number {
  if (score <= 0) {
    return 0;
  }
  if (score >= 1) {
    return Infinity;
  }
  const target = score * LN_PROBABILITY_AT_SCORE_1;
  // Newton on ln tail(z) = target; d/dz ln P(|Z| ≥ z) = −2φ(z) / P(|Z| ≥ z). Starts from the asymptote z² ≈ −2 ln p.
  let z = sqrt(-2 * target);
  for (let i = 0; i < 8; i++) {
    const lnTail = lnTwoSidedTail(z);
    const slope = -SQRT_2_OVER_PI * exp(-0.5 * z * z - lnTail);
    const step = z - (lnTail - target) / slope;
    const next = step > 0 ? step : 0;
    if (abs(next - z) < 1e-12) {
      return next;
    }
    z = next;
  }
  return z;
}
