import { CronTime } from 'cron';
import { z } from 'zod';
import { InvalidDurationError, parseDuration } from 'src/core/time/duration';

/**
 * Every setting forewarn reads from the environment, parsed once at boot. Nothing else reads `process.env`.
 * A bad value fails start-up with one message naming every bad key.
 */

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      try {
        return parseDuration(text);
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          message: error instanceof InvalidDurationError ? error.message : String(error),
        });
        return z.NEVER;
      }
    });

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));
const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');
const commaList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );

function isCronExpression(expression: string): boolean {
  try {
    new CronTime(expression);
    return true;
  } catch {
    return false;
  }
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const envSchema = z.object({
  /** Unset: the embedded PostgreSQL (PGlite) in FOREWARN_DATA_DIR. */
  DATABASE_URL: optionalText.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  FOREWARN_DATA_DIR: z.string().default('.forewarn'),
  REDIS_URL: optionalText.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  /** Unset: `redis` when REDIS_URL is set, else BullMQ's PostgreSQL backend. */
  QUEUE_BACKEND: z.enum(['redis', 'postgres']).optional(),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  PUBLIC_URL: z.url().default('http://localhost:8080'),
  RULES_DIR: z.string().default('rules'),
  RULES_WATCH: bool(true),
  ROUTING_FILE: z.string().default('routing.yaml'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  DB_POOL_SIZE: positiveInt(10),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/)
    .default('forewarn'),
  SCHEDULER_TICK: duration('1s'),
  WORKER_CONCURRENCY: positiveInt(4),
  INGEST_MAX_BODY_BYTES: positiveInt(32 * 1024 * 1024),
  INGEST_MAX_SAMPLES: positiveInt(1_000_000),
  INGEST_MAX_LABELS: positiveInt(30),
  INGEST_MAX_LABEL_NAME_LENGTH: positiveInt(128),
  INGEST_MAX_LABEL_VALUE_LENGTH: positiveInt(2048),
  INGEST_MAX_FUTURE: duration('10m'),
  RETENTION_RAW: duration('15d'),
  RETENTION_ROLLUP: duration('400d'),
  NOTIFY_MAX_ATTEMPTS: positiveInt(20),
  NOTIFY_BACKOFF: duration('1s'),
  /** How often workers look for incidents due for a flush (group_wait, group_interval). */
  FLUSH_TICK: duration('1s'),
  /** Slack posts per channel per second; Slack allows about one (https://docs.slack.dev/apis/web-api/rate-limits). */
  SLACK_CHANNEL_RATE: z.coerce.number().positive().default(1),
  /** More new incident messages than this waiting for one Slack channel are posted as one summary; 0: never. */
  SLACK_STORM_THRESHOLD: z.coerce.number().int().min(0).default(20),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_API_URL: optionalText.pipe(z.url().optional()),
  SLACK_CHANNEL: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SMTP_HOST: optionalText,
  SMTP_PORT: positiveInt(587),
  SMTP_SECURE: bool(false),
  SMTP_IGNORE_TLS: bool(false),
  SMTP_USER: optionalText,
  SMTP_PASS: optionalText,
  EMAIL_FROM: z.string().default('forewarn <forewarn@localhost>'),
  EMAIL_TO: commaList.pipe(z.array(z.email())),
  WEBHOOK_URL: optionalText.pipe(z.url().optional()),
  WEBHOOK_SECRET: optionalText,
  LINK_SIGNING_SECRET: optionalText,
  /** Managers who get the weekly digest; none: no digest. */
  DIGEST_TO: commaList.pipe(z.array(z.email())),
  /** When the digest of the last complete ISO week is sent, in FOREWARN_TIMEZONE (default Monday 08:00). */
  DIGEST_CRON: z
    .string()
    .default('0 8 * * 1')
    .refine(isCronExpression, { message: 'use a cron expression such as "0 8 * * 1" (Monday 08:00)' }),
  FOREWARN_TIMEZONE: z
    .string()
    .default('UTC')
    .refine(isTimeZone, { message: 'use an IANA time zone such as UTC or Europe/Berlin' }),
  METRICS_BACKEND: z.enum(['postgres', 'prometheus']).default('postgres'),
  PROMETHEUS_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  PROMETHEUS_BEARER_TOKEN: optionalText,
  PROMETHEUS_TIMEOUT: duration('30s'),
});

/** Settings that depend on each other, and the backends they imply: which database and queue this process uses. */
const configSchema = envSchema
  .superRefine((env, ctx) => {
    if (env.METRICS_BACKEND === 'prometheus' && env.PROMETHEUS_URL === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['PROMETHEUS_URL'],
        message: 'required when METRICS_BACKEND=prometheus',
      });
    }
    if (env.DIGEST_TO.length > 0 && env.SMTP_HOST === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['DIGEST_TO'],
        message: 'the digest is mailed: set SMTP_HOST too',
      });
    }
    if (env.QUEUE_BACKEND === 'redis' && env.REDIS_URL === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['QUEUE_BACKEND'],
        message: 'QUEUE_BACKEND=redis needs REDIS_URL (or use QUEUE_BACKEND=postgres to queue in PostgreSQL)',
      });
    }
  })
  .transform((env) => ({
    ...env,
    DATABASE_BACKEND: env.DATABASE_URL === undefined ? 'embedded' : 'external',
    QUEUE_BACKEND: env.QUEUE_BACKEND ?? (env.REDIS_URL === undefined ? 'postgres' : 'redis'),
  }));

export type AppConfig = z.output<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment. Throws one ConfigError naming every bad key. */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): AppConfig {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  return result.data;
}
