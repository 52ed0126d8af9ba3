import { LikelihoodState, RED_PROBABILITY, newLikelihoodState } from './anomaly-likelihood';
import * as anomalyLikelihood from './anomaly-likelihood';
import { HOUR_MS } from './calendar';
import { CusumState, createCusumModel } from './cusum.detector';
import { DetectorOptions } from './detector';
import { DetectorModel, emptyAssessment } from './detector-model';
import * as detectorModel from './detector-model';
import { EwmaState, createEwmaModel } from './ewma.detector';
import { HabitState, newHabitState } from './habitual-surprise';
import * as habitualSurprise from './habitual-surprise';
import { HoltWintersState, createHoltWintersModel } from './holt-winters.detector';
import { TimeDecay } from './robust-estimate';
import { RobustState, createRobustModel } from './robust.detector';
import { SeasonalState, createSeasonalModel } from './seasonal.detector';
import * as seasonalDetector from './seasonal.detector';
import { probabilityScore } from './surprise-score';
import * as surpriseScores from './surprise-score';
import { ValueRange, newValueRange } from './value-range';
import * as valueRange from './value-range';

// What runs for every point, bound once: a call through an import's live binding costs several times more.
const { observeLnLikelihood } = anomalyLikelihood;
const { NEGLIGIBLE_RELATIVE_DEVIATION } = detectorModel;
const { observeHabit } = habitualSurprise;
const { weekdayNovelty } = seasonalDetector;
const { lnProbabilityScore, sigmasForScore, surpriseScore } = surpriseScores;
const { learnRange } = valueRange;

/**
 * All five detectors at once, turned into one calibrated score, and a band to decide and explain with.
 *
 * The score (what `forewarn nab` ranks by):
 *
 * 1. Each member scores the point (see `surprise-score.ts`); the raw score is their mean, so one model's blind spot
 *    (a seasonal profile that cannot follow a level shift, a rolling median that cannot see a missing daily peak)
 *    costs a fifth of the signal, not all of it.
 * 2. The habitual raw score of the hour is subtracted (`habitual-surprise.ts`): members without a weekly profile are
 *    surprised by every daily peak and weekend, and that is not news.
 * 3. What remains goes through the anomaly likelihood (`anomaly-likelihood.ts`), which scores how unusual the recent
 *    level of surprise is for this series and keeps one alarm per event.
 * 4. A value beyond everything learned (a new record) scores at least as much as a red likelihood (0.47), rising to 1
 *    at 5% of the learned range beyond it, provided the members find it at all unusual (raw score ≥ 0.05). As in
 *    Numenta's detector, new extremes count whatever the models expect.
 *
 * The band is what is normal now: the seasonal member's profile, moved by today's offset from it (its recent
 * deviation in the profile's sigmas, clipped to ±8 per point, time constant three hours) and widened by √2 while the
 * profile has not seen this weekday (√1.5 after one week): a first weekend that is a quarter quieter than the
 * weekdays is no news after an hour or two, while a sudden step is far outside the band long before the offset moves.
 *
 * A point is anomalous when its value is outside the band on a watched side and the score says it is unusual: an
 * event opens at a score of at least that of a `sensitivity`-sigma deviation and goes on while the value stays outside
 * the band on the same side (the likelihood reports an ongoing event as yellow, which may fall below it). Both are needed: the
 * band alone would page on every wander of a noisy series, the score alone on values the band shows as normal.
 */
export interface EnsembleState {
  seasonal: SeasonalState;
  robust: RobustState;
  ewma: EwmaState;
  holtWinters: HoltWintersState;
  cusum: CusumState;
  habit: HabitState;
  likelihood: LikelihoodState;
  range: ValueRange;
  /** Today's deviation from the seasonal profile, in its sigmas, and when it was last learned. */
  offset: number;
  offsetMs: number;
  /** Side of the ongoing event (1 above the band, −1 below, 0 none) and the score that opened it. */
  event: number;
  eventScore: number;
}

const MEMBER_COUNT = 5;
/** The sensitivity of the member CUSUM: only sets when it re-baselines; the ensemble's own comes later. */
const MEMBER_CUSUM_SENSITIVITY = 3;
const RECORD_MIN_RAW = 0.05;
/** A record scores at least as much as a red anomaly likelihood. */
const RECORD_BASE_SCORE = probabilityScore(RED_PROBABILITY);
const RECORD_FULL_EXCESS = 0.05;
const OFFSET_TAU_MS = 3 * HOUR_MS;
const OFFSET_CLIP_SIGMAS = 8;

const { sqrt } = Math;
const offsetDecay = new TimeDecay(OFFSET_TAU_MS);

