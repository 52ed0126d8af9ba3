import { theilSenLine } from './fast-theil-sen';
import { dailyProfile, profileAt } from './daily-profile';
import { ForecastInput, ForecastResult, Sample } from './forecast-model';
import {
  HOUR_MS,
  crossingResult,
  formatSlope,
  formatValue,
  hasCrossed,
  notApproachingResult,
  towardSign,
} from './forecast-result';
import { toRegularGrid } from './regular-grid';

const DAY_MS = 86_400_000;

/** `trend_window` when the rule does not set one. */
export const DEFAULT_TREND_WINDOW_MS = 2 * HOUR_MS;

/**
 * The rule fires when the forecast's `FIRING_QUANTILE` bound reaches the threshold within the horizon: when 95% of
 * the same forecasts over the earlier days erred by less than what would keep the series short of it.
 */
export const FIRING_QUANTILE = 0.05;

/** The reported band (`earliestMs`, `latestMs`): the 2.5% and 97.5% quantiles of the past errors, 95% in all. */
const BAND_QUANTILE = 0.025;

/**
 * Whole days of history before the trend window needed for a forecast: one day is a shape without any check of how
 * well a shape learned from the past predicts, and the calibration needs days that were not forecast from themselves.
 */
export const MIN_PROFILE_DAYS = 2;

/** Calibration fits start every quarter of a trend window: enough forecasts to measure, few enough to be cheap. */
const CALIBRATION_STRIDE_WINDOWS = 0.25;

/** Fewer calibration errors than this at a step and the errors of the step before are used. */
const MIN_CALIBRATION_ERRORS = 8;

/**
 * `method: seasonal_linear`: the usual shape of a day (`dailyProfile`, learned from the whole days of the lookback
 * before the trend window) plus a Theil–Sen line through what is left of the last `trendWindowMs` once that shape is
 * taken out. A daily peak the series always reaches is no longer a trend, and a leak on top of it still is.
 *
 * The uncertainty is measured on the lookback itself: the same line, fitted at many times over the earlier days,
 * forecast the deseasonalised values that followed, and the quantiles of those errors at each step ahead are the
 * uncertainty of this forecast. A series that wanders gets a wide band and a steady one a narrow one, without a
 * setting. `crossingMs` is the forecast's own crossing, `earliestMs`/`latestMs` the 95% band. The rule fires
 * (`withinHorizon`) only when the `FIRING_QUANTILE` bound crosses within the horizon, and a point past the threshold
 * is `already-crossed` only when that bound is past it now too: one spike, or a level that touches the threshold
 * within its noise, is not.
 */
export function seasonalLinearForecast(points: readonly Sample[], input: ForecastInput): ForecastResult {
  const trendWindowMs = input.trendWindowMs ?? DEFAULT_TREND_WINDOW_MS;
  const grid = toRegularGrid(points);
  const slots = Math.max(1, Math.round(DAY_MS / grid.stepMs));
  const windowLength = Math.max(3, Math.round(trendWindowMs / grid.stepMs));
  const days = Math.floor((grid.values.length - windowLength) / slots);
  if (days < MIN_PROFILE_DAYS) {
    return withoutSeason(points, input, Math.max(0, days));
  }
  const profile = dailyProfile(grid.values, slots, days, windowLength);
  const last = grid.values.length - 1;
  const lastMs = grid.startMs + last * grid.stepMs;
  const residuals = grid.values.map((value, index) => value - profileAt(profile, index - last));
  const hoursOf = (steps: number): number => (steps * grid.stepMs) / HOUR_MS;
  const line = fitLine(residuals, last - windowLength + 1, last, hoursOf);
  const horizonSteps = Math.max(1, Math.ceil((input.nowMs + input.horizonMs - lastMs) / grid.stepMs));
  const errors = calibrate(residuals, last - windowLength, windowLength, horizonSteps, hoursOf);
  const sign = towardSign(input.direction);
  const forecastAt = (steps: number): number => profileAt(profile, steps) + line.b + line.m * hoursOf(steps);
  /** The forecast plus the p-quantile of past errors, p counted toward the threshold (`below` mirrors it). */
  const boundAt =
    (p: number) =>
    (steps: number): number =>
      forecastAt(steps) + errors.quantile(Math.min(steps, horizonSteps), sign > 0 ? p : 1 - p);
  const expectedNow = forecastAt(0);
  const newest = points[points.length - 1]?.[1] ?? NaN;
  const firm = boundAt(FIRING_QUANTILE);
  if (
    hasCrossed(newest, input.threshold, input.direction) &&
    hasCrossed(firm(0), input.threshold, input.direction)
  ) {
    return { status: 'already-crossed', value: newest };
  }
  const search = { slots, sign, lastMs, stepMs: grid.stepMs, threshold: input.threshold, horizonSteps };
  const crossingMs = firstReaching(search, forecastAt);
  if (crossingMs === Infinity) {
    return notApproachingResult(
      line.m,
      forecastAt(horizonSteps),
      `the daily shape and trend ${formatSlope(line.m)} stay short of ${formatValue(input.threshold)}`,
    );
  }
  const result = crossingResult(
    input,
    {
      crossingMs,
      earliestMs: firstReaching(search, boundAt(1 - BAND_QUANTILE)),
      latestMs: firstReaching(search, boundAt(BAND_QUANTILE)),
      slopePerHour: line.m,
      expectedNow,
    },
    `daily shape and trend ${formatSlope(line.m)}`,
  );
  return { ...result, withinHorizon: firstReaching(search, firm) - input.nowMs <= input.horizonMs };
}

