import { z } from 'zod';
import { alertNameSchema, alertingRuleFields } from './alerting-rule-fields';
import { promqlSchema, seriesProblem } from './promql-fields';
import { choiceSchema, durationSchema, nameListSchema, numberSchema, strictObject } from './schema-fields';

export const ANOMALY_DETECTORS = ['seasonal', 'robust', 'ewma', 'holt_winters', 'cusum', 'ensemble'] as const;
export const ANOMALY_DIRECTIONS = ['up', 'down', 'both'] as const;
export const DEFAULT_SENSITIVITY = 3;
export const DEFAULT_MIN_HISTORY_MS = 86_400_000;

/** The watched values of an anomaly or forecast rule: PromQL without a top-level comparison. */
export const seriesSchema = promqlSchema(seriesProblem);

/** A `kind: anomaly` rule as written in YAML. */
export const anomalyRuleSchema = strictObject({
  alert: alertNameSchema,
  kind: z.literal('anomaly'),
  series: seriesSchema,
  detector: choiceSchema('detector', ANOMALY_DETECTORS),
  sensitivity: numberSchema({ gt: 0 }).optional(),
  min_deviation: numberSchema({ min: 0 }).optional(),
  direction: choiceSchema('direction', ANOMALY_DIRECTIONS).optional(),
  min_history: durationSchema().optional(),
  exclude: nameListSchema.optional(),
  ...alertingRuleFields,
});
