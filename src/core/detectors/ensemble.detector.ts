import {
  LikelihoodState,
  RED_PROBABILITY,
  newLikelihoodState,
  observeLikelihood,
} from './anomaly-likelihood';
import { CusumState, createCusumModel } from './cusum.detector';
import { DetectorOptions } from './detector';
import { DetectorModel, emptyAssessment } from './detector-model';
import { EwmaState, createEwmaModel } from './ewma.detector';
import { HabitState, newHabitState, observeHabit } from './habitual-surprise';
import { HoltWintersState, createHoltWintersModel } from './holt-winters.detector';
import { RobustState, createRobustModel } from './robust.detector';
import { SeasonalState, createSeasonalModel } from './seasonal.detector';
import { probabilityScore, sigmasForScore, surpriseScore } from './surprise-score';
import { ValueRange, learnRange, newValueRange, recordExcess } from './value-range';

/**
 * All five detectors at once, turned into one calibrated score:
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
 * The expected value and scale shown in the band are the medians of the members'. The decision compares the final
 * score with the rule's sensitivity on the common scale: the ensemble is anomalous when its score is at least the
 * score of a `sensitivity`-sigma deviation.
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
}

const MEMBER_COUNT = 5;

/** The sensitivity of the member CUSUM: only sets when it re-baselines; the ensemble's own comes later. */
const MEMBER_CUSUM_SENSITIVITY = 3;
const RECORD_MIN_RAW = 0.05;
/** A record scores at least as much as a red anomaly likelihood. */
const RECORD_BASE_SCORE = probabilityScore(RED_PROBABILITY);
const RECORD_FULL_EXCESS = 0.05;

export function createEnsembleModel(options: DetectorOptions): DetectorModel<EnsembleState> {
  const seasonal = createSeasonalModel();
  const robust = createRobustModel();
  const ewma = createEwmaModel();
  const holtWinters = createHoltWintersModel();
  const cusum = createCusumModel(MEMBER_CUSUM_SENSITIVITY);
  const watchUp = options.direction !== 'down';
  const watchDown = options.direction !== 'up';
  // Scratch of one `observe`: the members' assessment, and what is gathered from each.
  const member = emptyAssessment();
  const expecteds = [0, 0, 0, 0, 0];
  const scales = [0, 0, 0, 0, 0];
  let sum = 0;
  let signed = 0;
  const gather = (index: number) => {
    const up = member.surprise > 0;
    const score = (up ? watchUp : watchDown) ? surpriseScore(member.surprise) : 0;
    sum += score;
    signed += up ? score : -score;
    expecteds[index] = member.expected;
    scales[index] = member.scale;
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
    }),
    observe(state, timestampMs, value, learn, out) {
      sum = 0;
      signed = 0;
      seasonal.observe(state.seasonal, timestampMs, value, learn, member);
      gather(0);
      robust.observe(state.robust, timestampMs, value, learn, member);
      gather(1);
      ewma.observe(state.ewma, timestampMs, value, learn, member);
      gather(2);
      holtWinters.observe(state.holtWinters, timestampMs, value, learn, member);
      gather(3);
      cusum.observe(state.cusum, timestampMs, value, learn, member);
      gather(4);
      const raw = sum / MEMBER_COUNT;
      const unusual = observeHabit(state.habit, timestampMs, raw, learn);
      let score = probabilityScore(observeLikelihood(state.likelihood, unusual, learn));
      const above = value > state.range.max;
      const excess = (above ? watchUp : watchDown) ? recordExcess(state.range, value) : 0;
      if (excess > 0 && raw >= RECORD_MIN_RAW) {
        score = Math.max(
          score,
          RECORD_BASE_SCORE + (1 - RECORD_BASE_SCORE) * Math.min(1, excess / RECORD_FULL_EXCESS),
        );
      }
      if (learn) {
        learnRange(state.range, value);
      }
      out.expected = medianOf(expecteds);
      out.scale = medianOf(scales);
      const sign =
        excess > 0 ? (above ? 1 : -1) : signed > 0 ? 1 : signed < 0 ? -1 : value >= out.expected ? 1 : -1;
      out.surprise = sign * sigmasForScore(score);
    },
    context: (state, timestampMs) => seasonal.context(state.seasonal, timestampMs),
  };
}

/** Median of a handful of numbers; sorts them in place (insertion sort: five elements). */
function medianOf(values: number[]): number {
  for (let i = 1; i < values.length; i++) {
    const value = values[i] as number;
    let j = i - 1;
    while (j >= 0 && (values[j] as number) > value) {
      values[j + 1] = values[j] as number;
      j -= 1;
    }
    values[j + 1] = value;
  }
  return values[values.length >> 1] as number;
}
