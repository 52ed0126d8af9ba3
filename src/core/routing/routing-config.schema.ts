import { z } from 'zod';
import {
  IssueLocation,
  durationSchema,
  nonEmptyStringSchema,
  numberSchema,
  strictObject,
} from '../rules/schema-fields';
import { describeValue } from '../rules/describe-value';
import { LabelMatcher, ROUTING_LABEL_NAME, parseMatchers, patternError } from './label-matchers';
import {
  InclusiveRange,
  ParsedRange,
  TimeInterval,
  TimeRange,
  isValidTimeZone,
  parseClockTime,
  parseDayOfMonthRange,
  parseMonthRange,
  parseWeekdayRange,
  parseYearRange,
} from './time-interval';

/**
 * `routing.yaml`: Alertmanager's `route`, `receivers`, `inhibit_rules` and `time_intervals` (`config/config.go`) as
 * they are, plus forewarn's receiver keys. Secrets are never inline: they are named by environment variable.
 * Cross-references (receiver and interval names) are checked by the loader, which knows positions.
 */

const labelNameSchema = z.string().regex(ROUTING_LABEL_NAME, {
  error: (issue) => `${describeValue(issue.input)} is not a valid label name`,
});

/** One `matchers:` entry: a matcher or a comma-separated list of them, as Alertmanager's `ParseMatchers`. */
const matcherLineSchema = z.string().transform((line, ctx) => {
  const parsed = parseMatchers(line);
  if (!parsed.ok) {
    const params: IssueLocation = { offset: parsed.offset };
    ctx.issues.push({ code: 'custom', message: parsed.message, input: line, params });
    return z.NEVER;
  }
  return parsed.matchers;
});

export const matchersSchema = z.array(matcherLineSchema).transform((lines) => lines.flat());

const regexSchema = z.string().superRefine((pattern, ctx) => {
  const message = patternError(pattern);
  if (message !== undefined) {
    ctx.addIssue({ code: 'custom', message, input: pattern });
  }
});

/** Legacy `match:` (equality) and `match_re:` (anchored regex) maps. */
const matchMapSchema = z.record(labelNameSchema, z.string());
const matchReMapSchema = z.record(labelNameSchema, regexSchema);

const GROUP_BY_ALL = '...';

const groupBySchema = z.array(z.string()).superRefine((names, ctx) => {
  const seen = new Set<string>();
  for (const [index, name] of names.entries()) {
    if (name === GROUP_BY_ALL) {
      if (names.length > 1) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: "cannot have wildcard group_by ('...') and other labels at the same time",
          input: name,
        });
      }
    } else if (!ROUTING_LABEL_NAME.test(name)) {
      ctx.addIssue({
        code: 'custom',
        path: [index],
        message: `"${name}" is not a valid label name`,
        input: name,
      });
    } else if (seen.has(name)) {
      ctx.addIssue({
        code: 'custom',
        path: [index],
        message: `duplicated label "${name}" in group_by`,
        input: name,
      });
    }
    seen.add(name);
  }
});

const nameListSchema = z.array(nonEmptyStringSchema);

/** A route as written. Durations are milliseconds; options left out are inherited from the parent route. */
export interface RawRoute {
  readonly receiver?: string;
  readonly group_by?: string[];
  readonly group_wait?: number;
  readonly group_interval?: number;
  readonly repeat_interval?: number;
  readonly match?: Record<string, string>;
  readonly match_re?: Record<string, string>;
  readonly matchers?: LabelMatcher[];
  readonly continue?: boolean;
  readonly mute_time_intervals?: string[];
  readonly active_time_intervals?: string[];
  readonly routes?: RawRoute[];
}

export const routeSchema: z.ZodType<RawRoute> = z.lazy(() =>
  strictObject({
    receiver: nonEmptyStringSchema.optional(),
    group_by: groupBySchema.optional(),
    group_wait: durationSchema().optional(),
    group_interval: durationSchema({ positive: true }).optional(),
    repeat_interval: durationSchema({ positive: true }).optional(),
    match: matchMapSchema.optional(),
    match_re: matchReMapSchema.optional(),
    matchers: matchersSchema.optional(),
    continue: z.boolean().optional(),
    mute_time_intervals: nameListSchema.optional(),
    active_time_intervals: nameListSchema.optional(),
    routes: z.array(routeSchema).optional(),
  }),
);

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The name of an environment variable holding a secret, e.g. `SLACK_BOT_TOKEN`. */
const envNameSchema = z.string().regex(ENV_NAME, {
  error: (issue) =>
    `${describeValue(issue.input)} is not an environment variable name; use letters, digits and underscores, e.g. SLACK_BOT_TOKEN`,
});

