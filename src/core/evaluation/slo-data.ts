import { METRIC_NAME_LABEL, SeriesSamples } from '../model';
import { SelectorData } from '../promql/evaluate-promql';
import { LabelMatcher } from '../promql/promql-ast';
import { SelectorRequest } from '../promql/selectors-of';
import { sloWindowBounds } from '../slo/calendar-window';
import { SliCounts } from '../slo/error-budget';
import { RESET_STORM_WINDOW_MS, SLO_RECORDED, SloData } from '../slo/evaluate-slo';
import { BudgetPoint } from '../slo/exhaustion-forecast';
import { SliSeries, sliCountsOverWindow } from '../slo/window-counts';
import { CompiledSloRule } from './compile-slo-rule';

/**
 * How far back the exhaustion forecast looks at recorded budget: long enough for a trend a few odd points do not
 * move, short enough that it follows a burn that started this morning.
 */
export const SLO_TREND_MS = 6 * 3_600_000;

/** The matchers of the series an SLO records its remaining budget in (read back for the forecast). */
export function budgetHistoryMatchers(compiled: CompiledSloRule): LabelMatcher[] {
  return [
    { name: METRIC_NAME_LABEL, op: '=', value: SLO_RECORDED.budgetRemaining },
    { name: 'slo', op: '=', value: compiled.rule.name },
  ];
}

/** Points of the recorded budget series in the trend window before `nowMs`. */
export function budgetHistoryOf(series: readonly SeriesSamples[], nowMs: number): BudgetPoint[] {
  return series.flatMap((entry) =>
    entry.samples
      .filter(([tsMs]) => tsMs > nowMs - SLO_TREND_MS && tsMs < nowMs)
      .map(([tsMs, remainingRatio]) => ({ tsMs, remainingRatio })),
  );
}

/** Longest span of samples an SLO evaluation reads: its longest burn-rate window or its SLO window. */
export function sloReadSpanMs(compiled: CompiledSloRule, nowMs: number): number {
  const bounds = sloWindowBounds(compiled.rule.window, nowMs);
  return Math.max(bounds.endMs - bounds.startMs, ...compiled.windowsMs);
}

/**
 * The counts an SLO evaluation needs, computed from the counter samples themselves (rule unit tests, backtests).
 * The store computes the same numbers in SQL without shipping the samples.
 */
export function sloDataFromSamples(
  compiled: CompiledSloRule,
  sli: SliSeries,
  budgetHistory: readonly BudgetPoint[],
  nowMs: number,
): SloData {
  const countsByWindowMs = new Map<number, SliCounts | undefined>(
    compiled.windowsMs.map((windowMs) => [windowMs, sliCountsOverWindow(sli, windowMs, nowMs)]),
  );
  const bounds = sloWindowBounds(compiled.rule.window, nowMs);
  const totalSeriesByWindowMs = new Map(
    compiled.windowsMs.map((windowMs) => [
      windowMs,
      sli.total.filter((entry) => entry.samples.some(([ts]) => ts > nowMs - windowMs && ts <= nowMs)).length,
    ]),
  );
  const totalResetsPerSeries = sli.total
    .map((entry) => entry.samples.filter(([ts]) => ts > nowMs - RESET_STORM_WINDOW_MS && ts <= nowMs))
    .filter((samples) => samples.length > 0)
    .map(
      (samples) =>
        samples.filter(([, value], index) => index > 0 && value < (samples[index - 1]?.[1] ?? value)).length,
    );
  return {
    countsByWindowMs,
    totalSeriesByWindowMs,
    totalResetsPerSeries,
    budgetCounts:
      bounds.endMs > bounds.startMs
        ? sliCountsOverWindow(sli, bounds.endMs - bounds.startMs, nowMs)
        : undefined,
    budgetPeriodMs: bounds.periodMs,
    budgetHistory,
  };
}

/** What to fetch for an SLO evaluation from a sample source that serves selector requests (rule tests). */
export interface SloRequests {
  readonly total: SelectorRequest;
  readonly part: SelectorRequest;
  readonly budgetHistory: SelectorRequest;
}

export function sloRequests(compiled: CompiledSloRule, nowMs: number): SloRequests {
  const rangeMs = sloReadSpanMs(compiled, nowMs);
  const request = (role: string, matchers: readonly LabelMatcher[], range: number): SelectorRequest => ({
    key: `slo ${compiled.rule.name} ${role}`,
    matchers: [...matchers],
    rangeMs: range,
    offsetMs: 0,
  });
  const { selectors } = compiled;
  return {
    total: request('total', selectors.total, rangeMs),
    part:
      'good' in selectors ? request('good', selectors.good, rangeMs) : request('bad', selectors.bad, rangeMs),
    budgetHistory: request('budget', budgetHistoryMatchers(compiled), SLO_TREND_MS),
  };
}

/** `sloDataFromSamples` over the data fetched for `sloRequests`. */
export function sloDataFromSelectorData(
  compiled: CompiledSloRule,
  requests: SloRequests,
  data: SelectorData,
  nowMs: number,
): SloData {
  const total = data.get(requests.total.key) ?? [];
  const part = data.get(requests.part.key) ?? [];
  const sli: SliSeries = 'good' in compiled.selectors ? { good: part, total } : { bad: part, total };
  return sloDataFromSamples(
    compiled,
    sli,
    budgetHistoryOf(data.get(requests.budgetHistory.key) ?? [], nowMs),
    nowMs,
  );
}
