import { AlertState } from '../alerts/alert-state';
import { AlertRuleEvaluation, evaluateAlertRule } from '../alerts/evaluate-alert-rule';
import { SelectorData, evaluatePromql } from '../promql/evaluate-promql';
import { CompiledAlertRule } from './compile-alert-rule';

/**
 * `(rule, prevState, data, now) → (state, transitions)`: the one evaluation step that production, `rules test` and
 * backtests share. For threshold rules: every element the expression returns
 * (the comparison already filtered it) is a breaching series. A scalar result breaches nothing.
 */
export function evaluateRule(
  compiled: CompiledAlertRule,
  previous: readonly AlertState[],
  data: SelectorData,
  nowMs: number,
): AlertRuleEvaluation {
  const result = evaluatePromql(compiled.expr, data, nowMs);
  const breaching = result.type === 'vector' ? result.elements : [];
  return evaluateAlertRule(compiled.spec, previous, breaching, nowMs);
}
