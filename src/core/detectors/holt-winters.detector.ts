import { DetectorModel } from './detector-model';
import * as detectorModel from './detector-model';
import * as calendar from './calendar';
import { RobustEstimate } from './robust-estimate';
import * as robustEstimate from './robust-estimate';

// Imports bound once: a call through the module system's live binding costs several times more per point.
const { standardize } = detectorModel;
const { DAY_MS, HOUR_MS } = calendar;
const { countDecay, learnRobust, newRobustEstimate, robustSigma } = robustEstimate;

/**
 * Additive Holt-Winters (level, damped trend, daily season) that copes with irregular and missing samples. The sample
 * spacing is the median of the first gaps; the day is then cut into one seasonal bin per expected sample (at most
 * 288, one per 5 minutes; no season when samples are more than 6 hours apart), and a point updates the bin its
 * timestamp falls in, whatever the gaps before it. The trend is applied per elapsed spacing, so a gap extrapolates
 * the level instead of shifting the season. Values are clipped to ±3 sigmas of the forecast before the level learns
 * them, so a spike does not bend the level; the season learns them unclipped, or a new daily peak would take weeks to
 * learn, and each bin averages its first visits exactly, as the classic initialisation from the first cycle does.
 */
export interface HoltWintersState {
  /** Sample spacing, 0 until `gaps` holds enough gaps to estimate it. */
  spacingMs: number;
  gaps: number[];
  count: number;
  lastMs: number;
  level: number;
  trend: number;
  /** Additive seasonal offsets, one per bin of the day; empty while the spacing is unknown or seasons are off. */
  season: number[];
  /** Points learned into each bin: a bin averages its first visits exactly before settling at `SEASON_RATE`. */
  seasonCounts: number[];
  /**
   * When the season's first cycle began; −1 once it is complete. During the first cycle `season` holds each bin's
   * average value and is not used; when a day has passed it becomes offsets from their mean.
   */
  firstCycleMs: number;
  residual: RobustEstimate;
}

const SPACING_SAMPLE_GAPS = 8;
const MAX_BINS = 288;
const MIN_BINS = 4;
/** The level forgets with a time constant of six hours: slow next to the day, so the season carries the daily shape. */
const LEVEL_TAU_MS = 6 * HOUR_MS;
/** Level rate per point while the spacing is still unknown. */
const EARLY_LEVEL_RATE = 0.2;
const TREND_RATE = 0.01;
const SEASON_RATE = 0.2;
const TREND_DAMPING = 0.9;
const CLIP_SIGMAS = 3;
const RESIDUAL_DECAY = countDecay(200);
const { exp, floor, sqrt } = Math;

// The last answers of the per-point powers and exponentials: a regular series repeats the same gap and spacing.
let memoSteps = NaN;
/** φ^steps, and φ + φ² + … + φ^steps: how far a damped trend carries over `steps` spacings. */
let memoPower = 1;
let memoDamped = 0;
let memoSpacingMs = NaN;
let memoLevelRate = EARLY_LEVEL_RATE;

