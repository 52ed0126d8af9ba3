import { z } from 'zod';
import { Labels } from '../model';
import { didYouMean } from '../templates/did-you-mean';
import { alertingRuleBase } from './alerting-rule-fields';
import { DEFAULT_MIN_HISTORY_MS, DEFAULT_SENSITIVITY, anomalyRuleSchema } from './anomaly-rule.schema';
import { CALENDAR_MONTH_MS, burnRatePreset } from './burn-rate-presets';
import { describeValue, isRecord } from './describe-value';
import { forecastRuleSchema } from './forecast-rule.schema';
import { recordingRuleSchema } from './recording-rule.schema';
import { DEFAULT_PAGE_HORIZON_MS, DEFAULT_TICKET_HORIZON_MS, sloRuleSchema } from './slo-rule.schema';
import { durationSchema, labelsSchema, nonEmptyStringSchema, strictObject } from './schema-fields';
import { thresholdRuleSchema } from './threshold-rule.schema';

/**
 * Schema of a rule file (`rules/*.yaml`): `groups:` of named rule groups, each with `rules:`. Rules are a union on
 * `kind`; `kind` may be left out for threshold rules (named with `alert:`) and recording rules (named with
 * `record:`), as in Prometheus rule files. Parsing yields the typed `RuleGroup`s below (durations in ms,
 * camelCase), except `file`, which the loader adds.
 */

export type { NoDataPolicy } from '../alerts/evaluate-alert-rule';
import type { NoDataPolicy } from '../alerts/evaluate-alert-rule';

/** Fields of every alerting rule (all kinds but recording). */
export interface AlertingRuleBase {
  name: string;
  forMs: number;
  keepFiringForMs: number;
  labels: Labels;
  annotations: Labels;
  runbookUrl?: string;
  dashboardUrl?: string;
  /** YAML `no_data`: what a series without data means. Default `resolve` (`alert` for SLOs). */
  noData: NoDataPolicy;
  /** YAML `resolve_when`: a comparison that must hold before a firing alert resolves (hysteresis). */
  resolveWhen?: string;
  /** YAML `min_firing`, default 0: a firing alert stays firing at least this long. */
  minFiringMs: number;
  /** YAML `flap_threshold`, default 6: more fire+resolve transitions than this in an hour mark the rule flapping. */
  flapThreshold: number;
}

export interface ThresholdRule extends AlertingRuleBase {
  kind: 'threshold';
  expr: string;
}

export type AnomalyDetector = 'seasonal' | 'robust' | 'ewma' | 'holt_winters' | 'cusum' | 'ensemble';

export interface AnomalyRule extends AlertingRuleBase {
  kind: 'anomaly';
  /** PromQL without a top-level comparison. */
  series: string;
  detector: AnomalyDetector;
  /** > 0, default 3. */
  sensitivity: number;
  /** >= 0, default 0. */
  minDeviation: number;
  /** Default `both`. */
  direction: 'up' | 'down' | 'both';
  /** Default 1d. */
  minHistoryMs: number;
  /** Names of `time_intervals` (maintenance, holidays) not learned from; default []. */
  exclude: string[];
}

export interface ForecastRule extends AlertingRuleBase {
  kind: 'forecast';
  series: string;
  method: 'linear' | 'holt_winters' | 'seasonal_linear';
  lookbackMs: number;
  /** YAML `trend_window`, `seasonal_linear` only; absent: the method's default. */
  trendWindowMs?: number;
  threshold: number;
  /** Default `above`. */
  direction: 'above' | 'below';
  horizonMs: number;
}

export interface BurnRateWindow {
  severity: 'critical' | 'warning' | 'info';
  burnRate: number;
  longWindowMs: number;
  shortWindowMs: number;
}

export type SloWindow = { type: 'rolling'; ms: number } | { type: 'calendar'; unit: 'month' };

export type SloIndicator =
  | { type: 'events'; good?: string; bad?: string; total: string }
  | { type: 'latency'; metric: string; le: number };

export interface SloRule extends AlertingRuleBase {
  kind: 'slo';
  /** Percent, 0 < x < 100. */
  objective: number;
  window: SloWindow;
  /** Events: exactly one of `good`/`bad`, and `total`. Latency: a histogram and a bucket bound. */
  sli: SloIndicator;
  service?: string;
  team?: string;
  description?: string;
  /** YAML `burn_rates`: a preset (scaled to the SLO window) or an explicit list. Default: the SRE workbook's. */
  burnRates: BurnRateWindow[];
  exhaustion: { pageHorizonMs: number; ticketHorizonMs: number };
  /** YAML `min_events`, default 0. */
  minEvents: number;
  exclude: string[];
}

