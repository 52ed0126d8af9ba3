import { AlertRuleSpec } from '../alerts/evaluate-alert-rule';
import { Labels } from '../model';
import { AlertingRuleBase } from '../rules/rule-file.schema';

/**
 * The state-machine spec of an anomaly, forecast or SLO rule: the rule's lifecycle fields, its labels, and its
 * annotations as forewarn writes them (`generated`, from this evaluation's results) under the rule's own templates.
 * These kinds have no `resolve_when`.
 */
export function generatedAnnotationsSpec(
  rule: AlertingRuleBase,
  labels: Labels,
  generated: (labels: Labels, value: number) => Labels,
  renderUserAnnotations: AlertRuleSpec['renderAnnotations'],
): AlertRuleSpec {
  return {
    name: rule.name,
    forMs: rule.forMs,
    keepFiringForMs: rule.keepFiringForMs,
    minFiringMs: rule.minFiringMs,
    noData: rule.noData,
    hasResolveCondition: false,
    labels,
    renderAnnotations: (context) => ({
      ...generated(context.labels, context.value),
      ...renderUserAnnotations(context),
    }),
  };
}