export function createHoltWintersModel(): DetectorModel<HoltWintersState> {
  return {
    initialState: () => ({
      spacingMs: 0,
      gaps: [],
      count: 0,
      lastMs: 0,
      level: 0,
      trend: 0,
      season: [],
      seasonCounts: [],
      firstCycleMs: -1,
      residual: newRobustEstimate(),
    }),
    observe(state, timestampMs, value, learn, out) {
      if (state.count === 0) {
        out.expected = value;
        out.scale = 0;
        out.surprise = 0;
        if (learn) {
          state.count = 1;
          state.lastMs = timestampMs;
          state.level = value;
        }
        return;
      }
      if (state.firstCycleMs >= 0 && timestampMs - state.firstCycleMs >= DAY_MS && learn) {
        completeFirstCycle(state);
      }
      const elapsedMs = timestampMs - state.lastMs;
      const steps = state.spacingMs > 0 ? (elapsedMs > 0 ? elapsedMs : 0) / state.spacingMs : 1;
      if (steps !== memoSteps) {
        memoSteps = steps;
        memoPower = TREND_DAMPING ** steps;
        memoDamped = (TREND_DAMPING * (1 - memoPower)) / (1 - TREND_DAMPING);
      }
      const damped = memoDamped;
      const bin = binOf(state, timestampMs);
      const firstCycle = state.firstCycleMs >= 0;
      const seasonal = bin < 0 || firstCycle ? 0 : (state.season[bin] as number);
      const expected = state.level + state.trend * damped + seasonal;
      // The forecast's typical error about zero, its spread and its bias: a forecast steadily off by the same amount
      // has a spread of 0. Until the first cycle is complete the forecast is a slow level alone, off wherever the
      // series moved, and its band is that typical error; after it, the spread (a bias is then what it should flag).
      const { residual } = state;
      const spread = robustSigma(residual);
      const typical = sqrt(spread * spread + residual.mean * residual.mean);
      const sigma = firstCycle ? typical : spread;
      out.expected = expected;
      out.scale = sigma;
      out.surprise = standardize(value, expected, sigma);
      if (!learn) {
        return;
      }
      const error = value - expected;
      // Clipped to 3 typical errors, bias included: clipped by its spread alone, a forecast that is steadily off (a
      // quiet series that stepped) would pull every value back to itself and never follow.
      const limit = CLIP_SIGMAS * typical;
      const clean =
        typical > 0 ? expected + (error > limit ? limit : error < -limit ? -limit : error) : value;
      const previousLevel = state.level;
      const projected = state.level + state.trend * damped;
      if (state.spacingMs !== memoSpacingMs) {
        memoSpacingMs = state.spacingMs;
        memoLevelRate = memoSpacingMs > 0 ? 1 - exp(-memoSpacingMs / LEVEL_TAU_MS) : EARLY_LEVEL_RATE;
      }
      state.level = memoLevelRate * (clean - seasonal) + (1 - memoLevelRate) * projected;
      if (steps > 0 && !firstCycle) {
        state.trend =
          TREND_RATE * ((state.level - previousLevel) / steps) + (1 - TREND_RATE) * state.trend * memoPower;
      }
      if (bin >= 0) {
        const count = (state.seasonCounts[bin] as number) + 1;
        const old = state.season[bin] as number;
        // The first cycle averages the bin's values; later cycles learn offsets from the level.
        const rate = 1 / count;
        state.season[bin] = firstCycle
          ? old + rate * (value - old)
          : old + (rate > SEASON_RATE ? rate : SEASON_RATE) * (value - state.level - old);
        state.seasonCounts[bin] = count;
      }
      learnRobust(state.residual, error, RESIDUAL_DECAY);
      learnSpacing(state, timestampMs);
      state.count += 1;
      state.lastMs = timestampMs;
    },
    context: () => '(Holt-Winters forecast)',
  };
}

function binOf(state: HoltWintersState, timestampMs: number): number {
  const bins = state.season.length;
  if (bins === 0) {
    return -1;
  }
  const ofDay = ((timestampMs % DAY_MS) + DAY_MS) % DAY_MS;
  const bin = floor((ofDay / DAY_MS) * bins);
  return bin < bins ? bin : bins - 1;
}

/** Collects the first gaps; once there are enough, fixes the spacing and sizes the season. */
function learnSpacing(state: HoltWintersState, timestampMs: number): void {
  if (state.spacingMs > 0) {
    return;
  }
  const gap = timestampMs - state.lastMs;
  if (gap > 0) {
    state.gaps.push(gap);
  }
  if (state.gaps.length < SPACING_SAMPLE_GAPS) {
    return;
  }
  const sorted = [...state.gaps].sort((a, b) => a - b);
  state.spacingMs = sorted[sorted.length >> 1] as number;
  state.gaps = [];
  const bins = Math.min(MAX_BINS, Math.round(DAY_MS / state.spacingMs));
  state.season = bins >= MIN_BINS ? new Array<number>(bins).fill(0) : [];
  state.seasonCounts = state.season.map(() => 0);
  state.firstCycleMs = bins >= MIN_BINS ? timestampMs : -1;
  if (state.firstCycleMs >= 0) {
    state.trend = 0;
  }
}

/**
 * The classic initialisation from the first cycle, done once it is complete: the level is the mean of the bins'
 * averages and each bin's offset is its average less that mean. Learning offsets from the start instead would let
 * them absorb the error of a level that is still settling, and a series that only started up differently (a ramp,
 * a rate whose window is filling) would carry that start-up in its season, and alert on it a day later.
 */
function completeFirstCycle(state: HoltWintersState): void {
  let sum = 0;
  let visited = 0;
  for (let bin = 0; bin < state.season.length; bin++) {
    if ((state.seasonCounts[bin] as number) > 0) {
      sum += state.season[bin] as number;
      visited += 1;
    }
  }
  const mean = visited > 0 ? sum / visited : state.level;
  for (let bin = 0; bin < state.season.length; bin++) {
    state.season[bin] = (state.seasonCounts[bin] as number) > 0 ? (state.season[bin] as number) - mean : 0;
  }
  state.level = mean;
  state.trend = 0;
  state.firstCycleMs = -1;
}
