import { z } from 'zod';
import { Labels } from '../model';
import { PromqlExpr } from '../promql/promql-ast';
import { parsePromql } from '../promql/parse-promql';
import { PromqlParseError } from '../promql/promql-parse-error';
import { describeValue } from '../rules/describe-value';
import {
  IssueLocation,
  durationSchema,
  identifierSchema,
  nonEmptyStringSchema,
  strictObject,
} from '../rules/schema-fields';
import { formatNumber } from '../templates/go-format';
import { SeriesValue, expandSeriesNotation, parseSeriesNumber } from './expand-series-notation';
import { parseSeriesLabels } from './parse-series-labels';

/**
 * Schema of a rule unit-test file (`rules/tests/*.test.yaml`), promtool's format: `rule_files`, `evaluation_interval`,
 * `group_eval_order`, `fuzzy_compare` and `tests`, each test with `input_series`, `alert_rule_test` and
 * `promql_expr_test`. Unknown keys are errors. Series, values and expressions are parsed here, so that their errors
 * point into the string.
 */

/** promtool's default `evaluation_interval`. */
export const DEFAULT_EVALUATION_INTERVAL_MS = 60_000;

function customIssue(ctx: z.core.$RefinementCtx, message: string, input: unknown, offset: number): void {
  const params: IssueLocation = { offset };
  ctx.addIssue({ code: 'custom', message, input, params });
}

/** Keys of promtool's format that forewarn does not implement: an error that says so, not "unknown key". */
function unsupported(reason: string) {
  return z.unknown().superRefine((value, ctx) => {
    ctx.addIssue({
      code: 'custom',
      message: `not supported by forewarn rules test: ${reason}`,
      input: value,
    });
  });
}

const seriesSchema = z.string().transform((text, ctx): Labels => {
  const parsed = parseSeriesLabels(text);
  if (!parsed.ok) {
    customIssue(ctx, parsed.message, text, parsed.offset);
    return z.NEVER;
  }
  if (Object.keys(parsed.labels).length === 0) {
    customIssue(ctx, 'a series needs at least one label with a value', text, 0);
    return z.NEVER;
  }
  return parsed.labels;
});

/** `values:` is a string; a lone number (`values: 5`) is read the same way. */
const valuesSchema = z
  .preprocess(
    (value) => (typeof value === 'number' ? formatNumber(value).replace(/^\+/, '') : value),
    z.string(),
  )
  .transform((text, ctx): SeriesValue[] => {
    const expanded = expandSeriesNotation(text);
    if (!expanded.ok) {
      customIssue(ctx, expanded.message, text, expanded.offset);
      return z.NEVER;
    }
    return expanded.values;
  });

const stringValueSchema = z.string({
  error: (issue) =>
    typeof issue.input === 'number' || typeof issue.input === 'boolean'
      ? `expected a string, got ${describeValue(issue.input)}; quote it, e.g. "${String(issue.input)}"`
      : undefined,
});

const nullableList = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullable()
    .optional()
    .transform((list) => list ?? []);

const expectedAlertSchema = strictObject({
  exp_labels: z.record(identifierSchema('label name'), stringValueSchema).nullable().optional(),
  exp_annotations: z.record(identifierSchema('annotation name'), stringValueSchema).nullable().optional(),
});

const alertTestCaseSchema = strictObject({
  eval_time: durationSchema(),
  // A label value: an `alert:` name, or an SLO's name (`checkout-availability`).
  alertname: nonEmptyStringSchema,
  exp_alerts: nullableList(expectedAlertSchema),
});

const exprSchema = nonEmptyStringSchema.transform((text, ctx): { text: string; expr: PromqlExpr } => {
  try {
    return { text, expr: parsePromql(text) };
  } catch (error) {
    if (error instanceof PromqlParseError) {
      customIssue(ctx, error.message, text, error.offset);
      return z.NEVER;
    }
    throw error;
  }
});

const sampleLabelsSchema = z.string().transform((text, ctx): Labels => {
  const parsed = parseSeriesLabels(text, { allowEmpty: true });
  if (!parsed.ok) {
    customIssue(ctx, parsed.message, text, parsed.offset);
    return z.NEVER;
  }
  return parsed.labels;
});

/** A number; YAML's `.inf`/`.nan` or promtool's spellings `Inf`, `-Inf`, `NaN` as strings. */
const sampleValueSchema = z.unknown().transform((value, ctx): number => {
  if (typeof value === 'number') {
    return value;
  }
  const parsed = typeof value === 'string' ? parseSeriesNumber(value) : undefined;
  if (parsed === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a number, got ${describeValue(value)}`, input: value });
    return z.NEVER;
  }
  return parsed;
});

const expectedSampleSchema = strictObject({
  labels: sampleLabelsSchema.optional().transform((labels) => labels ?? {}),
  value: sampleValueSchema,
});

const promqlTestCaseSchema = strictObject({
  expr: exprSchema,
  eval_time: durationSchema(),
  exp_samples: nullableList(expectedSampleSchema),
});

const testGroupSchema = strictObject({
  name: z.string().optional(),
  interval: durationSchema({ positive: true }).optional(),
  input_series: nullableList(strictObject({ series: seriesSchema, values: valuesSchema })),
  alert_rule_test: nullableList(alertTestCaseSchema),
  promql_expr_test: nullableList(promqlTestCaseSchema),
  external_labels: unsupported('annotation templates cannot read external labels').optional(),
  external_url: unsupported('annotation templates cannot read the external URL').optional(),
  start_timestamp: unsupported('tests start at time 0').optional(),
});

export const ruleTestFileSchema = strictObject({
  rule_files: nullableList(nonEmptyStringSchema),
  evaluation_interval: durationSchema({ positive: true }).optional(),
  group_eval_order: nullableList(nonEmptyStringSchema),
  fuzzy_compare: z.boolean().optional(),
  tests: z.array(testGroupSchema),
});

/** A test file as written in YAML. */
export type RuleTestFileInput = z.input<typeof ruleTestFileSchema>;
/** A test file as parsed by the schema, before positions are attached. */
export type ParsedRuleTestFileData = z.output<typeof ruleTestFileSchema>;
