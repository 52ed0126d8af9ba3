import * as surpriseScores from './surprise-score';

// Imports bound once: a call through the module system's live binding costs several times more per point.
const { lnTwoSidedTail } = surpriseScores;

/**
 * Anomaly likelihood post-processing after Numenta's HTM detector (Ahmad et al., Neurocomputing 262, 2017;
 * nupic `anomaly_likelihood.py`): raw scores in [0,1] are averaged over the last few points, and that average is
 * compared with the distribution of past averages (a Gaussian with exponentially weighted mean and variance). Its
 * tail probability says how unusual the recent level of surprise is for this series, which normalises away how
 * noisy a series is and how often its models are wrong. A red probability (upper tail ≤ 1e-5) that directly follows
 * another, or comes within a refractory period of the last accepted one, is reported as a yellow one (1e-3) instead:
 * one event, one alarm.
 */
export interface LikelihoodState {
  /** Last raw scores, a ring of `AVERAGE_POINTS` with `next` the slot to overwrite. */
  recent: number[];
  next: number;
  sum: number;
  /** Averages learned so far, and their exponentially weighted mean and variance. */
  count: number;
  mean: number;
  variance: number;
  /** Whether the previous point's probability was red. */
  previousRed: boolean;
  /** Points since the last accepted red probability; -1 before the first. */
  sinceAlarm: number;
}

const AVERAGE_POINTS = 10;
const MEMORY_POINTS = 10_000;
/** Averages needed before any probability other than 1. */
const MIN_COUNT = 10;
/** Floor of the variance of averages, as in nupic: a series that never surprised is not infinitely sensitive. */
const MIN_VARIANCE = 1e-4;
/** nupic's red (1e-5) and yellow (1e-3) upper tails, doubled. */
export const RED_PROBABILITY = 2e-5;
const YELLOW_PROBABILITY = 2e-3;
const REFRACTORY_POINTS = 50;

export function newLikelihoodState(): LikelihoodState {
  return { recent: [], next: 0, sum: 0, count: 0, mean: 0, variance: 0, previousRed: false, sinceAlarm: -1 };
}

const LN_RED = Math.log(RED_PROBABILITY);
const LN_YELLOW = Math.log(YELLOW_PROBABILITY);
const { sqrt } = Math;

/**
 * ln of the tail probability of the average of the recent raw scores with `raw` added, before red-zone filtering:
 * twice the upper tail (nupic reports the upper tail itself), so that an average at or below the usual one, no
 * evidence at all, is 1 (ln 0) and scores 0.
 */
function lnRawTail(state: LikelihoodState, raw: number): number {
  if (state.count < MIN_COUNT) {
    return 0;
  }
  const full = state.recent.length === AVERAGE_POINTS;
  const average =
    (state.sum - (full ? (state.recent[state.next] as number) : 0) + raw) /
    (full ? AVERAGE_POINTS : state.recent.length + 1);
  if (average <= state.mean) {
    return 0;
  }
  const z = (average - state.mean) / sqrt(state.variance > MIN_VARIANCE ? state.variance : MIN_VARIANCE);
  return lnTwoSidedTail(z);
}

/**
 * ln of the filtered probability of `raw` (see `observeLikelihood`): the ensemble turns it into a score without
 * leaving logarithms.
 */
export function observeLnLikelihood(state: LikelihoodState, raw: number, learn: boolean): number {
  const lnTail = lnRawTail(state, raw);
  const red = lnTail <= LN_RED;
  const repeated = state.previousRed || (state.sinceAlarm >= 0 && state.sinceAlarm < REFRACTORY_POINTS);
  if (learn) {
    learnRaw(state, raw);
    state.previousRed = red;
    state.sinceAlarm = red && !repeated ? 0 : state.sinceAlarm >= 0 ? state.sinceAlarm + 1 : -1;
  }
  return red && repeated ? LN_YELLOW : lnTail;
}

/** The filtered probability of `raw`; learns it (the average and the red-zone bookkeeping) when `learn` is true. */
export function observeLikelihood(state: LikelihoodState, raw: number, learn: boolean): number {
  const lnProbability = observeLnLikelihood(state, raw, learn);
  return lnProbability === LN_YELLOW ? YELLOW_PROBABILITY : lnProbability === 0 ? 1 : Math.exp(lnProbability);
}

function learnRaw(state: LikelihoodState, raw: number): void {
  if (state.recent.length < AVERAGE_POINTS) {
    state.recent.push(raw);
  } else {
    state.sum -= state.recent[state.next] as number;
    state.recent[state.next] = raw;
    state.next = (state.next + 1) % AVERAGE_POINTS;
  }
  state.sum += raw;
  const average = state.sum / state.recent.length;
  state.count += 1;
  const rate = state.count < MEMORY_POINTS ? 1 / state.count : 1 / MEMORY_POINTS;
  const deviation = average - state.mean;
  state.mean += rate * deviation;
  state.variance = (1 - rate) * (state.variance + rate * deviation * deviation);
}
