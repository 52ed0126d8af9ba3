import { Injectable } from '@nestjs/common';
import { CompiledSloRule } from 'src/core/evaluation/compile-slo-rule';
import { SLO_TREND_MS, budgetHistoryMatchers, budgetHistoryOf } from 'src/core/evaluation/slo-data';
import { LabelMatcher } from 'src/core/promql/promql-ast';
import { CalendarMonth, sloWindowBounds } from 'src/core/slo/calendar-window';
import { BudgetPoint } from 'src/core/slo/exhaustion-forecast';
import { SliCounts } from 'src/core/slo/error-budget';
import { RESET_STORM_WINDOW_MS, SloData } from 'src/core/slo/evaluate-slo';
import { TimeRange } from '../metrics/metric-reader';
import { MetricReaders } from '../metrics/metric-readers';
import { RoutingRegistry } from '../routing/routing.registry';
import { intervalSpans } from 'src/core/routing/interval-ranges';
import { includedIntervals } from 'src/core/slo/maintenance-exclusion';

/**
 * Reads what an SLO evaluation needs from the metric store: `sum(increase(...))` of its counters over every window
 * of its burn-rate table and over the SLO window (the store computes them; the samples stay there), and the budget
 * it recorded over the trend window, for the exhaustion forecast.
 */
@Injectable()
export class SloDataReader {
  constructor(
    private readonly readers: MetricReaders,
    private readonly intervals: RoutingRegistry,
  ) {}

  async read(compiled: CompiledSloRule, nowMs: number): Promise<SloData> {
    const bounds = sloWindowBounds(compiled.rule.window, nowMs);
    const ranges: TimeRange[] = [
      ...compiled.windowsMs.map((windowMs) => ({ startMs: nowMs - windowMs, endMs: nowMs })),
      { startMs: bounds.startMs, endMs: bounds.endMs },
    ];
    const { counts, totalSeries } = await this.countsExcluding(compiled, ranges);
    const reader = this.readers.forGroup(compiled.group);
    const totalResetsPerSeries = await reader.counterResets(compiled.selectors.total, {
      startMs: nowMs - RESET_STORM_WINDOW_MS,
      endMs: nowMs,
    });
    const history = await reader.read(
      [{ key: 'budget', matchers: budgetHistoryMatchers(compiled), rangeMs: SLO_TREND_MS, offsetMs: 0 }],
      nowMs,
    );
    return {
      countsByWindowMs: new Map(compiled.windowsMs.map((windowMs, index) => [windowMs, counts[index]])),
      totalSeriesByWindowMs: new Map(
        compiled.windowsMs.map((windowMs, index) => [windowMs, totalSeries[index] ?? 0]),
      ),
      budgetCounts: bounds.endMs > bounds.startMs ? counts[counts.length - 1] : undefined,
      budgetPeriodMs: bounds.periodMs,
      budgetHistory: budgetHistoryOf(history.get('budget') ?? [], nowMs),
      totalResetsPerSeries,
    };
  }

  /** The remaining budget the SLO's evaluations recorded from `startMs` to `nowMs` (the burn-down chart). */
  async recordedBudget(compiled: CompiledSloRule, startMs: number, nowMs: number): Promise<BudgetPoint[]> {
    const reader = this.readers.forGroup(compiled.group);
    const read = await reader.read(
      [
        {
          key: 'budget',
          matchers: budgetHistoryMatchers(compiled),
          rangeMs: nowMs - startMs + 1,
          offsetMs: 0,
        },
      ],
      nowMs,
    );
    return (read.get('budget') ?? []).flatMap((series) =>
      series.samples.map(([tsMs, remainingRatio]) => ({ tsMs, remainingRatio })),
    );
  }

  /** SLI counts of each calendar month (`GET /api/v1/slos/:name/history`). */
  async monthlyCounts(compiled: CompiledSloRule, months: readonly CalendarMonth[], nowMs: number) {
    const ranges = months.map((month) => ({ startMs: month.startMs, endMs: Math.min(month.endMs, nowMs) }));
    const { counts } = await this.countsOver(compiled, ranges);
    return months.map((month, index) => ({ month, counts: counts[index] }));
  }

  /**
   * SLI counts per range without the rule's `exclude:` intervals (maintenance windows): each range is cut into the
   * pieces between them, each piece counted as Prometheus would count that range, and the pieces summed, so events
   * inside an excluded interval neither spend nor earn budget.
   */
  private async countsExcluding(
    compiled: CompiledSloRule,
    ranges: readonly TimeRange[],
  ): Promise<{ counts: Array<SliCounts | undefined>; totalSeries: number[] }> {
    if (compiled.rule.exclude.length === 0) {
      return this.countsOver(compiled, ranges);
    }
    const intervals = compiled.rule.exclude.flatMap((name) => this.intervals.named(name));
    const pieces = ranges.map((range) =>
      includedIntervals(range.startMs, range.endMs, intervalSpans(intervals, range.startMs, range.endMs)),
    );
    const { counts, totalSeries } = await this.countsOver(compiled, pieces.flat());
    let next = 0;
    const merged = pieces.map((rangePieces) => {
      const parts = counts.slice(next, next + rangePieces.length).filter((part) => part !== undefined);
      const seriesCount = Math.max(0, ...totalSeries.slice(next, next + rangePieces.length));
      next += rangePieces.length;
      return { counts: sumCounts(parts), seriesCount };
    });
    return {
      counts: merged.map((entry) => entry.counts),
      totalSeries: merged.map((entry) => entry.seriesCount),
    };
  }

  /**
   * SLI counts per range. No total increase is no data; a good or bad counter without an increase counts 0 events
   * (an error counter often has no series until the first error), as `sliCountsOverWindow` does.
   */
  private async countsOver(
    compiled: CompiledSloRule,
    ranges: readonly TimeRange[],
  ): Promise<{ counts: Array<SliCounts | undefined>; totalSeries: number[] }> {
    const { selectors } = compiled;
    const part: readonly LabelMatcher[] = 'good' in selectors ? selectors.good : selectors.bad;
    const reader = this.readers.forGroup(compiled.group);
    const [totals, parts] = await Promise.all([
      reader.counterIncreases(selectors.total, ranges),
      reader.counterIncreases(part, ranges),
    ]);
    const counts = ranges.map((_, index): SliCounts | undefined => {
      const total = totals[index]?.increase;
      if (total === undefined) {
        return undefined;
      }
      const count = parts[index]?.increase ?? 0;
      return 'good' in selectors ? { good: count, total } : { bad: count, total };
    });
    return { counts, totalSeries: totals.map((entry) => entry.seriesCount) };
  }
}

/** The sum of the pieces' counts; undefined when no piece had data. */
function sumCounts(parts: readonly SliCounts[]): SliCounts | undefined {
  if (parts.length === 0) {
    return undefined;
  }
  const total = parts.reduce((sum, part) => sum + part.total, 0);
  return 'good' in parts[0]!
    ? { good: parts.reduce((sum, part) => sum + ('good' in part ? part.good : 0), 0), total }
    : { bad: parts.reduce((sum, part) => sum + ('bad' in part ? part.bad : 0), 0), total };
}
