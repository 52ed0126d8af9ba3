import { stringify } from 'yaml';
import { Labels } from '../model';
import { formatMatchers, formatNumber } from '../promql/format-promql';
import { LabelMatcher } from '../promql/promql-ast';
import { parsePromql } from '../promql/parse-promql';
import { BurnRateWindow, SloIndicator, SloRule } from '../rules/rule-file.schema';
import { formatDuration } from '../time/duration';
import { errorBudgetRatio } from './error-budget';

/**
 * Prometheus recording and alerting rules for a forewarn SLO, in the form of the SRE workbook ("Alerting on SLOs")
 * and Sloth: one recorded error ratio per window of the burn-rate table,
 * `slo:sli_error:ratio_rate1h = sum(rate(bad[1h])) / sum(rate(total[1h]))`, and per row of the table an alert
 * `(long > factor * budget) and (short > factor * budget)`, with the labels forewarn's own burn-rate alerts carry.
 * The ratios follow forewarn's counting (see `sliCountsOverWindow`): a missing bad (or good) counter counts as 0
 * events, and a window without events, or without total series, has no ratio (no data), so it never alerts.
 */

export const ERROR_RATIO_METRIC_PREFIX = 'slo:sli_error:ratio_rate';
/** Labels of the recorded ratios that tell SLOs apart: group and SLO names are unique only together. */
export const GROUP_LABEL = 'forewarn_group';
export const SLO_LABEL = 'forewarn_slo';

export interface PrometheusRecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels: Labels;
}

export interface PrometheusAlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly keep_firing_for?: string;
  readonly labels: Labels;
  readonly annotations?: Labels;
}

export interface PrometheusRuleGroup {
  readonly name: string;
  readonly interval: string;
  readonly rules: ReadonlyArray<PrometheusRecordingRule | PrometheusAlertingRule>;
}

/** The forewarn rule group an SLO belongs to. */
export interface SloGroupContext {
  readonly name: string;
  readonly intervalMs: number;
  /** The group's labels (with `service` and `team`). */
  readonly labels: Labels;
}

export interface SloPrometheusRules {
  readonly group: PrometheusRuleGroup;
  /** Settings of the SLO that Prometheus rules cannot express, for the user to hear about. */
  readonly warnings: readonly string[];
}

/** `slo:sli_error:ratio_rate1h`, `slo:sli_error:ratio_rate4m40s`. */
export function errorRatioMetric(windowMs: number): string {
  return `${ERROR_RATIO_METRIC_PREFIX}${formatDuration(windowMs)}`;
}

/** The labels that identify the recorded ratios of an SLO (and that its alerts inherit from them). */
export function sloIdentityLabels(groupName: string, sloName: string): Labels {
  return { [GROUP_LABEL]: groupName, [SLO_LABEL]: sloName };
}

/** Rules for one SLO, over `table` (by default the SLO's own burn-rate table). */
export function sloPrometheusRules(
  slo: SloRule,
  group: SloGroupContext,
  table: readonly BurnRateWindow[] = slo.burnRates,
): SloPrometheusRules {
  const identity = sloIdentityLabels(group.name, slo.name);
  const counters = sliCounters(slo.sli);
  const windows = [...new Set(table.flatMap((row) => [row.shortWindowMs, row.longWindowMs]))].sort(
    (a, b) => a - b,
  );
  const recordings = windows.map((windowMs): PrometheusRecordingRule => ({
    record: errorRatioMetric(windowMs),
    expr: errorRatioExpr(counters, windowMs),
    labels: identity,
  }));
  const budget = formatNumber(errorBudgetRatio(slo.objective));
  const ratio = (windowMs: number) => formatMatchers(matchersOf(identity), errorRatioMetric(windowMs));
  const enoughEvents = (windowMs: number) =>
    ` and on() (sum(increase(${counters.total}[${formatDuration(windowMs)}])) >= ${slo.minEvents})`;
  const annotations = {
    ...slo.annotations,
    ...(slo.runbookUrl === undefined ? {} : { runbook_url: slo.runbookUrl }),
    ...(slo.dashboardUrl === undefined ? {} : { dashboard_url: slo.dashboardUrl }),
  };
  const alerts = table.map((row): PrometheusAlertingRule => {
    const threshold = `${formatNumber(row.burnRate)} * ${budget}`;
    let expr = `(${ratio(row.longWindowMs)} > ${threshold}) and (${ratio(row.shortWindowMs)} > ${threshold})`;
    if (slo.minEvents > 0) {
      expr += enoughEvents(row.longWindowMs) + enoughEvents(row.shortWindowMs);
    }
    return {
      alert: slo.name,
      expr,
      ...(slo.forMs > 0 ? { for: formatDuration(slo.forMs) } : {}),
      ...(slo.keepFiringForMs > 0 ? { keep_firing_for: formatDuration(slo.keepFiringForMs) } : {}),
      labels: {
        ...group.labels,
        ...slo.labels,
        severity: row.severity,
        long_window: formatDuration(row.longWindowMs),
        short_window: formatDuration(row.shortWindowMs),
        burn_rate: String(row.burnRate),
      },
      ...(Object.keys(annotations).length === 0 ? {} : { annotations }),
    };
  });
  return {
    group: {
      name: `forewarn-slo-${group.name}-${slo.name}`,
      interval: formatDuration(group.intervalMs),
      rules: [...recordings, ...alerts],
    },
    warnings: unexportedSettings(slo),
  };
}

