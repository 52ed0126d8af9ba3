import { theilSenLine } from './fast-theil-sen';

/**
 * Additive Holt-Winters: level, trend per step and one seasonal offset per slot of the period (slot index modulo
 * the period). Without two full periods of data the season cannot be told from the trend, so the model falls back
 * to Holt's linear method (a period of 1 with a zero offset).
 *
 * The smoothing parameters are picked from a small grid by the smallest sum of absolute one-step errors over the
 * window (R's HoltWinters minimises squared errors; absolute errors let the incident itself weigh less). The grid
 * is coarse on purpose: 27 passes of O(n) keep a forecast over days of 1-minute data in milliseconds.
 */

export interface HoltWintersParams {
  alpha: number;
  beta: number;
  gamma: number;
}

export interface HoltWintersFit {
  /** Level and trend (per step) after the last value. */
  level: number;
  trend: number;
  /** Seasonal offsets by slot index modulo `season.length`; `[0]` for Holt's linear method. */
  season: number[];
  /** One-step-ahead errors (value − forecast) over the window. */
  errors: number[];
  params: HoltWintersParams;
}

const ALPHAS = [0.05, 0.2, 0.5];
const BETAS = [0.005, 0.05, 0.2];
const GAMMAS = [0.05, 0.2, 0.5];

interface StartState {
  level: number;
  trend: number;
  season: number[];
}

export function fitHoltWinters(values: readonly number[], period: number): HoltWintersFit {
  const seasonal = period >= 2 && values.length >= 2 * period;
  const start = seasonal ? seasonalStart(values, period) : linearStart(values);
  let best: { fit: HoltWintersFit; cost: number } | undefined;
  for (const alpha of ALPHAS) {
    for (const beta of BETAS) {
      for (const gamma of seasonal ? GAMMAS : [0]) {
        const fit = runHoltWinters(values, start, { alpha, beta, gamma });
        const cost = fit.errors.reduce((sum, error) => sum + Math.abs(error), 0);
        if (best === undefined || cost < best.cost) {
          best = { fit, cost };
        }
      }
    }
  }
  if (best === undefined) {
    throw new RangeError('fitHoltWinters: empty parameter grid');
  }
  return best.fit;
}

function runHoltWinters(
  values: readonly number[],
  start: StartState,
  params: HoltWintersParams,
): HoltWintersFit {
  const { alpha, beta, gamma } = params;
  const season = [...start.season];
  let { level, trend } = start;
  const errors: number[] = [];
  values.forEach((value, t) => {
    const slot = t % season.length;
    const offset = season[slot] ?? 0;
    errors.push(value - (level + trend + offset));
    const nextLevel = alpha * (value - offset) + (1 - alpha) * (level + trend);
    trend = beta * (nextLevel - level) + (1 - beta) * trend;
    level = nextLevel;
    season[slot] = gamma * (value - level) + (1 - gamma) * offset;
  });
  return { level, trend, season, errors, params };
}

/**
 * Start from a line through the means of the first and last full periods, with each slot's mean deviation from
 * that line as its offset. The state is the one before the first value, so that value gets a real one-step error.
 */
function seasonalStart(values: readonly number[], period: number): StartState {
  const periods = Math.floor(values.length / period);
  const periodMean = (index: number): number => {
    let sum = 0;
    for (let i = index * period; i < (index + 1) * period; i += 1) {
      sum += values[i] ?? 0;
    }
    return sum / period;
  };
  const firstMean = periodMean(0);
  const trend = (periodMean(periods - 1) - firstMean) / ((periods - 1) * period);
  const line = (t: number): number => firstMean + trend * (t - (period - 1) / 2);
  const season = Array.from({ length: period }, (_, slot) => {
    let sum = 0;
    for (let index = 0; index < periods; index += 1) {
      const t = slot + index * period;
      sum += (values[t] ?? 0) - line(t);
    }
    return sum / periods;
  });
  return { level: line(-1), trend, season };
}

/** Start Holt's linear method on a Theil–Sen line through the window. */
function linearStart(values: readonly number[]): StartState {
  const { m, b } = theilSenLine(values.map((value, t): [number, number] => [t, value]));
  return { level: b - m, trend: m, season: [0] };
}
