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

/** The expressions a threshold rule's evaluation needs: the compared side (or the whole `expr`) and `resolve_when`. */
export interface ThresholdQueries {
  readonly main: PromqlExpr;
  readonly resolveWhen?: PromqlExpr;
}

/** The instant vectors of `ThresholdQueries` at the evaluation time, however they were computed. */
export interface ThresholdVectors {
  readonly main: readonly VectorElement[];
  readonly resolveWhen?: readonly VectorElement[];
}

export function thresholdQueries(compiled: CompiledAlertRule): ThresholdQueries {
  return {
    main: compiled.comparison?.lhs ?? compiled.expr,
    ...(compiled.resolveWhen === undefined ? {} : { resolveWhen: compiled.resolveWhen }),
  };
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
  const queries = thresholdQueries(compiled);
  return evaluateRuleOnVectors(
    compiled,
    previous,
    {
      main: vectorOf(queries.main, data, nowMs),
      ...(queries.resolveWhen === undefined
        ? {}
        : { resolveWhen: vectorOf(queries.resolveWhen, data, nowMs) }),
    },
    nowMs,
  );
}

/** `evaluateRule` on vectors already evaluated (by a backend that evaluates PromQL itself, such as Prometheus). */
export function evaluateRuleOnVectors(
  compiled: CompiledAlertRule,
  previous: readonly AlertState[],
  vectors: ThresholdVectors,
  nowMs: number,
): AlertRuleEvaluation {
  let breaching: VectorElement[];
  let present: VectorElement[] | undefined;
  if (compiled.comparison === undefined) {
    breaching = [...vectors.main];
  } else {
    const { op, threshold } = compiled.comparison;
    present = [...vectors.main];
    breaching = present.filter((element) => COMPARE[op](element.value, threshold));
  }
  const resolvable = vectors.resolveWhen === undefined ? undefined : [...vectors.resolveWhen];
  return evaluateAlertRule(compiled.spec, previous, { breaching, present, resolvable }, nowMs);
}