interface CrossingSearch {
  slots: number;
  sign: 1 | -1;
  lastMs: number;
  stepMs: number;
  threshold: number;
  horizonSteps: number;
}

/**
 * When `valueAt(steps)` first reaches the threshold, not before now: step by step up to a day past the horizon, then
 * (the daily shape repeats, so each slot only moves by the trend) each slot's arithmetic sequence solved directly.
 * `Infinity` if never.
 */
function firstReaching(search: CrossingSearch, valueAt: (steps: number) => number): number {
  const { slots, sign, lastMs, stepMs, threshold, horizonSteps } = search;
  const gap = (steps: number): number => sign * (valueAt(steps) - threshold);
  const searched = horizonSteps + slots;
  for (let steps = 0; steps <= searched; steps += 1) {
    if (gap(steps) >= 0) {
      return lastMs + steps * stepMs;
    }
  }
  const perDay = gap(searched + slots) - gap(searched);
  if (!(perDay > 0)) {
    return Infinity;
  }
  let best = Infinity;
  for (let offset = 1; offset <= slots; offset += 1) {
    const steps = searched + offset;
    best = Math.min(best, lastMs + (steps + Math.ceil(-gap(steps) / perDay) * slots) * stepMs);
  }
  return best;
}

/** Theil–Sen through `values[from..to]`, x in hours relative to `to` (so `b` is the fitted value there). */
function fitLine(
  values: ArrayLike<number>,
  from: number,
  to: number,
  hoursOf: (steps: number) => number,
): { m: number; b: number } {
  const xy: Array<[number, number]> = [];
  for (let index = from; index <= to; index += 1) {
    xy.push([hoursOf(index - to), values[index] ?? NaN]);
  }
  return theilSenLine(xy);
}

/** Quantiles of the past forecast errors (actual − forecast) at each step ahead. */
interface ForecastErrors {
  quantile(steps: number, p: number): number;
}

/**
 * The line's errors at 0..`horizonSteps` steps ahead, from fits of `windowLength` values that end before `end` (the
 * trend window's start), each compared with the values that followed it, up to `end`. Step 0 is the fit's own
 * residual at its last point. A step with too few errors uses the nearest step before it that has enough.
 */
function calibrate(
  residuals: ArrayLike<number>,
  end: number,
  windowLength: number,
  horizonSteps: number,
  hoursOf: (steps: number) => number,
): ForecastErrors {
  const errors: number[][] = Array.from({ length: horizonSteps + 1 }, () => []);
  const stride = Math.max(1, Math.round(windowLength * CALIBRATION_STRIDE_WINDOWS));
  for (let fitEnd = windowLength - 1; fitEnd < end; fitEnd += stride) {
    const line = fitLine(residuals, fitEnd - windowLength + 1, fitEnd, hoursOf);
    for (let steps = 0; steps <= horizonSteps && fitEnd + steps <= end; steps += 1) {
      errors[steps]?.push((residuals[fitEnd + steps] ?? NaN) - (line.b + line.m * hoursOf(steps)));
    }
  }
  const sorted: Float64Array[] = [];
  let previous = new Float64Array([0]);
  for (const atStep of errors) {
    previous = atStep.length >= MIN_CALIBRATION_ERRORS ? Float64Array.from(atStep).sort() : previous;
    sorted.push(previous);
  }
  return {
    // Nearest rank: the smallest error with at least p of them at or below it.
    quantile: (steps, p) => {
      const values = sorted[steps] ?? previous;
      return values[Math.min(values.length - 1, Math.max(0, Math.ceil(values.length * p) - 1))] ?? 0;
    },
  };
}

/** Too little history for a daily shape: only a point already past the threshold is reported. */
function withoutSeason(points: readonly Sample[], input: ForecastInput, days: number): ForecastResult {
  const newest = points[points.length - 1]?.[1] ?? NaN;
  if (hasCrossed(newest, input.threshold, input.direction)) {
    return { status: 'already-crossed', value: newest };
  }
  return {
    status: 'insufficient-data',
    reason: `needs ${MIN_PROFILE_DAYS} whole days before the trend window to learn a daily shape from, has ${days}`,
  };
}
