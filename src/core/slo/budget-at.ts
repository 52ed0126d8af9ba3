import { SloWindow } from '../rules/rule-file.schema';
import { sloWindowBounds } from './calendar-window';
import { BudgetResult, budgetStatus } from './error-budget';
import { BudgetPoint } from './exhaustion-forecast';
import { TimeInterval, sliCountsExcluding } from './maintenance-exclusion';
import { SliSeries } from './window-counts';

/**
 * The error budget of an SLO at an evaluation time, from the SLI's counter samples: the counts over the SLO window
 * (rolling, or the calendar month so far in `timeZone`) without the excluded intervals, against the objective.
 * Budget minutes use the whole window's length (a calendar month's own length).
 */

export interface BudgetOptions {
  /** IANA time zone of a calendar-month window; default UTC. */
  readonly timeZone?: string;
  /** Intervals (`exclude:` maintenance windows) left out of the counts. */
  readonly excluded?: readonly TimeInterval[];
}

export function budgetAt(
  sli: SliSeries,
  window: SloWindow,
  objectivePercent: number,
  nowMs: number,
  options: BudgetOptions = {},
): BudgetResult {
  const bounds = sloWindowBounds(window, nowMs, options.timeZone);
  const counts =
    bounds.endMs > bounds.startMs
      ? sliCountsExcluding(sli, bounds.endMs - bounds.startMs, nowMs, options.excluded ?? [])
      : undefined;
  return counts === undefined ? { kind: 'no-data' } : budgetStatus(counts, objectivePercent, bounds.periodMs);
}

/**
 * Budget remaining at each of `timesMs` (for `forecastExhaustion`); times without data or with an SLI problem are
 * left out.
 */
export function budgetRemainingPoints(
  sli: SliSeries,
  window: SloWindow,
  objectivePercent: number,
  timesMs: readonly number[],
  options: BudgetOptions = {},
): BudgetPoint[] {
  return timesMs.flatMap((tsMs) => {
    const budget = budgetAt(sli, window, objectivePercent, tsMs, options);
    return budget.kind === 'budget' ? [{ tsMs, remainingRatio: budget.remainingRatio }] : [];
  });
}
