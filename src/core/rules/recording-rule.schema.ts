import { z } from 'zod';
import { promqlSchema, vectorProblem } from './promql-fields';
import { describeValue } from './describe-value';
import { labelsSchema, strictObject } from './schema-fields';

/** Metric names: `[a-zA-Z_:][a-zA-Z0-9_:]*` (recording rules conventionally use `level:metric:operations`). */
export const METRIC_NAME_PATTERN = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

const metricNameSchema = z.string().regex(METRIC_NAME_PATTERN, {
  error: (issue) =>
    `${describeValue(issue.input)} is not a valid metric name; use letters, digits, underscores and colons, not starting with a digit`,
});

/** A recording rule as written in YAML: `record:` and `expr:`, as in Prometheus (`kind: recording` is optional). */
export const recordingRuleSchema = strictObject({
  record: metricNameSchema,
  kind: z.literal('recording').default('recording'),
  expr: promqlSchema(vectorProblem),
  labels: labelsSchema.optional(),
});
