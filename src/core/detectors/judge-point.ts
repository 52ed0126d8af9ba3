import { humanize } from '../templates/humanize';
import { formatDuration } from '../time/duration';
import { DetectorOptions, DetectorResult } from './detector';
import { Assessment } from './detector-model';
import { surpriseScore } from './surprise-score';

/**
 * Reason of a point the detector finds unremarkable. A constant: formatting numbers for every point would dominate
 * the cost. Not "within the band": CUSUM and the ensemble decide on accumulated evidence, not on the band alone.
 */
const NO_ANOMALY = 'no anomaly';

/** Where the point stands in its warm-up: how much history the detector has learned, of how much it needs. */
export interface WarmUp {
  readonly learnedMs: number;
  readonly neededMs: number;
}

/**
 * Turns an assessment into the rule's decision. The band is expected ± max(sensitivity·scale, minDeviation); a point
 * is anomalous when its surprise exceeds `sensitivity` sigmas in a watched direction, it is at least `minDeviation`
 * away from the expected value, and the detector is warm. The score ignores warm-up (callers may look at it while
 * the detector learns) but not direction or `minDeviation`: a point that can never alert scores 0.
 */
export function judgePoint(
  assessment: Assessment,
  value: number,
  options: DetectorOptions,
  warmUp: WarmUp,
  context: () => string,
): DetectorResult {
  const { expected, scale, surprise } = assessment;
  const halfWidth = Math.max(options.sensitivity * scale, options.minDeviation);
  const lower = expected - halfWidth;
  const upper = expected + halfWidth;
  const warm = warmUp.learnedMs >= warmUp.neededMs;
  const watched = options.direction === 'both' || (options.direction === 'up' ? surprise > 0 : surprise < 0);
  const large = Math.abs(value - expected) >= options.minDeviation;
  const score = watched && large ? surpriseScore(surprise) : 0;
  const outside = Math.abs(surprise) > options.sensitivity;
  const anomalous = outside && watched && large && warm;
  const reason = outside
    ? describe(
        value,
        expected,
        lower,
        upper,
        surprise,
        context(),
        whyNot(watched, large, warm, options, warmUp),
      )
    : NO_ANOMALY;
  return { score, anomalous, expected, lower, upper, reason, warm };
}

function describe(
  value: number,
  expected: number,
  lower: number,
  upper: number,
  surprise: number,
  context: string,
  whyNot: string,
): string {
  const side = surprise > 0 ? 'above' : 'below';
  const where = context === '' ? '' : ` ${context}`;
  const band = `${humanize(lower)}–${humanize(upper)}`;
  const text = `value ${humanize(value)} ${side} expected ${humanize(expected)} (band ${band})${where}`;
  return whyNot === '' ? text : `${text}; not anomalous: ${whyNot}`;
}

function whyNot(
  watched: boolean,
  large: boolean,
  warm: boolean,
  options: DetectorOptions,
  warmUp: WarmUp,
): string {
  if (!watched) {
    return `direction is ${options.direction} only`;
  }
  if (!large) {
    return `deviation is below min_deviation ${humanize(options.minDeviation)}`;
  }
  if (!warm) {
    return `still learning (${formatDuration(warmUp.learnedMs)} of ${formatDuration(warmUp.neededMs)} history)`;
  }
  return '';
}
