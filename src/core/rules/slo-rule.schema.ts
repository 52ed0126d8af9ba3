import { z } from 'zod';
import { InvalidDurationError, parseDuration } from '../time/duration';
import { alertingRuleFields } from './alerting-rule-fields';
import { BURN_RATE_PRESET_NAMES } from './burn-rate-presets';
import { describeValue, isRecord } from './describe-value';
import { histogramProblem, promqlSchema, selectorProblem } from './promql-fields';
import { didYouMean } from '../templates/did-you-mean';
import {
  SEVERITIES,
  choiceSchema,
  durationSchema,
  nameListSchema,
  nonEmptyStringSchema,
  numberSchema,
  strictObject,
} from './schema-fields';

/** Schema of `kind: slo` rules: an SLI, an objective over a window, and the burn-rate alerts derived from them. */

export const SLO_NAME_PATTERN = /^[a-zA-Z0-9_-]+$/;
export const CALENDAR_MONTH = 'calendar_month';
export const DEFAULT_PAGE_HORIZON_MS = 4 * 3_600_000;
export const DEFAULT_TICKET_HORIZON_MS = 24 * 3_600_000;

const sloNameSchema = z.string().regex(SLO_NAME_PATTERN, {
  error: (issue) =>
    `${describeValue(issue.input)} is not a valid SLO name; use letters, digits, "-" and "_", e.g. checkout-availability`,
});

/** Percent, strictly between 0 and 100. `99.9%` as a string gets a hint. */
const objectiveSchema = z
  .number({
    error: (issue) =>
      typeof issue.input === 'string' && /^\s*[\d.]+\s*%\s*$/.test(issue.input)
        ? `expected a number, got ${describeValue(issue.input)}; write the percentage without "%", e.g. 99.9`
        : undefined,
  })
  .gt(0, {
    error: (issue) => `must be a percentage between 0 and 100, e.g. 99.9, got ${String(issue.input)}`,
  })
  .lt(100, {
    error: (issue) => `must be a percentage between 0 and 100, e.g. 99.9, got ${String(issue.input)}`,
  });

/** `28d` (rolling) or `calendar_month`. */
const sloWindowSchema = z
  .string({
    error: (issue) =>
      `expected a duration like "28d" or "${CALENDAR_MONTH}", got ${describeValue(issue.input)}`,
  })
  .transform((text, ctx): { type: 'rolling'; ms: number } | { type: 'calendar'; unit: 'month' } => {
    if (text === CALENDAR_MONTH) {
      return { type: 'calendar', unit: 'month' };
    }
    try {
      const ms = parseDuration(text);
      if (ms > 0) {
        return { type: 'rolling', ms };
      }
      ctx.issues.push({ code: 'custom', message: 'must be longer than 0s', input: text });
    } catch (error) {
      if (!(error instanceof InvalidDurationError)) {
        throw error;
      }
      const hint = /^[a-z_]+$/.test(text) ? didYouMean(text, [CALENDAR_MONTH]) : '';
      ctx.issues.push({
        code: 'custom',
        message: `expected a duration like "28d" or "${CALENDAR_MONTH}", got ${describeValue(text)}${hint}`,
        input: text,
      });
    }
    return z.NEVER;
  });

const eventsSliSchema = strictObject({
  type: z.literal('events'),
  good: promqlSchema(selectorProblem('http_requests_total{code!~"5.."}')).optional(),
  bad: promqlSchema(selectorProblem('http_requests_total{code=~"5.."}')).optional(),
  total: promqlSchema(selectorProblem('http_requests_total')),
}).superRefine(
  (sli, ctx) => {
    if (sli.good !== undefined && sli.bad !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['bad'],
        message: 'give either "good" or "bad" events, not both; the other is total minus it',
        input: sli.bad,
      });
    } else if (sli.good === undefined && sli.bad === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'an events SLI needs "good" or "bad" (one of them) as well as "total"',
        input: sli,
      });
    }
  },
  { when: (payload) => isRecord(payload.value) },
);

const latencySliSchema = strictObject({
  type: z.literal('latency'),
  metric: promqlSchema(histogramProblem),
  le: numberSchema({ gt: 0 }),
});

const SLI_TYPES = ['events', 'latency'];

const sliSchema = z.discriminatedUnion('type', [eventsSliSchema, latencySliSchema], {
  error: (issue) => {
    if (issue.code !== 'invalid_union' || !isRecord(issue.input)) {
      return undefined;
    }
    const type = issue.input.type;
    if (type === undefined) {
      return `missing required key "type"; expected one of: ${SLI_TYPES.join(', ')}`;
    }
    const hint = typeof type === 'string' ? didYouMean(type, SLI_TYPES) : '';
    return `unknown SLI type ${describeValue(type)}${hint}; expected one of: ${SLI_TYPES.join(', ')}`;
  },
});

const burnRateWindowSchema = strictObject({
  severity: choiceSchema('severity', SEVERITIES),
  burn_rate: numberSchema({ gt: 0 }),
  long_window: durationSchema({ positive: true }),
  short_window: durationSchema({ positive: true }),
}).superRefine(
  (entry, ctx) => {
    if (entry.short_window >= entry.long_window) {
      ctx.addIssue({
        code: 'custom',
        path: ['short_window'],
        message: 'must be shorter than long_window; the short window confirms the burn is still going on',
        input: entry.short_window,
      });
    }
  },
  // Compare the windows even when the severity or burn rate is broken, so that every problem is reported at once.
  {
    when: (payload) =>
      isRecord(payload.value) &&
      typeof payload.value.long_window === 'number' &&
      typeof payload.value.short_window === 'number',
  },
);

/**
 * `workbook` (default), `sloth`, `pyrra`, or an explicit list of windows. When the value has the type of one option
 * (a string or a list), the loader reports that option's problems (see `schemaProblems`); the union's own message is
 * for values of neither type.
 */
const burnRatesSchema = z.union(
  [
    z.enum(BURN_RATE_PRESET_NAMES),
    z.array(burnRateWindowSchema).min(1, { error: 'must list at least one window, or name a preset' }),
  ],
  {
    error: (issue) => {
      if (issue.code !== 'invalid_union') {
        return undefined;
      }
      const hint = typeof issue.input === 'string' ? didYouMean(issue.input, BURN_RATE_PRESET_NAMES) : '';
      const presets = BURN_RATE_PRESET_NAMES.join(', ');
      return `expected a preset (${presets}) or a list of windows, got ${describeValue(issue.input)}${hint}`;
    },
  },
);

const exhaustionSchema = strictObject({
  page_horizon: durationSchema({ positive: true }).optional(),
  ticket_horizon: durationSchema({ positive: true }).optional(),
});

/** A `kind: slo` rule as written in YAML. */
export const sloRuleSchema = strictObject({
  slo: sloNameSchema,
  kind: z.literal('slo'),
  objective: objectiveSchema,
  window: sloWindowSchema,
  sli: sliSchema,
  service: nonEmptyStringSchema.optional(),
  team: nonEmptyStringSchema.optional(),
  description: z.string().optional(),
  burn_rates: burnRatesSchema.optional(),
  exhaustion: exhaustionSchema.optional(),
  min_events: numberSchema({ int: true, min: 0 }).optional(),
  exclude: nameListSchema.optional(),
  ...alertingRuleFields,
});
