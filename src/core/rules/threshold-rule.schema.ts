import { z } from 'zod';
import { parsePromql } from '../promql/parse-promql';
import { PromqlParseError } from '../promql/promql-parse-error';
import { splitAlertComparison } from '../promql/alert-expression';
import {
  IssueLocation,
  annotationsSchema,
  durationSchema,
  identifierSchema,
  labelsSchema,
  nonEmptyStringSchema,
  strictObject,
  urlSchema,
} from './schema-fields';

export const THRESHOLD_COMPARISON_MESSAGE =
  'a threshold rule\'s expr must end in a comparison with a number, e.g. "... > 0.5"';

/** Why `expr` cannot be a threshold rule's expression, with the 0-based offset of the problem, or undefined. */
export function thresholdExprProblem(expr: string): { message: string; offset: number } | undefined {
  try {
    return splitAlertComparison(parsePromql(expr)) === undefined
      ? { message: THRESHOLD_COMPARISON_MESSAGE, offset: 0 }
      : undefined;
  } catch (error) {
    if (error instanceof PromqlParseError) {
      return { message: error.message, offset: error.offset };
    }
    throw error;
  }
}

const thresholdExprSchema = nonEmptyStringSchema.superRefine((expr, ctx) => {
  const problem = thresholdExprProblem(expr);
  if (problem !== undefined) {
    const params: IssueLocation = { offset: problem.offset };
    ctx.addIssue({ code: 'custom', message: problem.message, input: expr, params });
  }
});

/** A `kind: threshold` rule as written in YAML (`kind` may be left out). */
export const thresholdRuleSchema = strictObject({
  alert: identifierSchema('alert name'),
  kind: z.literal('threshold').default('threshold'),
  expr: thresholdExprSchema,
  for: durationSchema().optional(),
  keep_firing_for: durationSchema().optional(),
  labels: labelsSchema.optional(),
  annotations: annotationsSchema.optional(),
  runbook_url: urlSchema.optional(),
  dashboard_url: urlSchema.optional(),
});

export type ThresholdRuleInput = z.input<typeof thresholdRuleSchema>;
