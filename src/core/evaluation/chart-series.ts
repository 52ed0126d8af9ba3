import { alertLabels } from '../alerts/evaluate-alert-rule';
import { fingerprint } from '../labels/labels';
import { Labels } from '../model';
import { SelectorData } from '../promql/evaluate-promql';
import { alignedStart, evaluateOverRange } from '../promql/evaluate-over-range';
import { PromqlExpr } from '../promql/promql-ast';
import { SelectorRequest, selectorsOf } from '../promql/selectors-of';
import { CompiledAlertingRule } from './notification-condition';

/**
 * The series an alert's notification charts: the value the alert shows (a threshold rule's left-hand side, an
 * anomaly or forecast rule's series) over the hours before the notification, for the one series the alert is about.
 * SLO alerts have no single series to chart.
 */

export const CHART_SPAN_MS = 3 * 3_600_000;
export const CHART_MAX_POINTS = 180;

export interface ChartSource {
  readonly expr: PromqlExpr;
  /** The labels the rule adds to every alert, to find the alert's series among the expression's. */
  readonly ruleLabels: Labels;
  /** What to read: the expression's selectors, widened by the chart's span (keys unchanged). */
  readonly requests: SelectorRequest[];
}

export function chartSource(compiled: CompiledAlertingRule): ChartSource | undefined {
  let expr: PromqlExpr;
  let ruleLabels: Labels;
  switch (compiled.kind) {
    case 'threshold':
      expr = compiled.comparison?.lhs ?? compiled.expr;
      ruleLabels = compiled.spec.labels;
      break;
    case 'anomaly':
    case 'forecast':
      expr = compiled.expr;
      ruleLabels = { ...compiled.group.labels, ...compiled.rule.labels };
      break;
    case 'slo':
      return undefined;
  }
  return {
    expr,
    ruleLabels,
    requests: selectorsOf(expr).map((request) => ({ ...request, rangeMs: request.rangeMs + CHART_SPAN_MS })),
  };
}

/**
 * Every series of the expression over `CHART_SPAN_MS` before `nowMs` (at most `CHART_MAX_POINTS` points each), by the
 * fingerprint of the alert it would raise: evaluated once for all the alerts of a rule that fire together.
 */
export function chartPointsByAlert(
  source: ChartSource,
  ruleName: string,
  data: SelectorData,
  nowMs: number,
  intervalMs: number,
): Map<string, Array<[number, number]>> {
  const stepMs = Math.max(intervalMs, Math.ceil(CHART_SPAN_MS / CHART_MAX_POINTS));
  const series = evaluateOverRange(
    source.expr,
    data,
    alignedStart(nowMs, CHART_SPAN_MS, stepMs),
    nowMs,
    stepMs,
  );
  const byAlert = new Map<string, Array<[number, number]>>();
  for (const { labels, points } of series.values()) {
    byAlert.set(fingerprint(alertLabels({ name: ruleName, labels: source.ruleLabels }, labels)), points);
  }
  return byAlert;
}
