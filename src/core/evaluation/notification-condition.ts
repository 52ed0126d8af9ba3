import { AlertNotification } from '../alerts/alert-notification';
import { Labels } from '../model';
import { SloEvaluation } from '../slo/evaluate-slo';
import { sloNotificationFields } from '../slo/slo-notification';
import { CompiledAnomalyRule } from './anomaly-rule';
import { CompiledAlertRule } from './compile-alert-rule';
import { CompiledSloRule } from './compile-slo-rule';
import { CompiledForecastRule } from './forecast-rule';

export type CompiledAlertingRule =
  CompiledAlertRule | CompiledSloRule | CompiledAnomalyRule | CompiledForecastRule;

type Condition = Pick<AlertNotification, 'expr' | 'threshold' | 'slo' | 'band'>;

/**
 * What a notification says the alert's condition is, per rule kind: the expression and threshold of a threshold
 * rule; the watched series and the threshold a forecast expects to cross; the series and the detector's expected
 * band (from the alert's annotations) for an anomaly; the SLO and its budget for an SLO.
 */
export function notificationCondition(
  compiled: CompiledAlertingRule,
  slo: SloEvaluation | undefined,
  labels: Labels,
  annotations: Labels = {},
): Condition {
  switch (compiled.kind) {
    case 'threshold':
      return {
        expr: compiled.rule.expr,
        ...(compiled.comparison === undefined
          ? {}
          : { threshold: { op: compiled.comparison.op, value: compiled.comparison.threshold } }),
      };
    case 'slo':
      return sloNotificationFields(compiled.rule, slo, labels);
    case 'forecast':
      return {
        expr: compiled.rule.series,
        threshold: { op: compiled.rule.direction === 'above' ? '>=' : '<=', value: compiled.rule.threshold },
      };
    case 'anomaly': {
      const [expected, lower, upper] = [annotations.expected, annotations.lower, annotations.upper].map(
        Number,
      );
      const band =
        expected !== undefined &&
        lower !== undefined &&
        upper !== undefined &&
        [expected, lower, upper].every(Number.isFinite)
          ? { band: { expected, lower, upper } }
          : {};
      return { expr: compiled.rule.series, ...band };
    }
  }
}