/** A key that would put a secret in the file. Always an error, naming the `*_env` key to use instead. */
function inlineSecret(
  alternative: string,
  message = `secrets are not allowed in routing.yaml; put it in an environment variable and name that with "${alternative}"`,
) {
  return z
    .unknown()
    .superRefine((_value, ctx) => {
      ctx.addIssue({ code: 'custom', message });
    })
    .optional();
}

/** Alertmanager's `http_config` carries credentials inline (basic auth, bearer tokens, OAuth secrets). */
function httpConfig(alternative: string) {
  return inlineSecret(
    alternative,
    `http_config is not supported, since it holds credentials inline; name the environment variable holding the token with "${alternative}"`,
  );
}

/** An Alertmanager key forewarn accepts but does not use; the loader warns about it. */
const ignored = z.unknown().optional();

/** Alertmanager keys of each integration that are accepted and ignored (the loader warns). */
export const IGNORED_KEYS = {
  slack_configs: [
    'fields',
    'short_fields',
    'callback_id',
    'image_url',
    'thumb_url',
    'link_names',
    'mrkdwn_in',
    'actions',
    'app_url',
    'update_message',
  ],
  email_configs: ['tls_config', 'threading'],
  webhook_configs: ['timeout'],
} as const;

function ignoredShape<const Keys extends readonly string[]>(keys: Keys) {
  return Object.fromEntries(keys.map((key) => [key, ignored])) as Record<Keys[number], typeof ignored>;
}

const slackConfigSchema = strictObject({
  send_resolved: z.boolean().default(false),
  /** Omitted: the SLACK_CHANNEL environment variable. */
  channel: nonEmptyStringSchema.optional(),
  /** Environment variable holding the bot token (`xoxb-...`). */
  token_env: envNameSchema.default('SLACK_BOT_TOKEN'),
  username: z.string().optional(),
  color: z.string().optional(),
  title: z.string().optional(),
  title_link: z.string().optional(),
  pretext: z.string().optional(),
  text: z.string().optional(),
  footer: z.string().optional(),
  fallback: z.string().optional(),
  icon_emoji: z.string().optional(),
  icon_url: z.string().optional(),
  api_url: inlineSecret('token_env'),
  api_url_file: inlineSecret('token_env'),
  app_token: inlineSecret('token_env'),
  app_token_file: inlineSecret('token_env'),
  http_config: httpConfig('token_env'),
  ...ignoredShape(IGNORED_KEYS.slack_configs),
});

const emailConfigSchema = strictObject({
  send_resolved: z.boolean().default(false),
  /** Comma-separated addresses; omitted: the EMAIL_TO environment variable. */
  to: nonEmptyStringSchema.optional(),
  from: z.string().optional(),
  smarthost: z.string().optional(),
  hello: z.string().optional(),
  auth_username: z.string().optional(),
  auth_identity: z.string().optional(),
  /** Environment variable holding the SMTP password. */
  auth_password_env: envNameSchema.optional(),
  /** Environment variable holding the CRAM-MD5 secret. */
  auth_secret_env: envNameSchema.optional(),
  auth_password: inlineSecret('auth_password_env'),
  auth_password_file: inlineSecret('auth_password_env'),
  auth_secret: inlineSecret('auth_secret_env'),
  auth_secret_file: inlineSecret('auth_secret_env'),
  require_tls: z.boolean().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  html: z.string().optional(),
  text: z.string().optional(),
  ...ignoredShape(IGNORED_KEYS.email_configs),
});

const webhookConfigSchema = strictObject({
  send_resolved: z.boolean().default(true),
  url: z
    .url({
      protocol: /^https?$/,
      error: (issue) => `expected an http(s) URL, got ${describeValue(issue.input)}`,
    })
    .superRefine((url, ctx) => {
      if (urlHoldsSecret(url)) {
        ctx.addIssue({
          code: 'custom',
          message:
            'this URL carries credentials; put the whole URL in an environment variable and name that with "url_env"',
          input: url,
        });
      }
    })
    .optional(),
  /** Environment variable holding the URL (for URLs that embed a token). */
  url_env: envNameSchema.optional(),
  /** Environment variable holding a bearer token sent as `Authorization: Bearer ...`. */
  bearer_token_env: envNameSchema.optional(),
  url_file: inlineSecret('url_env'),
  http_config: httpConfig('bearer_token_env'),
  max_alerts: numberSchema({ int: true, min: 0 }).default(0),
  ...ignoredShape(IGNORED_KEYS.webhook_configs),
});

const QUERY_SECRET = /(?:^|[_-])(?:token|key|secret|password|signature|sig|auth)$/i;

/** User info (`user:pass@`) or a query parameter named like a secret (`?token=`, `api_key=`). */
function urlHoldsSecret(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return (
    url.username !== '' ||
    url.password !== '' ||
    [...url.searchParams.keys()].some((key) => QUERY_SECRET.test(key))
  );
}

