import { AlertRuleSpec } from '../alerts/evaluate-alert-rule';
import { splitAlertComparison } from '../promql/alert-expression';
import { PromqlExpr } from '../promql/promql-ast';
import { parsePromql } from '../promql/parse-promql';
import { SelectorRequest, selectorsOf } from '../promql/selectors-of';
import { AlertRule, RuleGroup } from '../rules/rule-file.schema';
import { compileTemplate } from '../templates/render-template';

/** A validated rule, ready to evaluate: expression parsed, selectors listed, annotation templates compiled. */
export interface CompiledAlertRule {
  readonly group: RuleGroup;
  readonly rule: AlertRule;
  readonly expr: PromqlExpr;
  readonly selectors: readonly SelectorRequest[];
  readonly threshold?: { readonly op: string; readonly value: number };
  readonly spec: AlertRuleSpec;
}

/** Compiles a rule that the loader already validated; throws if it is not (a programming error). */
export function compileAlertRule(group: RuleGroup, rule: AlertRule): CompiledAlertRule {
  const expr = parsePromql(rule.expr);
  const comparison = splitAlertComparison(expr);
  const templates = Object.entries(rule.annotations).map(([key, text]) => {
    const compiled = compileTemplate(text);
    if (!compiled.ok) {
      throw new Error(`annotation ${key} of ${group.name}/${rule.name}: ${compiled.message}`);
    }
    return [key, compiled] as const;
  });
  return {
    group,
    rule,
    expr,
    selectors: selectorsOf(expr),
    threshold: comparison && { op: comparison.op, value: comparison.threshold },
    spec: {
      name: rule.name,
      forMs: rule.forMs,
      keepFiringForMs: rule.keepFiringForMs,
      labels: { ...group.labels, ...rule.labels },
      renderAnnotations: (context) => {
        const rendered: Record<string, string> = {};
        for (const [key, template] of templates) {
          rendered[key] = template.render(context);
        }
        return rendered;
      },
    },
  };
}
