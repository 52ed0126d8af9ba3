import { BudgetPoint, ExhaustionForecast } from './exhaustion-forecast';

/**
 * An SLO's error-budget burn-down over its window, as percent of the budget left: what the evaluations recorded from
 * the window's start to now, and the exhaustion forecast's line from now to the time it reaches 0 (when the trend
 * points down and 0 falls before `untilMs`, the end of the chart; otherwise the line stops at `untilMs`).
 */
export interface BudgetBurnDown {
  readonly recorded: ReadonlyArray<readonly [tsMs: number, remainingPercent: number]>;
  readonly forecast: ReadonlyArray<readonly [tsMs: number, remainingPercent: number]>;
}

/** Most recorded points a chart gets: a 30-day window evaluated every minute records 43,200. */
export const MAX_BURN_DOWN_POINTS = 600;

export function budgetBurnDown(
  points: readonly BudgetPoint[],
  exhaustion: ExhaustionForecast,
  window: { readonly startMs: number; readonly nowMs: number; readonly untilMs: number },
): BudgetBurnDown {
  const inWindow = points
    .filter((point) => point.tsMs >= window.startMs && point.tsMs <= window.nowMs)
    .sort((a, b) => a.tsMs - b.tsMs);
  const recorded = evenlyThinned(inWindow, MAX_BURN_DOWN_POINTS).map(
    (point) => [point.tsMs, point.remainingRatio * 100] as const,
  );
  if (exhaustion.status !== 'decreasing') {
    return { recorded, forecast: [] };
  }
  const start = [window.nowMs, exhaustion.remainingRatio * 100] as const;
  if (exhaustion.exhaustionMs <= window.untilMs) {
    return { recorded, forecast: [start, [exhaustion.exhaustionMs, 0]] };
  }
  const hours = (window.untilMs - window.nowMs) / 3_600_000;
  return {
    recorded,
    forecast: [start, [window.untilMs, (exhaustion.remainingRatio + exhaustion.slopePerHour * hours) * 100]],
  };
}

/** At most `max` of `items`, evenly spaced, always keeping the first and the last. */
function evenlyThinned<T>(items: readonly T[], max: number): readonly T[] {
  if (items.length <= max) {
    return items;
  }
  const step = (items.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, index) => items[Math.round(index * step)] as T);
}

/**
 * The time span a burn-down chart shows: the SLO window's start to its end for a calendar month, and for a rolling
 * window, the window up to now plus a quarter of it ahead, room for the forecast.
 */
export function burnDownSpan(
  bounds: { readonly startMs: number; readonly periodMs: number },
  windowType: 'rolling' | 'calendar',
  nowMs: number,
): { startMs: number; untilMs: number } {
  const untilMs = windowType === 'rolling' ? nowMs + bounds.periodMs / 4 : bounds.startMs + bounds.periodMs;
  return { startMs: bounds.startMs, untilMs: Math.max(untilMs, nowMs) };
}
