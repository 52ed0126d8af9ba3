import { AlertState } from '../alerts/alert-state';
import { AlertRuleEvaluation, evaluateAlertRule } from '../alerts/evaluate-alert-rule';
import { VectorElement } from '../model';
import { SelectorData, evaluatePromql } from '../promql/evaluate-promql';
import { ComparisonOp, PromqlExpr } from '../promql/promql-ast';
import { CompiledAlertRule } from './compile-alert-rule';

const COMPARE: Readonly<Record<ComparisonOp, (value: number, threshold: number) => boolean>> = {
  '>': (value, threshold) => value > threshold,
  '<': (value, threshold) => value < threshold,
  '>=': (value, threshold) => value >= threshold,
  '<=': (value, threshold) => value <= threshold,
  '==': (value, threshold) => value === threshold,
  '!=': (value, threshold) => value !== threshold,
};

function vectorOf(expr: PromqlExpr, data: SelectorData, nowMs: number): VectorElement[] {
  const result = evaluatePromql(expr, data, nowMs);
  return result.type === 'vector' ? result.elements : [];
}

/**
 * `(rule, prevState, data, now) → (state, transitions)`: the one evaluation step that production, `rules test` and
 * backtests share. For `<vector> <cmp> <number>` expressions the left side is evaluated once: every series it returns
 * has data, and those passing the comparison breach (exactly what Prometheus's filtering comparison keeps). Other
 * expressions breach with whatever they return, and missing data cannot be told from a quiet series.
 */
export function evaluateRule(
  compiled: CompiledAlertRule,
  previous: readonly AlertState[],
  data: SelectorData,
  nowMs: number,
): AlertRuleEvaluation {
  let breaching: VectorElement[];
  let present: VectorElement[] | undefined;
  if (compiled.comparison === undefined) {
    breaching = vectorOf(compiled.expr, data, nowMs);
  } else {
    const { lhs, op, threshold } = compiled.comparison;
    present = vectorOf(lhs, data, nowMs);
    breaching = present.filter((element) => COMPARE[op](element.value, threshold));
  }
  const resolvable =
    compiled.resolveWhen === undefined ? undefined : vectorOf(compiled.resolveWhen, data, nowMs);
  return evaluateAlertRule(compiled.spec, previous, { breaching, present, resolvable }, nowMs);
}