/** A Prometheus rule file of the groups, with a comment that says where it comes from. */
export function prometheusRuleFileText(groups: readonly PrometheusRuleGroup[]): string {
  const header =
    '# Generated by `forewarn slo export-prometheus`: the burn-rate alerts of forewarn SLOs as Prometheus rules.\n';
  return header + stringify({ groups }, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** The counter selectors of an SLI: total events and either the good or the bad ones. */
type SliCounters =
  { readonly total: string; readonly good: string } | { readonly total: string; readonly bad: string };

/**
 * A latency SLI counts the histogram's observations (`_count`) and the good ones, those in the bucket of its bound
 * (`_bucket`). Prometheus 3 writes integral bounds as `le="1.0"`, older versions as `le="1"`: both match.
 */
function sliCounters(sli: SloIndicator): SliCounters {
  if (sli.type === 'events') {
    if (sli.good !== undefined) {
      return { total: sli.total, good: sli.good };
    }
    if (sli.bad !== undefined) {
      return { total: sli.total, bad: sli.bad };
    }
    throw new RangeError('an events SLI has good or bad events');
  }
  const selector = parsePromql(sli.metric);
  if (selector.type !== 'VectorSelector' || selector.name === undefined) {
    throw new RangeError(`a latency SLI metric is a selector with a metric name, got ${sli.metric}`);
  }
  const matchers = selector.matchers.filter((matcher) => matcher.name !== '__name__');
  const bound = formatNumber(sli.le);
  const le: LabelMatcher = Number.isInteger(sli.le)
    ? { name: 'le', op: '=~', value: `${bound}(\\.0)?` }
    : { name: 'le', op: '=', value: bound };
  return {
    total: formatMatchers(matchers, `${selector.name}_count`),
    good: formatMatchers([...matchers, le], `${selector.name}_bucket`),
  };
}

/**
 * `bad / total` over one window. `or vector(0)`: no bad (or good) series counts as 0 events; `> 0`: a window
 * without events has no ratio.
 */
function errorRatioExpr(counters: SliCounters, windowMs: number): string {
  const window = formatDuration(windowMs);
  const rate = (selector: string) => `sum(rate(${selector}[${window}]))`;
  const total = `(${rate(counters.total)} > 0)`;
  if ('good' in counters) {
    return `(${rate(counters.total)} - (${rate(counters.good)} or vector(0))) / ${total}`;
  }
  return `(${rate(counters.bad)} or vector(0)) / ${total}`;
}

function matchersOf(labels: Labels): LabelMatcher[] {
  return Object.entries(labels).map(([name, value]) => ({ name, op: '=', value }));
}

function unexportedSettings(slo: SloRule): string[] {
  const warnings: string[] = [];
  if (slo.resolveWhen !== undefined) {
    warnings.push(
      'resolve_when is not exported: Prometheus alerts resolve when their expression stops matching',
    );
  }
  if (slo.minFiringMs > 0) {
    warnings.push('min_firing is not exported: Prometheus has no minimum firing time');
  }
  if (slo.exclude.length > 0) {
    warnings.push(
      'exclude is not exported: the Prometheus rules count maintenance intervals like any other time',
    );
  }
  return warnings;
}