export interface RecordingRule {
  kind: 'recording';
  /** YAML `record`, a valid metric name. */
  name: string;
  expr: string;
  labels: Labels;
}

export type AlertingRule = ThresholdRule | AnomalyRule | ForecastRule | SloRule;
export type Rule = AlertingRule | RecordingRule;
/** Older name of `ThresholdRule`. */
export type AlertRule = ThresholdRule;

export interface RuleGroup {
  name: string;
  file: string;
  intervalMs: number;
  /**
   * Group default labels: `labels` plus the group's `service` and `team`. Rule labels (kept as written) override
   * them.
   */
  labels: Labels;
  rules: Rule[];
  /** Where the group's rules read metrics; absent: `METRICS_BACKEND`. */
  backend?: MetricsBackend;
}

/** The stores rules can read from: forewarn's PostgreSQL, or a Prometheus-compatible API (`PROMETHEUS_URL`). */
export const METRICS_BACKENDS = ['postgres', 'prometheus'] as const;
export type MetricsBackend = (typeof METRICS_BACKENDS)[number];

export const DEFAULT_GROUP_INTERVAL_MS = 60_000;

/** Each rule kind as written in YAML, in the order messages list them. */
export const RULE_KIND_SCHEMAS = {
  threshold: thresholdRuleSchema,
  recording: recordingRuleSchema,
  anomaly: anomalyRuleSchema,
  forecast: forecastRuleSchema,
  slo: sloRuleSchema,
} as const;
export type RuleKind = keyof typeof RULE_KIND_SCHEMAS;
export const RULE_KINDS = Object.keys(RULE_KIND_SCHEMAS) as RuleKind[];

const thresholdKeys = new Set(Object.keys(thresholdRuleSchema.shape));

/**
 * Kinds a rule without `kind` looks like from its other keys (`series`, `objective`, ...), best match first; empty
 * when it only uses threshold keys (or unknown ones), which makes it a threshold rule.
 */
function impliedKinds(rule: Record<string, unknown>): RuleKind[] {
  const others = ['anomaly', 'forecast', 'slo'] as const;
  const keys = Object.keys(rule);
  const foreign = keys.filter(
    (key) => !thresholdKeys.has(key) && others.some((kind) => key in RULE_KIND_SCHEMAS[kind].shape),
  );
  if (foreign.length === 0) {
    return [];
  }
  const scored = others.map((kind) => ({
    kind,
    known: keys.filter((key) => key in RULE_KIND_SCHEMAS[kind].shape).length,
  }));
  const best = Math.max(...scored.map((entry) => entry.known));
  return scored.filter((entry) => entry.known === best).map((entry) => entry.kind);
}

/** Fills in the `kind` of rules that leave it out: `record:` → recording, otherwise threshold unless ambiguous. */
function withImplicitKind(rule: unknown): unknown {
  if (!isRecord(rule) || rule.kind !== undefined) {
    return rule;
  }
  if ('record' in rule) {
    return { ...rule, kind: 'recording' };
  }
  return impliedKinds(rule).length === 0 ? { ...rule, kind: 'threshold' } : rule;
}

function ruleKindMessage(rule: Record<string, unknown>): string {
  const kind = rule.kind;
  const expected = `expected one of: ${RULE_KINDS.join(', ')}`;
  if (kind === undefined) {
    const kinds = impliedKinds(rule).map((name) => `"kind: ${name}"`);
    if (kinds.length === 0) {
      return `missing required key "kind"; ${expected}`;
    }
    return `missing required key "kind"; set ${kinds.join(' or ')} (only threshold and recording rules may leave it out)`;
  }
  const hint = typeof kind === 'string' ? didYouMean(kind, RULE_KINDS) : '';
  return `unknown rule kind ${describeValue(kind)}${hint}; ${expected}`;
}

