import { AlertRuleSpec } from '../alerts/evaluate-alert-rule';
import { splitAlertComparison } from '../promql/alert-expression';
import { ComparisonOp, PromqlExpr } from '../promql/promql-ast';
import { parsePromql } from '../promql/parse-promql';
import { SelectorRequest, selectorsOf } from '../promql/selectors-of';
import { AlertRule, RuleGroup } from '../rules/rule-file.schema';
import { compileAnnotations } from './compile-annotations';

/** A validated rule, ready to evaluate: expressions parsed, selectors listed, annotation templates compiled. */
export interface CompiledAlertRule {
  readonly kind: 'threshold';
  readonly group: RuleGroup;
  readonly rule: AlertRule;
  readonly expr: PromqlExpr;
  /** The top-level `<vector> <cmp> <number>` of `expr`, when it has one. */
  readonly comparison?: { readonly lhs: PromqlExpr; readonly op: ComparisonOp; readonly threshold: number };
  readonly resolveWhen?: PromqlExpr;
  /** Every selector the rule reads (expr and resolve_when). */
  readonly selectors: readonly SelectorRequest[];
  readonly spec: AlertRuleSpec;
}

/** Compiles a rule that the loader already validated; throws if it is not (a programming error). */
export function compileAlertRule(group: RuleGroup, rule: AlertRule): CompiledAlertRule {
  const expr = parsePromql(rule.expr);
  const comparison = splitAlertComparison(expr);
  const resolveWhen = rule.resolveWhen === undefined ? undefined : parsePromql(rule.resolveWhen);
  const renderAnnotations = compileAnnotations(group, rule.name, rule.annotations);
  return {
    kind: 'threshold',
    group,
    rule,
    expr,
    comparison,
    resolveWhen,
    selectors: [...selectorsOf(expr), ...(resolveWhen === undefined ? [] : selectorsOf(resolveWhen))],
    spec: {
      name: rule.name,
      forMs: rule.forMs,
      keepFiringForMs: rule.keepFiringForMs,
      minFiringMs: rule.minFiringMs,
      noData: rule.noData,
      hasResolveCondition: resolveWhen !== undefined,
      labels: { ...group.labels, ...rule.labels },
      renderAnnotations,
    },
  };
}
