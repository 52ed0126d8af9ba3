import { Sample } from 'src/core/forecast/forecast-model';
import { forecastTimeToThreshold } from 'src/core/forecast/time-to-threshold';
import { alertOnsets } from './alert-onsets';
import { ForecastRule } from './metric-families';
import { StaticThreshold } from './static-threshold';

/**
 * A `kind: forecast` rule replayed over evenly spaced points: every `intervalMs` it forecasts from the last
 * `lookbackMs` (read every `stepMs`) whether the static threshold will be crossed within `horizonMs`, and fires after
 * that (or an actual crossing) has held for `forMs`. The forecast's threshold is the static one, so the lead time
 * measures how much earlier it warns about the same condition.
 */
export function forecastAlerts(
  points: readonly Sample[],
  rule: ForecastRule,
  target: StaticThreshold,
): number[] {
  const pointStepMs = (points[1]?.[0] ?? 0) - (points[0]?.[0] ?? 0);
  const every = Math.max(1, Math.round(rule.intervalMs / pointStepMs));
  const stride = Math.max(1, Math.round(rule.stepMs / pointStepMs));
  const span = Math.round(rule.lookbackMs / pointStepMs);
  const times: number[] = [];
  const active: boolean[] = [];
  for (let now = every - 1; now < points.length; now += every) {
    const window: Sample[] = [];
    for (let index = now; index > now - span && index >= 0; index -= stride) {
      window.push(points[index] ?? [NaN, NaN]);
    }
    const nowMs = points[now]?.[0] ?? NaN;
    const result = forecastTimeToThreshold({
      points: window.reverse(),
      nowMs,
      threshold: target.threshold,
      direction: target.direction,
      horizonMs: rule.horizonMs,
      method: rule.method,
      trendWindowMs: rule.trendWindowMs,
    });
    times.push(nowMs);
    active.push(
      result.status === 'already-crossed' || (result.status === 'crossing' && result.withinHorizon),
    );
  }
  return alertOnsets(times, active, rule.forMs);
}
