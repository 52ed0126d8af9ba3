import { AlertState } from '../alerts/alert-state';
import { AlertRuleEvaluation, alertLabels, evaluateAlertRule } from '../alerts/evaluate-alert-rule';
import { fingerprint } from '../labels/labels';
import { forecastTimeToThreshold } from '../forecast/time-to-threshold';
import { ForecastResult } from '../forecast/forecast-model';
import { Labels, VectorElement } from '../model';
import { SelectorData } from '../promql/evaluate-promql';
import { alignedStart, evaluateOverRange } from '../promql/evaluate-over-range';
import { PromqlExpr } from '../promql/promql-ast';
import { parsePromql } from '../promql/parse-promql';
import { SelectorRequest, selectorsOf } from '../promql/selectors-of';
import { ForecastRule, RuleGroup } from '../rules/rule-file.schema';
import { formatDuration } from '../time/duration';
import { AnnotationRenderer, compileAnnotations } from './compile-annotations';
import { generatedAnnotationsSpec } from './generated-annotations-spec';

/**
 * `kind: forecast`: the rule's series evaluated over its lookback, a trend (Theil–Sen or Holt-Winters) fitted per
 * series, and an alert for every series forecast to cross the threshold within the horizon (or already past it).
 * Stateless: each evaluation reads the lookback again.
 */

/** At most this many steps over a lookback; longer lookbacks are sampled more coarsely than the group interval. */
export const MAX_FORECAST_POINTS = 720;

export interface CompiledForecastRule {
  readonly kind: 'forecast';
  readonly group: RuleGroup;
  readonly rule: ForecastRule;
  readonly expr: PromqlExpr;
  /** What to read: the expression's selectors, with the lookback added to their span (keys unchanged). */
  readonly selectors: readonly SelectorRequest[];
  readonly renderUserAnnotations: AnnotationRenderer;
}

export function compileForecastRule(group: RuleGroup, rule: ForecastRule): CompiledForecastRule {
  const expr = parsePromql(rule.series);
  return {
    kind: 'forecast',
    group,
    rule,
    expr,
    selectors: selectorsOf(expr).map((request) => ({
      ...request,
      rangeMs: request.rangeMs + rule.lookbackMs,
    })),
    renderUserAnnotations: compileAnnotations(group, rule.name, rule.annotations),
  };
}

/** Step between the evaluations of the lookback: the group interval, coarser for very long lookbacks. */
export function forecastStepMs(compiled: CompiledForecastRule): number {
  return Math.max(compiled.group.intervalMs, Math.ceil(compiled.rule.lookbackMs / MAX_FORECAST_POINTS));
}

const iso = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString() : 'never');

/** The annotations forewarn writes for a forecast alert; the rule's own override them key by key. */
export function forecastAnnotations(
  rule: ForecastRule,
  forecast: ForecastResult | undefined,
  value: number,
  nowMs: number,
): Labels {
  const side = rule.direction === 'above' ? 'reach' : 'fall to';
  if (forecast?.status === 'already-crossed') {
    return {
      summary: `${rule.name}: the value ${value} is already past ${rule.threshold}`,
      crossing_at: 'now',
    };
  }
  if (forecast?.status !== 'crossing') {
    return {};
  }
  const inMinutes = Math.max(1, Math.round((forecast.crossingMs - nowMs) / 60_000));
  return {
    summary:
      `${rule.name}: forecast to ${side} ${rule.threshold} in ${formatDuration(inMinutes * 60_000)} ` +
      `(${iso(forecast.crossingMs)}; between ${iso(forecast.earliestMs)} and ${iso(forecast.latestMs)})`,
    crossing_at: iso(forecast.crossingMs),
    crossing_earliest: iso(forecast.earliestMs),
    crossing_latest: iso(forecast.latestMs),
    expected_now: String(forecast.expectedNow),
    slope_per_hour: String(forecast.slopePerHour),
    reason: forecast.reason,
  };
}

export interface ForecastRuleEvaluation {
  readonly alerts: AlertRuleEvaluation;
  /** The forecast of every series, by the series' alert fingerprint input (its labels). */
  readonly forecasts: ReadonlyArray<{ readonly labels: Labels; readonly forecast: ForecastResult }>;
}

export function evaluateForecastRule(
  compiled: CompiledForecastRule,
  previous: readonly AlertState[],
  data: SelectorData,
  nowMs: number,
): ForecastRuleEvaluation {
  const { rule } = compiled;
  const stepMs = forecastStepMs(compiled);
  const series = evaluateOverRange(
    compiled.expr,
    data,
    alignedStart(nowMs, rule.lookbackMs, stepMs),
    nowMs,
    stepMs,
  );
  const present: VectorElement[] = [];
  const breaching: VectorElement[] = [];
  const forecasts: Array<{ labels: Labels; forecast: ForecastResult }> = [];
  const labels = { ...compiled.group.labels, ...rule.labels };
  const byAlert = new Map<string, ForecastResult>();
  for (const { labels: seriesLabels, points } of series.values()) {
    const newest = points[points.length - 1];
    if (newest === undefined || newest[0] !== nowMs) {
      continue; // no value now: the series is gone
    }
    const forecast = forecastTimeToThreshold({
      points,
      nowMs,
      threshold: rule.threshold,
      direction: rule.direction,
      horizonMs: rule.horizonMs,
      method: rule.method,
      trendWindowMs: rule.trendWindowMs,
    });
    forecasts.push({ labels: seriesLabels, forecast });
    byAlert.set(fingerprint(alertLabels({ name: rule.name, labels }, seriesLabels)), forecast);
    // The value of a forecast alert is the series' current value; when it will cross is in the annotations.
    const element = { labels: seriesLabels, value: newest[1] };
    present.push(element);
    if (forecast.status === 'already-crossed' || (forecast.status === 'crossing' && forecast.withinHorizon)) {
      breaching.push(element);
    }
  }
  const spec = generatedAnnotationsSpec(
    rule,
    labels,
    (alertLabels, value) => forecastAnnotations(rule, byAlert.get(fingerprint(alertLabels)), value, nowMs),
    compiled.renderUserAnnotations,
  );
  return { alerts: evaluateAlertRule(spec, previous, { breaching, present }, nowMs), forecasts };
}
