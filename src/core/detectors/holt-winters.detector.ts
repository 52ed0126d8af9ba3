import { DetectorModel, standardize } from './detector-model';
import { DAY_MS, HOUR_MS } from './calendar';
import { RobustEstimate, countDecay, learnRobust, newRobustEstimate, robustSigma } from './robust-estimate';

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
const RESIDUAL_MEMORY_POINTS = 200;

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
      const steps = state.spacingMs > 0 ? Math.max(0, timestampMs - state.lastMs) / state.spacingMs : 1;
      const damped = dampedSteps(steps);
      const bin = binOf(state, timestampMs);
      const seasonal = bin < 0 ? 0 : (state.season[bin] as number);
      const expected = state.level + state.trend * damped + seasonal;
      const sigma = robustSigma(state.residual);
      out.expected = expected;
      out.scale = sigma;
      out.surprise = standardize(value, expected, sigma);
      if (!learn) {
        return;
      }
      const error = value - expected;
      const clean =
        sigma > 0 ? expected + Math.max(-CLIP_SIGMAS * sigma, Math.min(CLIP_SIGMAS * sigma, error)) : value;
      const previousLevel = state.level;
      const projected = state.level + state.trend * damped;
      const levelRate =
        state.spacingMs > 0 ? 1 - Math.exp(-state.spacingMs / LEVEL_TAU_MS) : EARLY_LEVEL_RATE;
      state.level = levelRate * (clean - seasonal) + (1 - levelRate) * projected;
      if (steps > 0) {
        state.trend =
          TREND_RATE * ((state.level - previousLevel) / steps) +
          (1 - TREND_RATE) * state.trend * TREND_DAMPING ** steps;
      }
      if (bin >= 0) {
        const count = (state.seasonCounts[bin] as number) + 1;
        const rate = Math.max(1 / count, SEASON_RATE);
        state.season[bin] = seasonal + rate * (value - state.level - seasonal);
        state.seasonCounts[bin] = count;
      }
      learnRobust(state.residual, error, countDecay(RESIDUAL_MEMORY_POINTS));
      learnSpacing(state, timestampMs);
      state.count += 1;
      state.lastMs = timestampMs;
    },
    context: () => '(Holt-Winters forecast)',
  };
}

/** φ + φ² + … + φ^steps: how far a damped trend carries over `steps` spacings. */
function dampedSteps(steps: number): number {
  return (TREND_DAMPING * (1 - TREND_DAMPING ** steps)) / (1 - TREND_DAMPING);
}

function binOf(state: HoltWintersState, timestampMs: number): number {
  const bins = state.season.length;
  if (bins === 0) {
    return -1;
  }
  const ofDay = ((timestampMs % DAY_MS) + DAY_MS) % DAY_MS;
  return Math.min(bins - 1, Math.floor((ofDay / DAY_MS) * bins));
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
}
