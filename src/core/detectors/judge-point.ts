import { humanize } from '../templates/humanize';
import { formatDuration } from '../time/duration';
import { DetectorOptions, DetectorResult } from './detector';
import { Assessment, DetectorModel } from './detector-model';
import * as detectorModel from './detector-model';
import * as surpriseScores from './surprise-score';

// Imports bound once: a call through the module system's live binding costs several times more per point.
const { NEGLIGIBLE_RELATIVE_DEVIATION } = detectorModel;
const { surpriseScore } = surpriseScores;

/**
 * Reason of a point inside its band, which is never anomalous. A constant: formatting numbers for every point would
 * dominate the cost.
 */
const NO_ANOMALY = 'no anomaly';

/** Why a point outside the band is not anomalous when the model's own evidence falls short (CUSUM, ensemble). */
const WEAK_EVIDENCE = 'too little evidence';

/** What `judgePoint` asks of the model, only for the reason of a point outside its band. */
export type ModelWords = Pick<DetectorModel<unknown>, 'context' | 'weakEvidence'>;

/**
 * Turns an assessment into the rule's decision. The band is expected − max(below·scale, minDeviation) to expected +
 * max(above·scale, minDeviation), never narrower than a negligible deviation (`negligibleDeviation` of the expected
 * value); `below` and `above` are the rule's sensitivity except where a model's decision is not a plain distance
 * (CUSUM). A point is anomalous when all of these hold:
 *
 * - the value is outside the band, on a side the rule watches (`direction`), so "value X, band L–U" shows why;
 * - the model's evidence exceeds `sensitivity` sigmas on that same side (for most models the same thing; CUSUM and
 *   the ensemble weigh more than the distance of one point);
 * - the detector is warm.
 *
 * The score is the model's own (`assessment.score`, the ensemble) or that of `surprise`. It ignores warm-up (callers may
 * look at it while the detector learns) but not direction or `minDeviation`: a point that can never alert scores 0.
 * `learnedMs` is how much history the detector has learned; it is warm at `options.minHistoryMs`. `model` and
 * `modelState` are only asked for words, and only for a point outside its band.
 */
export function judgePoint(
  assessment: Assessment,
  value: number,
  options: DetectorOptions,
  learnedMs: number,
  model: ModelWords,
  modelState: unknown,
  timestampMs: number,
): DetectorResult {
  const { expected, surprise } = assessment;
  const lower = bandLower(assessment, options);
  const upper = bandUpper(assessment, options);
  const warm = learnedMs >= options.minHistoryMs;
  const { direction } = options;
  const deviation = value - expected;
  const large = (deviation < 0 ? -deviation : deviation) >= options.minDeviation;
  // The model's own score (the ensemble's) counts on the side the value lies; a plain model's on its surprise's side.
  let score = 0;
  if (large) {
    if (assessment.score >= 0) {
      if (direction === 'both' || (direction === 'up' ? deviation > 0 : deviation < 0)) {
        score = assessment.score;
      }
    } else if (direction === 'both' || (direction === 'up' ? surprise > 0 : surprise < 0)) {
      score = surpriseScore(surprise);
    }
  }
  const above = value > upper;
  if (!above && !(value < lower)) {
    return { score, anomalous: false, expected, lower, upper, reason: NO_ANOMALY, warm };
  }
  const watched = direction === 'both' || (direction === 'up') === above;
  const evident = above ? surprise > options.sensitivity : surprise < -options.sensitivity;
  const anomalous = watched && large && evident && warm;
  const why = anomalous
    ? ''
    : whyNot(watched, large, evident, model.weakEvidence ?? WEAK_EVIDENCE, options, learnedMs);
  const reason = describe(value, expected, lower, upper, above, model.context(modelState, timestampMs), why);
  return { score, anomalous, expected, lower, upper, reason, warm };
}

/** Half-widths never narrower than `minDeviation` or a negligible deviation of the expected value. */
function bandFloor(expected: number, options: DetectorOptions): number {
  const negligible = NEGLIGIBLE_RELATIVE_DEVIATION * (expected < 0 ? -expected : expected);
  return options.minDeviation > negligible ? options.minDeviation : negligible;
}

export function bandLower(assessment: Assessment, options: DetectorOptions): number {
  const { expected } = assessment;
  const width = assessment.below * assessment.scale;
  const floor = bandFloor(expected, options);
  return expected - (width > floor ? width : floor);
}

export function bandUpper(assessment: Assessment, options: DetectorOptions): number {
  const { expected } = assessment;
  const width = assessment.above * assessment.scale;
  const floor = bandFloor(expected, options);
  return expected + (width > floor ? width : floor);
}

function describe(
  value: number,
  expected: number,
  lower: number,
  upper: number,
  above: boolean,
  context: string,
  whyNot: string,
): string {
  const side = above ? 'above' : 'below';
  const where = context === '' ? '' : ` ${context}`;
  const format = distinguishing(value, above ? upper : lower, expected);
  const band = `${format(lower)}–${format(upper)}`;
  const text = `value ${format(value)} ${side} expected ${format(expected)} (band ${band})${where}`;
  return whyNot === '' ? text : `${text}; not anomalous: ${whyNot}`;
}

/**
 * `humanize` (4 significant digits), or as many digits as it takes for the value, the band edge it crossed and the
 * expected value to read differently: "value 410.01 above expected 410 (band 409.9996–410.0004)", not "value 410 above
 * expected 410 (band 410–410)".
 */
function distinguishing(value: number, edge: number, expected: number): (x: number) => string {
  const readsAs = (format: (x: number) => string) =>
    format(value) !== format(edge) &&
    format(value) !== format(expected) &&
    (edge === expected || format(edge) !== format(expected));
  if (readsAs(humanize)) {
    return humanize;
  }
  for (let digits = 5; digits <= 17; digits++) {
    const format = (x: number) => String(Number(x.toPrecision(digits)));
    if (readsAs(format)) {
      return format;
    }
  }
  return humanize;
}

function whyNot(
  watched: boolean,
  large: boolean,
  evident: boolean,
  weakEvidence: string,
  options: DetectorOptions,
  learnedMs: number,
): string {
  if (!watched) {
    return `direction is ${options.direction} only`;
  }
  if (!large) {
    return `deviation is below min_deviation ${humanize(options.minDeviation)}`;
  }
  if (!evident) {
    return weakEvidence;
  }
  return `still learning (${formatDuration(learnedMs)} of ${formatDuration(options.minHistoryMs)} history)`;
}