export function createEnsembleModel(options: DetectorOptions): DetectorModel<EnsembleState> {
  const seasonal = createSeasonalModel();
  const robust = createRobustModel();
  const ewma = createEwmaModel();
  const holtWinters = createHoltWintersModel();
  const cusum = createCusumModel(MEMBER_CUSUM_SENSITIVITY);
  const { sensitivity } = options;
  const onsetScore = surpriseScore(sensitivity);
  const watchUp = options.direction !== 'down';
  const watchDown = options.direction !== 'up';
  const { minDeviation } = options;
  // Scratch of one `observe`: the members' assessment, and the sum of their scores. Numbers are handed over in objects:
  // passed to or returned from a function the engine does not inline, each would be boxed, for every point.
  const member = emptyAssessment();
  const total = { sum: 0 };
  /** Adds the score of the member's assessment, unless it deviates in a direction that is not watched. */
  const gather = (): void => {
    const { surprise } = member;
    if (surprise > 0 ? watchUp : surprise < 0 && watchDown) {
      total.sum += surpriseScore(surprise);
    }
  };
  return {
    initialState: () => ({
      seasonal: seasonal.initialState(),
      robust: robust.initialState(),
      ewma: ewma.initialState(),
      holtWinters: holtWinters.initialState(),
      cusum: cusum.initialState(),
      habit: newHabitState(),
      likelihood: newLikelihoodState(),
      range: newValueRange(),
      offset: 0,
      offsetMs: 0,
      event: 0,
      eventScore: 0,
    }),
    observe(state, timestampMs, value, learn, out) {
      total.sum = 0;
      seasonal.observe(state.seasonal, timestampMs, value, learn, member);
      gather();
      const profileExpected = member.expected;
      const profileScale = member.scale;
      robust.observe(state.robust, timestampMs, value, learn, member);
      gather();
      ewma.observe(state.ewma, timestampMs, value, learn, member);
      gather();
      holtWinters.observe(state.holtWinters, timestampMs, value, learn, member);
      gather();
      cusum.observe(state.cusum, timestampMs, value, learn, member);
      gather();
      const raw = total.sum / MEMBER_COUNT;
      const unusual = observeHabit(state.habit, timestampMs, raw, learn);
      let score = lnProbabilityScore(observeLnLikelihood(state.likelihood, unusual, learn));
      const { range } = state;
      const width = range.max - range.min;
      const beyond =
        value > range.max ? (watchUp ? value - range.max : 0) : watchDown ? range.min - value : 0;
      // How far beyond everything learned, as a fraction of the learned range (see `recordExcess`).
      const excess = range.count > 0 && width > 0 && beyond > 0 ? beyond / width : 0;
      if (excess > 0 && raw >= RECORD_MIN_RAW) {
        const record =
          RECORD_BASE_SCORE +
          (1 - RECORD_BASE_SCORE) * (excess < RECORD_FULL_EXCESS ? excess / RECORD_FULL_EXCESS : 1);
        if (record > score) {
          score = record;
        }
      }
      const expected = profileExpected + state.offset * profileScale;
      const scale = profileScale * sqrt(1 + weekdayNovelty(state.seasonal, timestampMs));
      out.expected = expected;
      out.scale = scale;
      out.score = score;
      // The band as `judgePoint` draws it (`bandLower`, `bandUpper`), inlined.
      const negligible = NEGLIGIBLE_RELATIVE_DEVIATION * (expected < 0 ? -expected : expected);
      const floor = minDeviation > negligible ? minDeviation : negligible;
      const halfWidth = sensitivity * scale > floor ? sensitivity * scale : floor;
      const side = value > expected + halfWidth ? 1 : value < expected - halfWidth ? -1 : 0;
      const watched = side > 0 ? watchUp : side < 0 && watchDown;
      let evidence = 0;
      if (watched) {
        evidence = side === state.event && state.eventScore > score ? state.eventScore : score;
      }
      out.surprise = side === 0 ? 0 : side * sigmasForScore(evidence);
      if (learn) {
        learnRange(range, value);
        if (profileScale > 0) {
          const z = (value - profileExpected) / profileScale;
          const clipped =
            z > OFFSET_CLIP_SIGMAS ? OFFSET_CLIP_SIGMAS : z < -OFFSET_CLIP_SIGMAS ? -OFFSET_CLIP_SIGMAS : z;
          const decay = offsetDecay.over(timestampMs - state.offsetMs);
          state.offset = decay * state.offset + (1 - decay) * clipped;
        }
        state.offsetMs = timestampMs;
        const anomalous = watched && evidence >= onsetScore;
        state.event = anomalous ? side : 0;
        state.eventScore = anomalous ? evidence : 0;
      }
    },
    context: (state, timestampMs) => seasonal.context(state.seasonal, timestampMs),
    weakEvidence: 'not unusual enough for this series',
  };
}
