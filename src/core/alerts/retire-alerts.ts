import { AlertState } from './alert-state';
import { AlertRuleEvaluation, evaluateAlertRule } from './evaluate-alert-rule';

/**
 * The alerts of a rule that no longer exists (removed from its file), evaluated as if nothing breached: firing
 * alerts resolve at once (and so notify, instead of leaving a red message behind), pending ones are forgotten,
 * resolved ones age out after 15 minutes like any other.
 */
export function retireAlerts(
  ruleName: string,
  previous: readonly AlertState[],
  nowMs: number,
): AlertRuleEvaluation {
  return evaluateAlertRule(
    {
      name: ruleName,
      forMs: 0,
      keepFiringForMs: 0,
      minFiringMs: 0,
      noData: 'resolve',
      hasResolveCondition: false,
      labels: {},
      renderAnnotations: () => ({}),
    },
    previous,
    { breaching: [] },
    nowMs,
  );
}
