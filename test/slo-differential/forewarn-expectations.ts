import { Labels, SeriesSamples } from 'src/core/model';
import { LabelMatcher } from 'src/core/promql/promql-ast';
import { extrapolatedRate } from 'src/core/promql/extrapolated-rate';
import { matchesAll } from 'src/core/promql/label-matcher';
import { parsePromql } from 'src/core/promql/parse-promql';
import { BurnRateWindow, SloIndicator, SloRule } from 'src/core/rules/rule-file.schema';
import { evaluateBurnRatesFromSeries } from 'src/core/slo/burn-rate-alerts';
import { SliCounts, windowBurn } from 'src/core/slo/error-budget';
import { SliSeries } from 'src/core/slo/window-counts';

/**
 * What forewarn's core says at each evaluation time: the burn rate of every window of the table (undefined for no
 * data) and the labels of the alerts that fire. These are the expectations promtool checks Prometheus against.
 */

export interface WindowExpectation {
  readonly windowMs: number;
  readonly burnRate: number | undefined;
}

export interface Expectation {
  readonly atMs: number;
  readonly windows: readonly WindowExpectation[];
  /** forewarn's labels of each firing row of the table. */
  readonly alerts: readonly Labels[];
}

export function forewarnExpectations(
  slo: SloRule,
  table: readonly BurnRateWindow[],
  sli: SliSeries,
  timesMs: readonly number[],
): Expectation[] {
  return timesMs.map((atMs) => {
    const evaluation = evaluateBurnRatesFromSeries(table, sli, slo.objective, slo.minEvents, atMs);
    const windows = new Map<number, number | undefined>();
    for (const { window, long, short } of evaluation.pairs) {
      for (const [windowMs, burn] of [
        [window.longWindowMs, long],
        [window.shortWindowMs, short],
      ] as const) {
        if (burn.kind === 'sli-problem') {
          throw new Error(`the scenario's counters are inconsistent: ${burn.problem.message}`);
        }
        windows.set(windowMs, burn.kind === 'burn' ? burn.burnRate : undefined);
      }
    }
    return {
      atMs,
      windows: [...windows].sort(([a], [b]) => a - b).map(([windowMs, burnRate]) => ({ windowMs, burnRate })),
      alerts: evaluation.alerts.map((alert) => alert.labels),
    };
  });
}

/**
 * The burn rate over `[at - window, at]`, a range closed at its start as Prometheus 2.x selects it, with forewarn's
 * own extrapolation: what Prometheus 2.42 computes when a sample sits exactly at the start of a window.
 */
export function closedRangeBurnRate(
  sli: SliSeries,
  windowMs: number,
  atMs: number,
  objectivePercent: number,
): number | undefined {
  const increase = (series: readonly SeriesSamples[]) => {
    const increases = series.flatMap(({ samples }) => {
      const inRange = samples.filter(([ts]) => ts >= atMs - windowMs && ts <= atMs);
      return extrapolatedRate(inRange, atMs - windowMs, atMs, true, false) ?? [];
    });
    return increases.length === 0 ? undefined : increases.reduce((sum, value) => sum + value, 0);
  };
  const total = increase(sli.total);
  if (total === undefined) {
    return undefined;
  }
  const counts: SliCounts =
    'good' in sli ? { good: increase(sli.good) ?? 0, total } : { bad: increase(sli.bad) ?? 0, total };
  const burn = windowBurn(counts, objectivePercent);
  return burn.kind === 'burn' ? burn.burnRate : undefined;
}

/** The counters of an SLI among the scenario's series, picked by the SLI's selectors as a query would. */
export function sliSeries(sli: SloIndicator, series: readonly SeriesSamples[]): SliSeries {
  const matching = (matchers: readonly LabelMatcher[]) =>
    series.filter((entry) => matchesAll(matchers, entry.labels));
  if (sli.type === 'latency') {
    const base = selectorMatchers(sli.metric);
    const name = base.find((matcher) => matcher.name === '__name__')?.value ?? '';
    const others = base.filter((matcher) => matcher.name !== '__name__');
    const named = (suffix: string): LabelMatcher => ({
      name: '__name__',
      op: '=',
      value: `${name}${suffix}`,
    });
    return {
      good: matching([named('_bucket'), ...others, { name: 'le', op: '=', value: String(sli.le) }]),
      total: matching([named('_count'), ...others]),
    };
  }
  const total = matching(selectorMatchers(sli.total));
  return sli.good !== undefined
    ? { good: matching(selectorMatchers(sli.good)), total }
    : { bad: matching(selectorMatchers(sli.bad ?? '')), total };
}

function selectorMatchers(selector: string): LabelMatcher[] {
  const expr = parsePromql(selector);
  if (expr.type !== 'VectorSelector') {
    throw new Error(`not a selector: ${selector}`);
  }
  return expr.matchers;
}
