import { medianAbsoluteDeviation } from 'simple-statistics';
import { formatDuration } from 'src/core/time/duration';
import { CrossingResult, ForecastDirection, ForecastInput, NotApproachingResult } from './forecast-model';

/** What both methods share: the band's width, the direction's sign and the wording of results. */

export const HOUR_MS = 3_600_000;

/**
 * Half-width of a two-sided 95% band for one observation, in standard deviations: the normal quantile at 0.975
 * (simple-statistics' `probit` approximates it as 1.957).
 */
export const BAND_Z = 1.959964;

/** 1.4826 × MAD estimates the standard deviation of normal noise, and a few outliers (or the incident) do not inflate it. */
export function robustSigma(errors: readonly number[]): number {
  return errors.length === 0 ? 0 : 1.4826 * medianAbsoluteDeviation([...errors]);
}

/** +1 when the series must rise to cross, −1 when it must fall: multiplying by it turns `below` into `above`. */
export function towardSign(direction: ForecastDirection): 1 | -1 {
  return direction === 'above' ? 1 : -1;
}

export function hasCrossed(value: number, threshold: number, direction: ForecastDirection): boolean {
  return towardSign(direction) * (value - threshold) >= 0;
}

export interface CrossingTimes {
  crossingMs: number;
  earliestMs: number;
  latestMs: number;
  slopePerHour: number;
  expectedNow: number;
}

/** `model` names what was fitted, e.g. `linear trend +5/h`. */
export function crossingResult(input: ForecastInput, times: CrossingTimes, model: string): CrossingResult {
  const after = (ms: number): string => formatAfter(ms - input.nowMs);
  return {
    status: 'crossing',
    ...times,
    withinHorizon: times.crossingMs - input.nowMs <= input.horizonMs,
    reason:
      `${model} reaches ${formatValue(input.threshold)} in ${after(times.crossingMs)} ` +
      `(95% band: ${after(times.earliestMs)} to ${after(times.latestMs)})`,
  };
}

export function notApproachingResult(
  slopePerHour: number,
  expectedAtHorizon: number,
  reason: string,
): NotApproachingResult {
  return { status: 'not-approaching', slopePerHour, expectedAtHorizon, reason };
}

export function formatSlope(slopePerHour: number): string {
  return `${slopePerHour >= 0 ? '+' : ''}${formatValue(slopePerHour)}/h`;
}

export function formatValue(value: number): string {
  return String(Number(value.toPrecision(4)));
}

/** A lead time to the minute, as a Prometheus duration; `never` for an infinite one. */
function formatAfter(ms: number): string {
  if (!Number.isFinite(ms)) {
    return 'never';
  }
  const minutes = Math.round(ms / 60_000);
  return minutes === 0 ? 'now' : formatDuration(minutes * 60_000);
}
