import { z } from 'zod';
import { alertNameSchema, alertingRuleFields } from './alerting-rule-fields';
import { seriesSchema } from './anomaly-rule.schema';
import { choiceSchema, durationSchema, numberSchema, strictObject } from './schema-fields';

export const FORECAST_METHODS = ['linear', 'holt_winters', 'seasonal_linear'] as const;
export const FORECAST_DIRECTIONS = ['above', 'below'] as const;
/** A horizon longer than this many lookbacks is reported as a warning. */
export const MAX_HORIZON_LOOKBACKS = 10;

/** A `kind: forecast` rule as written in YAML: fires when `series` is forecast to cross `threshold` within `horizon`. */
export const forecastRuleSchema = strictObject({
  alert: alertNameSchema,
  kind: z.literal('forecast'),
  series: seriesSchema,
  method: choiceSchema('forecast method', FORECAST_METHODS),
  lookback: durationSchema({ positive: true }),
  /** `seasonal_linear` only: the last part of the lookback the trend is fitted on (default 2h). */
  trend_window: durationSchema({ positive: true }).optional(),
  threshold: numberSchema(),
  direction: choiceSchema('direction', FORECAST_DIRECTIONS).optional(),
  horizon: durationSchema({ positive: true }),
  ...alertingRuleFields,
});
