/**
 * Error-budget arithmetic of an SLO, from event counts (as the SRE workbook, Sloth and Pyrra define it):
 * - error budget = 1 - objective (objective 99.9% → 0.001);
 * - error ratio over a window = bad / total (bad = total - good for a good/total SLI);
 * - burn rate = error ratio / error budget (1 spends exactly the budget over the SLO window);
 * - budget consumed over the SLO window = its error ratio / error budget; remaining = 1 - consumed.
 * Pure: counts come in, numbers go out.
 */

const MINUTE_MS = 60_000;

/** Counts of an SLI over one window: total events and either the good or the bad ones. */
export type SliCounts =
  { readonly total: number; readonly good: number } | { readonly total: number; readonly bad: number };

/** A reason the counts of an SLI cannot be right (the SLI's queries are probably wrong). */
export type SliProblem =
  | {
      readonly code: 'good-exceeds-total';
      readonly good: number;
      readonly total: number;
      readonly message: string;
    }
  | {
      readonly code: 'bad-exceeds-total';
      readonly bad: number;
      readonly total: number;
      readonly message: string;
    }
  | { readonly code: 'negative-count'; readonly message: string }
  | { readonly code: 'not-finite'; readonly message: string };

/** The error ratio of a window: a number, no data (no events), or an SLI problem. */
export type ErrorRatioResult =
  | { readonly kind: 'ratio'; readonly errorRatio: number; readonly bad: number; readonly total: number }
  | { readonly kind: 'no-data' }
  | { readonly kind: 'sli-problem'; readonly problem: SliProblem };

/**
 * Error budget as a ratio: `(100 - objective) / 100`, rounded to 12 significant digits so that a decimal objective
 * gives its decimal budget (99.9 → 0.001, not 0.0009999999999999432). Throws a RangeError outside (0, 100).
 */
export function errorBudgetRatio(objectivePercent: number): number {
  if (!Number.isFinite(objectivePercent) || objectivePercent <= 0 || objectivePercent >= 100) {
    throw new RangeError(`objective must be a percentage between 0 and 100, got ${String(objectivePercent)}`);
  }
  return Number(((100 - objectivePercent) / 100).toPrecision(12));
}

/**
 * Error ratio `bad / total` of counts given either way. No events (total 0) is no data; counts that cannot be right
 * (good or bad above total, negative, not finite) are a named SLI problem instead of a misleading ratio.
 */
export function errorRatio(counts: SliCounts): ErrorRatioResult {
  const { total } = counts;
  const part = 'good' in counts ? counts.good : counts.bad;
  if (!Number.isFinite(total) || !Number.isFinite(part)) {
    return problem({
      code: 'not-finite',
      message: `SLI counts must be finite numbers, got ${describe(counts)}`,
    });
  }
  if (total < 0 || part < 0) {
    return problem({
      code: 'negative-count',
      message: `SLI counts must not be negative, got ${describe(counts)}`,
    });
  }
  if ('good' in counts && counts.good > total) {
    return problem({
      code: 'good-exceeds-total',
      good: counts.good,
      total,
      message: `more good events (${counts.good}) than total events (${total}); check the SLI's good and total queries`,
    });
  }
  if ('bad' in counts && counts.bad > total) {
    return problem({
      code: 'bad-exceeds-total',
      bad: counts.bad,
      total,
      message: `more bad events (${counts.bad}) than total events (${total}); check the SLI's bad and total queries`,
    });
  }
  if (total === 0) {
    return { kind: 'no-data' };
  }
  const bad = 'good' in counts ? total - counts.good : counts.bad;
  return { kind: 'ratio', errorRatio: bad / total, bad, total };
}

/** Burn rate: how many times faster than the SLO allows the budget is being spent. */
export function burnRate(errorRatioValue: number, objectivePercent: number): number {
  return errorRatioValue / errorBudgetRatio(objectivePercent);
}

/** `min_events`: a window with fewer total events than this never alerts (0 means no guard). */
export function hasEnoughEvents(total: number, minEvents: number): boolean {
  return total >= minEvents;
}

/** Error ratio and burn rate of one window, and whether it has enough events to alert. */
export type WindowBurn =
  | {
      readonly kind: 'burn';
      readonly errorRatio: number;
      readonly burnRate: number;
      readonly bad: number;
      readonly total: number;
      /** False when the window has fewer events than `min_events`: it must not alert. */
      readonly enoughEvents: boolean;
    }
  | { readonly kind: 'no-data' }
  | { readonly kind: 'sli-problem'; readonly problem: SliProblem };

export function windowBurn(counts: SliCounts, objectivePercent: number, minEvents = 0): WindowBurn {
  const result = errorRatio(counts);
  if (result.kind !== 'ratio') {
    return result;
  }
  return {
    kind: 'burn',
    errorRatio: result.errorRatio,
    burnRate: burnRate(result.errorRatio, objectivePercent),
    bad: result.bad,
    total: result.total,
    enoughEvents: hasEnoughEvents(result.total, minEvents),
  };
}

/** The state of the error budget over the SLO window. */
export interface BudgetStatus {
  /** Share of the budget spent: the SLO window's error ratio / error budget (above 1 once it is exhausted). */
  readonly consumedRatio: number;
  /** 1 - consumedRatio; negative once the budget is overspent. */
  readonly remainingRatio: number;
  /** The whole budget as minutes of full downtime: error budget × SLO window (99.9% over 30d → 43.2 min). */
  readonly budgetMinutes: number;
  /** consumedRatio × budgetMinutes: the minutes of full downtime that would have spent as much. */
  readonly consumedMinutes: number;
  /** remainingRatio × budgetMinutes. */
  readonly remainingMinutes: number;
}

/**
 * Budget consumed and remaining, from the counts over the SLO window (`sloWindowMs` long; for a calendar month the
 * whole month's length). Counts are events, so the budget is `error budget × total events so far`; the minutes are
 * the equivalent downtime if traffic were uniform over the window.
 */
export type BudgetResult =
  | ({ readonly kind: 'budget' } & BudgetStatus)
  | { readonly kind: 'no-data' }
  | { readonly kind: 'sli-problem'; readonly problem: SliProblem };

export function budgetStatus(counts: SliCounts, objectivePercent: number, sloWindowMs: number): BudgetResult {
  const result = errorRatio(counts);
  if (result.kind !== 'ratio') {
    return result;
  }
  return { kind: 'budget', ...budgetFromErrorRatio(result.errorRatio, objectivePercent, sloWindowMs) };
}

/** `budgetStatus` from the SLO window's error ratio. */
export function budgetFromErrorRatio(
  errorRatioValue: number,
  objectivePercent: number,
  sloWindowMs: number,
): BudgetStatus {
  const budget = errorBudgetRatio(objectivePercent);
  const consumedRatio = errorRatioValue / budget;
  const budgetMinutes = (budget * sloWindowMs) / MINUTE_MS;
  return {
    consumedRatio,
    remainingRatio: 1 - consumedRatio,
    budgetMinutes,
    consumedMinutes: consumedRatio * budgetMinutes,
    remainingMinutes: (1 - consumedRatio) * budgetMinutes,
  };
}

function problem(sliProblem: SliProblem): ErrorRatioResult {
  return { kind: 'sli-problem', problem: sliProblem };
}

function describe(counts: SliCounts): string {
  return 'good' in counts
    ? `good=${counts.good} total=${counts.total}`
    : `bad=${counts.bad} total=${counts.total}`;
}
