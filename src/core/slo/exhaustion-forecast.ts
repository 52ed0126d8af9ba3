import { linearRegression, median } from 'simple-statistics';
import { DEFAULT_PAGE_HORIZON_MS, DEFAULT_TICKET_HORIZON_MS } from '../rules/slo-rule.schema';

/**
 * Budget-exhaustion forecast: a straight line through recent (time, budget remaining) points, and when it reaches 0.
 * The default fit is Theil–Sen (median of the pairwise slopes, median intercept), which a few odd points do not
 * move; least squares (simple-statistics) is the alternative. Only points at or before `nowMs` are used.
 * Exhaustion within the page horizon (default 4h) is critical, within the ticket horizon (default 24h) a warning.
 */

const HOUR_MS = 3_600_000;

export interface BudgetPoint {
  readonly tsMs: number;
  /** Budget remaining as a ratio (1 = untouched, 0 = spent, negative = overspent). */
  readonly remainingRatio: number;
}

export type TrendMethod = 'theil-sen' | 'least-squares';

export interface ExhaustionHorizons {
  readonly pageHorizonMs: number;
  readonly ticketHorizonMs: number;
}

export const DEFAULT_EXHAUSTION_HORIZONS: ExhaustionHorizons = {
  pageHorizonMs: DEFAULT_PAGE_HORIZON_MS,
  ticketHorizonMs: DEFAULT_TICKET_HORIZON_MS,
};

export type ExhaustionForecast =
  /** Fewer than 2 points at distinct times up to `nowMs`. */
  | { readonly status: 'insufficient-data' }
  /** The newest point has no budget left. */
  | {
      readonly status: 'exhausted';
      readonly remainingRatio: number;
      readonly timeToExhaustionMs: 0;
      readonly severity: 'critical';
    }
  /** The trend is flat or rising: no exhaustion expected. */
  | { readonly status: 'not-decreasing'; readonly remainingRatio: number; readonly slopePerHour: number }
  | {
      readonly status: 'decreasing';
      readonly remainingRatio: number;
      /** Change of the remaining ratio per hour (negative). */
      readonly slopePerHour: number;
      /** When the line reaches 0 (not before `nowMs`). */
      readonly exhaustionMs: number;
      readonly timeToExhaustionMs: number;
      /** `critical` within the page horizon, `warning` within the ticket horizon, otherwise absent. */
      readonly severity?: 'critical' | 'warning';
    };

/** Theil–Sen line y = m x + b: median of the slopes of all pairs with distinct x, then median of y - m x. */
export function theilSen(points: ReadonlyArray<readonly [x: number, y: number]>): { m: number; b: number } {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i += 1) {
    for (let j = i + 1; j < points.length; j += 1) {
      const [xi, yi] = points[i] ?? [NaN, NaN];
      const [xj, yj] = points[j] ?? [NaN, NaN];
      if (xi !== xj) {
        slopes.push((yj - yi) / (xj - xi));
      }
    }
  }
  if (slopes.length === 0) {
    throw new RangeError('theilSen needs at least 2 points with distinct x');
  }
  const m = median(slopes);
  return { m, b: median(points.map(([x, y]) => y - m * x)) };
}

/**
 * Forecast from the points (any order) at `nowMs`. `remainingRatio` in the result is the newest point's value; the
 * crossing time comes from the fitted line, with x in hours before `nowMs`.
 */
export function forecastExhaustion(
  points: readonly BudgetPoint[],
  nowMs: number,
  horizons: ExhaustionHorizons = DEFAULT_EXHAUSTION_HORIZONS,
  method: TrendMethod = 'theil-sen',
): ExhaustionForecast {
  const used = points
    .filter((point) => point.tsMs <= nowMs && Number.isFinite(point.remainingRatio))
    .sort((a, b) => a.tsMs - b.tsMs);
  const newest = used[used.length - 1];
  const distinctTimes = new Set(used.map((point) => point.tsMs)).size;
  if (newest === undefined || distinctTimes < 2) {
    return { status: 'insufficient-data' };
  }
  const remainingRatio = newest.remainingRatio;
  if (remainingRatio <= 0) {
    return { status: 'exhausted', remainingRatio, timeToExhaustionMs: 0, severity: 'critical' };
  }
  const xy = used.map((point): [number, number] => [(point.tsMs - nowMs) / HOUR_MS, point.remainingRatio]);
  const { m, b } = method === 'theil-sen' ? theilSen(xy) : linearRegression(xy);
  if (!(m < 0)) {
    return { status: 'not-decreasing', remainingRatio, slopePerHour: m };
  }
  const timeToExhaustionMs = Math.max(0, (-b / m) * HOUR_MS);
  const severity =
    timeToExhaustionMs <= horizons.pageHorizonMs
      ? 'critical'
      : timeToExhaustionMs <= horizons.ticketHorizonMs
        ? 'warning'
        : undefined;
  return {
    status: 'decreasing',
    remainingRatio,
    slopePerHour: m,
    exhaustionMs: nowMs + timeToExhaustionMs,
    timeToExhaustionMs,
    ...(severity === undefined ? {} : { severity }),
  };
}