export const ruleSchema = z.preprocess(
  withImplicitKind,
  z.discriminatedUnion(
    'kind',
    [
      thresholdRuleSchema.transform((raw): ThresholdRule => ({
        kind: 'threshold',
        ...alertingRuleBase(raw.alert, raw),
        expr: raw.expr,
      })),
      recordingRuleSchema.transform((raw): RecordingRule => ({
        kind: 'recording',
        name: raw.record,
        expr: raw.expr,
        labels: raw.labels ?? {},
      })),
      anomalyRuleSchema.transform((raw): AnomalyRule => ({
        kind: 'anomaly',
        ...alertingRuleBase(raw.alert, raw),
        series: raw.series,
        detector: raw.detector,
        sensitivity: raw.sensitivity ?? DEFAULT_SENSITIVITY,
        minDeviation: raw.min_deviation ?? 0,
        direction: raw.direction ?? 'both',
        minHistoryMs: raw.min_history ?? DEFAULT_MIN_HISTORY_MS,
        exclude: raw.exclude ?? [],
      })),
      forecastRuleSchema.transform((raw): ForecastRule => ({
        kind: 'forecast',
        ...alertingRuleBase(raw.alert, raw),
        series: raw.series,
        method: raw.method,
        lookbackMs: raw.lookback,
        ...(raw.trend_window === undefined ? {} : { trendWindowMs: raw.trend_window }),
        threshold: raw.threshold,
        direction: raw.direction ?? 'above',
        horizonMs: raw.horizon,
      })),
      sloRuleSchema.transform((raw): SloRule => {
        const windowMs = raw.window.type === 'rolling' ? raw.window.ms : CALENDAR_MONTH_MS;
        const burnRates = raw.burn_rates ?? 'workbook';
        return {
          kind: 'slo',
          ...alertingRuleBase(raw.slo, raw, { noData: 'alert' }),
          objective: raw.objective,
          window: raw.window,
          sli: sloIndicator(raw.sli),
          ...(raw.service === undefined ? {} : { service: raw.service }),
          ...(raw.team === undefined ? {} : { team: raw.team }),
          ...(raw.description === undefined ? {} : { description: raw.description }),
          burnRates:
            typeof burnRates === 'string'
              ? burnRatePreset(burnRates, windowMs)
              : burnRates.map((entry) => ({
                  severity: entry.severity,
                  burnRate: entry.burn_rate,
                  longWindowMs: entry.long_window,
                  shortWindowMs: entry.short_window,
                })),
          exhaustion: {
            pageHorizonMs: raw.exhaustion?.page_horizon ?? DEFAULT_PAGE_HORIZON_MS,
            ticketHorizonMs: raw.exhaustion?.ticket_horizon ?? DEFAULT_TICKET_HORIZON_MS,
          },
          minEvents: raw.min_events ?? 0,
          exclude: raw.exclude ?? [],
        };
      }),
    ],
    {
      error: (issue) =>
        issue.code === 'invalid_union' && isRecord(issue.input) ? ruleKindMessage(issue.input) : undefined,
    },
  ),
);

type RawSli = z.output<typeof sloRuleSchema>['sli'];

function sloIndicator(sli: RawSli): SloIndicator {
  if (sli.type === 'latency') {
    return { type: 'latency', metric: sli.metric, le: sli.le };
  }
  return {
    type: 'events',
    ...(sli.good === undefined ? {} : { good: sli.good }),
    ...(sli.bad === undefined ? {} : { bad: sli.bad }),
    total: sli.total,
  };
}

/** `service:` and `team:` of a group: label values that become group labels. */
const ownerSchema = nonEmptyStringSchema.optional();

export const ruleGroupSchema = strictObject({
  name: nonEmptyStringSchema,
  interval: durationSchema({ positive: true }).optional(),
  service: ownerSchema,
  team: ownerSchema,
  labels: labelsSchema.optional(),
  backend: z.enum(METRICS_BACKENDS).optional(),
  rules: z.array(ruleSchema),
})
  .superRefine(
    (group, ctx) => {
      for (const key of ['service', 'team'] as const) {
        const value = group[key];
        const label = group.labels?.[key];
        if (value !== undefined && label !== undefined && label !== value) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `${JSON.stringify(value)} conflicts with labels.${key} ${JSON.stringify(label)}; set it once`,
            input: value,
          });
        }
      }
    },
    { when: (payload) => isRecord(payload.value) },
  )
  .transform((raw): Omit<RuleGroup, 'file'> => ({
    name: raw.name,
    intervalMs: raw.interval ?? DEFAULT_GROUP_INTERVAL_MS,
    labels: {
      ...raw.labels,
      ...(raw.service === undefined ? {} : { service: raw.service }),
      ...(raw.team === undefined ? {} : { team: raw.team }),
    },
    rules: raw.rules,
    ...(raw.backend === undefined ? {} : { backend: raw.backend }),
  }));

export const ruleFileSchema = strictObject({
  groups: z.array(ruleGroupSchema),
});

/** A rule file as written in YAML. */
export type RuleFileInput = z.input<typeof ruleFileSchema>;
/** A parsed rule file: groups without `file`. */
export type ParsedRuleFile = z.output<typeof ruleFileSchema>;
