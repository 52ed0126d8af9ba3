import { ForecastInput, ForecastResult } from './forecast-model';
import { hasCrossed } from './forecast-result';
import { holtWintersForecast } from './holt-winters-forecast';
import { linearForecast } from './linear-forecast';
import { seasonalLinearForecast } from './seasonal-linear-forecast';

export type { ForecastInput, ForecastResult } from './forecast-model';

/** Fewer points cannot give both a trend and a spread around it. */
const MIN_POINTS = 3;

/**
 * When will the series reach the threshold? The core of `kind: forecast` rules: pure, causal (points after `nowMs`
 * are ignored, so a backtest sees what a live evaluation saw) and with an uncertainty band on the crossing time.
 */
export function forecastTimeToThreshold(input: ForecastInput): ForecastResult {
  const points = input.points
    .filter(([tsMs, value]) => tsMs <= input.nowMs && Number.isFinite(value))
    .sort((a, b) => a[0] - b[0]);
  const times = new Set(points.map(([tsMs]) => tsMs)).size;
  const newest = points[points.length - 1];
  if (newest === undefined || times < MIN_POINTS) {
    return {
      status: 'insufficient-data',
      reason: `needs ${MIN_POINTS} points at distinct times up to now, has ${times}`,
    };
  }
  if (input.method === 'seasonal_linear') {
    return seasonalLinearForecast(points, input);
  }
  if (hasCrossed(newest[1], input.threshold, input.direction)) {
    return { status: 'already-crossed', value: newest[1] };
  }
  switch (input.method) {
    case 'linear':
      return linearForecast(points, input);
    case 'holt_winters':
      return holtWintersForecast(points, input);
  }
}
