import { comparisonProblem, promqlSchema } from './promql-fields';
import {
  annotationsSchema,
  choiceSchema,
  durationSchema,
  identifierSchema,
  labelsSchema,
  numberSchema,
  urlSchema,
} from './schema-fields';
import type { AlertingRuleBase, NoDataPolicy } from './rule-file.schema';

/** Keys every alerting rule (threshold, anomaly, forecast, slo) accepts, and their defaults. */

export const NO_DATA_POLICIES = ['alert', 'keep', 'resolve'] as const;
export const DEFAULT_FLAP_THRESHOLD = 6;

export const RESOLVE_WHEN_COMPARISON_MESSAGE =
  'must be a comparison with a number, true for a series once its alert may resolve, e.g. "... < 0.4"';

/** `alert:` names an alert: `[a-zA-Z_][a-zA-Z0-9_]*`. */
export const alertNameSchema = identifierSchema('alert name');

export const alertingRuleFields = {
  for: durationSchema().optional(),
  keep_firing_for: durationSchema().optional(),
  min_firing: durationSchema().optional(),
  resolve_when: promqlSchema(comparisonProblem(RESOLVE_WHEN_COMPARISON_MESSAGE)).optional(),
  no_data: choiceSchema('no_data policy', NO_DATA_POLICIES).optional(),
  flap_threshold: numberSchema({ int: true, min: 1 }).optional(),
  labels: labelsSchema.optional(),
  annotations: annotationsSchema.optional(),
  runbook_url: urlSchema.optional(),
  dashboard_url: urlSchema.optional(),
};

/** The parsed form of `alertingRuleFields`, as zod hands it to a rule's transform. */
export interface AlertingRuleFieldsInput {
  for?: number | undefined;
  keep_firing_for?: number | undefined;
  min_firing?: number | undefined;
  resolve_when?: string | undefined;
  no_data?: NoDataPolicy | undefined;
  flap_threshold?: number | undefined;
  labels?: Record<string, string> | undefined;
  annotations?: Record<string, string> | undefined;
  runbook_url?: string | undefined;
  dashboard_url?: string | undefined;
}

/** The common output fields, with defaults applied. Optional fields are left out when not written. */
export function alertingRuleBase(
  name: string,
  raw: AlertingRuleFieldsInput,
  defaults: { noData: NoDataPolicy } = { noData: 'resolve' },
): AlertingRuleBase {
  return {
    name,
    forMs: raw.for ?? 0,
    keepFiringForMs: raw.keep_firing_for ?? 0,
    labels: raw.labels ?? {},
    annotations: raw.annotations ?? {},
    ...(raw.runbook_url === undefined ? {} : { runbookUrl: raw.runbook_url }),
    ...(raw.dashboard_url === undefined ? {} : { dashboardUrl: raw.dashboard_url }),
    noData: raw.no_data ?? defaults.noData,
    ...(raw.resolve_when === undefined ? {} : { resolveWhen: raw.resolve_when }),
    minFiringMs: raw.min_firing ?? 0,
    flapThreshold: raw.flap_threshold ?? DEFAULT_FLAP_THRESHOLD,
  };
}