/** Alertmanager integrations forewarn does not deliver: accepted so an `alertmanager.yml` loads, with a warning. */
export const UNSUPPORTED_INTEGRATIONS = [
  'discord_configs',
  'jira_configs',
  'msteams_configs',
  'msteamsv2_configs',
  'opsgenie_configs',
  'pagerduty_configs',
  'pushover_configs',
  'rocketchat_configs',
  'sns_configs',
  'telegram_configs',
  'victorops_configs',
  'webex_configs',
  'wechat_configs',
] as const;

const receiverSchema = strictObject({
  name: nonEmptyStringSchema,
  slack_configs: z.array(slackConfigSchema).optional(),
  email_configs: z.array(emailConfigSchema).optional(),
  webhook_configs: z.array(webhookConfigSchema).optional(),
  ...ignoredShape(UNSUPPORTED_INTEGRATIONS),
});

const inhibitRuleSchema = strictObject({
  source_match: matchMapSchema.optional(),
  source_match_re: matchReMapSchema.optional(),
  source_matchers: matchersSchema.optional(),
  target_match: matchMapSchema.optional(),
  target_match_re: matchReMapSchema.optional(),
  target_matchers: matchersSchema.optional(),
  equal: z.array(labelNameSchema).optional(),
});

/** A range entry; YAML numbers (`days_of_month: [1, 15]`) are read as their text, as Alertmanager does. */
function rangeSchema(parse: (text: string) => ParsedRange) {
  return z.union([z.string(), z.number()]).transform((value, ctx): InclusiveRange => {
    const parsed = parse(String(value));
    if (!parsed.ok) {
      ctx.issues.push({ code: 'custom', message: parsed.message, input: value });
      return z.NEVER;
    }
    return parsed.range;
  });
}

const clockSchema = z.string().transform((text, ctx) => {
  const minutes = parseClockTime(text);
  if (minutes === undefined) {
    ctx.issues.push({
      code: 'custom',
      message: `couldn't parse timestamp ${text}, invalid format; expected HH:MM between 00:00 and 24:00`,
      input: text,
    });
    return z.NEVER;
  }
  return minutes;
});

const timeRangeSchema = strictObject({ start_time: clockSchema, end_time: clockSchema }).transform(
  (range, ctx): TimeRange => {
    if (range.start_time >= range.end_time) {
      ctx.issues.push({
        code: 'custom',
        message: 'start time cannot be equal or greater than end time',
        input: range,
      });
    }
    return { startMinute: range.start_time, endMinute: range.end_time };
  },
);

const locationSchema = z.string().superRefine((name, ctx) => {
  if (!isValidTimeZone(name)) {
    ctx.addIssue({
      code: 'custom',
      message: `unknown time zone ${JSON.stringify(name)}; use an IANA name such as "Europe/Berlin" or "UTC"`,
      input: name,
    });
  }
});

const timeIntervalSchema = strictObject({
  times: z.array(timeRangeSchema).optional(),
  weekdays: z.array(rangeSchema(parseWeekdayRange)).optional(),
  days_of_month: z.array(rangeSchema(parseDayOfMonthRange)).optional(),
  months: z.array(rangeSchema(parseMonthRange)).optional(),
  years: z.array(rangeSchema(parseYearRange)).optional(),
  location: locationSchema.optional(),
}).transform((interval): TimeInterval => ({
  times: interval.times,
  weekdays: interval.weekdays,
  daysOfMonth: interval.days_of_month,
  months: interval.months,
  years: interval.years,
  location: interval.location,
}));

const namedTimeIntervalSchema = strictObject({
  name: nonEmptyStringSchema,
  time_intervals: z.array(timeIntervalSchema),
});

export const routingFileSchema = strictObject({
  /** Alertmanager's global section (SMTP, API URLs): forewarn takes these from its environment; warned. */
  global: ignored,
  /** Alertmanager's Go template files: forewarn renders its own messages; warned. */
  templates: ignored,
  route: routeSchema,
  receivers: z.array(receiverSchema),
  inhibit_rules: z.array(inhibitRuleSchema).optional(),
  time_intervals: z.array(namedTimeIntervalSchema).optional(),
  /** Deprecated in Alertmanager in favour of `time_intervals`; same meaning. */
  mute_time_intervals: z.array(namedTimeIntervalSchema).optional(),
});

export type RoutingFile = z.output<typeof routingFileSchema>;
export type SlackConfig = z.output<typeof slackConfigSchema>;
export type EmailConfig = z.output<typeof emailConfigSchema>;
export type WebhookConfig = z.output<typeof webhookConfigSchema>;
export type RawReceiver = z.output<typeof receiverSchema>;
export type RawInhibitRule = z.output<typeof inhibitRuleSchema>;
export { GROUP_BY_ALL };
