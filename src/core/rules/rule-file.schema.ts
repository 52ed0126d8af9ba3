import { z } from 'zod';
import { Labels } from '../model';
import { durationSchema, labelsSchema, nonEmptyStringSchema, strictObject } from './schema-fields';
import { thresholdRuleSchema } from './threshold-rule.schema';

/**
 * Schema of a rule file (`rules/*.yaml`): `groups:` of named rule groups, each with `rules:`. Rules are a union on
 * `kind` (default `threshold`), so new kinds are new options of `alertRuleSchema`. Parsing yields the typed
 * `RuleGroup`s below (durations in ms, camelCase), except `file`, which the loader adds.
 */

export interface ThresholdRule {
  kind: 'threshold';
  name: string;
  expr: string;
  forMs: number;
  keepFiringForMs: number;
  labels: Labels;
  annotations: Labels;
  runbookUrl?: string;
  dashboardUrl?: string;
}

export type AlertRule = ThresholdRule;

export interface RuleGroup {
  name: string;
  file: string;
  intervalMs: number;
  /** Group default labels. Rule labels (`AlertRule.labels`, kept as written) override them. */
  labels: Labels;
  rules: AlertRule[];
}

export const DEFAULT_GROUP_INTERVAL_MS = 60_000;

export const alertRuleSchema = z.discriminatedUnion('kind', [
  thresholdRuleSchema.transform((raw): ThresholdRule => ({
    kind: 'threshold',
    name: raw.alert,
    expr: raw.expr,
    forMs: raw.for ?? 0,
    keepFiringForMs: raw.keep_firing_for ?? 0,
    labels: raw.labels ?? {},
    annotations: raw.annotations ?? {},
    ...(raw.runbook_url === undefined ? {} : { runbookUrl: raw.runbook_url }),
    ...(raw.dashboard_url === undefined ? {} : { dashboardUrl: raw.dashboard_url }),
  })),
]);

export const ruleGroupSchema = strictObject({
  name: nonEmptyStringSchema,
  interval: durationSchema({ positive: true }).optional(),
  labels: labelsSchema.optional(),
  rules: z.array(alertRuleSchema),
}).transform((raw): Omit<RuleGroup, 'file'> => ({
  name: raw.name,
  intervalMs: raw.interval ?? DEFAULT_GROUP_INTERVAL_MS,
  labels: raw.labels ?? {},
  rules: raw.rules,
}));

export const ruleFileSchema = strictObject({
  groups: z.array(ruleGroupSchema),
});

/** A rule file as written in YAML. */
export type RuleFileInput = z.input<typeof ruleFileSchema>;
/** A parsed rule file: groups without `file`. */
export type ParsedRuleFile = z.output<typeof ruleFileSchema>;
