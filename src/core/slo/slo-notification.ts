import { AlertNotification } from '../alerts/alert-notification';
import { Labels } from '../model';
import { SloRule } from '../rules/rule-file.schema';
import { SLO_ALERT_LABEL, SloEvaluation, sloWindowName } from './evaluate-slo';

/**
 * The parts of a notification that say what an SLO alert is about: the SLO as its "expression", the burn-rate
 * threshold the long window crossed, and the budget left with its exhaustion forecast.
 */
export function sloNotificationFields(
  rule: SloRule,
  slo: SloEvaluation | undefined,
  labels: Labels,
): Pick<AlertNotification, 'expr' | 'threshold' | 'slo'> {
  const budget = slo?.budget.kind === 'budget' ? slo.budget : undefined;
  const threshold = labels[SLO_ALERT_LABEL] === 'burn_rate' ? Number(labels.burn_rate) : undefined;
  return {
    expr: `SLO ${rule.name}: ${rule.objective}% over ${sloWindowName(rule)}`,
    ...(threshold === undefined || !Number.isFinite(threshold)
      ? {}
      : { threshold: { op: '>', value: threshold } }),
    slo: {
      name: rule.name,
      objective: rule.objective,
      ...(budget === undefined
        ? {}
        : { budgetRemainingRatio: budget.remainingRatio, budgetRemainingMinutes: budget.remainingMinutes }),
      ...(slo?.exhaustion.status === 'decreasing' ? { exhaustionAtMs: slo.exhaustion.exhaustionMs } : {}),
    },
  };
}
