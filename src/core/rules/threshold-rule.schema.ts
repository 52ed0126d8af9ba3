import { z } from 'zod';
import { alertNameSchema, alertingRuleFields } from './alerting-rule-fields';
import { comparisonProblem, parsePromqlCached, promqlSchema } from './promql-fields';
import { strictObject } from './schema-fields';

export const THRESHOLD_COMPARISON_MESSAGE =
  'a threshold rule\'s expr must end in a comparison with a number, e.g. "... > 0.5"';

const thresholdComparison = comparisonProblem(THRESHOLD_COMPARISON_MESSAGE);

/** Why `expr` cannot be a threshold rule's expression, with the 0-based offset of the problem, or undefined. */
export function thresholdExprProblem(expr: string): { message: string; offset: number } | undefined {
  const parsed = parsePromqlCached(expr);
  return parsed.ok
    ? thresholdComparison(parsed.expr, expr)
    : { message: parsed.message, offset: parsed.offset };
}

/** A `kind: threshold` rule as written in YAML (`kind` may be left out). */
export const thresholdRuleSchema = strictObject({
  alert: alertNameSchema,
  kind: z.literal('threshold').default('threshold'),
  expr: promqlSchema(thresholdComparison),
  ...alertingRuleFields,
});

export type ThresholdRuleInput = z.input<typeof thresholdRuleSchema>;
