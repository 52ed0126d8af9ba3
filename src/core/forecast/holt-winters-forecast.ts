import { ForecastInput, ForecastResult, Sample } from './forecast-model';
import {
  BAND_Z,
  HOUR_MS,
  crossingResult,
  formatSlope,
  formatValue,
  notApproachingResult,
  robustSigma,
  towardSign,
} from './forecast-result';
import { HoltWintersFit, fitHoltWinters } from './holt-winters';
import { toRegularGrid } from './regular-grid';

const DAY_MS = 86_400_000;

/**
 * `method: holt_winters`: additive Holt-Winters with a daily season of `1d / step` slots (Holt's linear method with
 * less than two days of data). The crossing is the first forecast step at or after now whose value reaches the
 * threshold, so a daily peak that will cross counts even on a flat trend. The band is the forecast ± 1.96 robust
 * standard deviations of the in-sample one-step errors.
 */
export function holtWintersForecast(points: readonly Sample[], input: ForecastInput): ForecastResult {
  const grid = toRegularGrid(points);
  const fit = fitHoltWinters(grid.values, Math.round(DAY_MS / grid.stepMs));
  const last = grid.values.length - 1;
  const lastMs = grid.startMs + last * grid.stepMs;
  const stepsAfterLast = (tsMs: number): number => (tsMs - lastMs) / grid.stepMs;
  const valueAt = (steps: number): number =>
    fit.level + steps * fit.trend + (fit.season[(last + Math.round(steps)) % fit.season.length] ?? 0);
  const slopePerHour = (fit.trend * HOUR_MS) / grid.stepMs;
  const seasonal = fit.season.length > 1;
  const sign = towardSign(input.direction);
  const firstStep = Math.max(1, Math.ceil(stepsAfterLast(input.nowMs)));
  const reachesMs = (level: number): number => {
    const steps = firstStepReaching(fit, last, firstStep, sign * level, sign);
    return steps === undefined ? Infinity : lastMs + steps * grid.stepMs;
  };
  const crossingMs = reachesMs(input.threshold);
  if (crossingMs === Infinity) {
    const why = seasonal
      ? `trend ${formatSlope(slopePerHour)} and the daily peaks stay short of ${formatValue(input.threshold)}`
      : `Holt linear trend ${formatSlope(slopePerHour)} is ${fit.trend === 0 ? 'flat' : 'moving away from the threshold'}`;
    return notApproachingResult(slopePerHour, valueAt(stepsAfterLast(input.nowMs + input.horizonMs)), why);
  }
  const halfWidth = BAND_Z * robustSigma(fit.errors);
  return crossingResult(
    input,
    {
      crossingMs,
      earliestMs: reachesMs(input.threshold - sign * halfWidth),
      latestMs: reachesMs(input.threshold + sign * halfWidth),
      slopePerHour,
      expectedNow: valueAt(stepsAfterLast(input.nowMs)),
    },
    seasonal
      ? `Holt-Winters (daily season, trend ${formatSlope(slopePerHour)})`
      : `Holt linear trend ${formatSlope(slopePerHour)}`,
  );
}

/**
 * The first step ≥ `firstStep` after slot `last` whose forecast, times `sign`, reaches `target` (already multiplied
 * by `sign`). Steps of one seasonal slot form an arithmetic sequence, so each slot's first reaching step is solved
 * directly: O(period), however far away the crossing is.
 */
function firstStepReaching(
  fit: HoltWintersFit,
  last: number,
  firstStep: number,
  target: number,
  sign: 1 | -1,
): number | undefined {
  const period = fit.season.length;
  const slope = sign * fit.trend;
  let best: number | undefined;
  for (let offset = 0; offset < period; offset += 1) {
    const first = firstStep + offset;
    const value = sign * (fit.level + first * fit.trend + (fit.season[(last + first) % period] ?? 0));
    let steps: number | undefined;
    if (value >= target) {
      steps = first;
    } else if (slope > 0) {
      steps = first + Math.ceil((target - value) / (slope * period)) * period;
    }
    if (steps !== undefined && (best === undefined || steps < best)) {
      best = steps;
    }
  }
  return best;
}
