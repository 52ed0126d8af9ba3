import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Component } from 'src/app.module';
import { RunningRole, startComponents } from 'src/bootstrap';
import { AppConfig, parseConfig } from 'src/config/app-config';
import { TokenScope } from 'src/core/auth/api-token';
import { SlackApiStandIn } from 'src/demo/slack-api-stand-in';
import { SmtpSink } from 'src/demo/smtp-sink';
import { ApiTokenService } from 'src/modules/auth/api-token.service';
import { TestDatabase, createTestDatabase } from './test-database';

/**
 * The backends under test (`TEST_BACKENDS`): `redis` (default) is the real PostgreSQL with Redis, `postgres` the
 * real PostgreSQL with BullMQ's PostgreSQL backend, `embedded` PGlite in a temporary data folder with the PostgreSQL
 * queue. `.ci/run` runs the end-to-end specs in all three.
 */
export const TEST_BACKENDS = process.env.TEST_BACKENDS ?? 'redis';
if (!['redis', 'postgres', 'embedded'].includes(TEST_BACKENDS)) {
  throw new Error(`TEST_BACKENDS must be redis, postgres or embedded, got "${TEST_BACKENDS}"`);
}

/** The environment that selects TEST_BACKENDS' backends, given the test database (unused when embedded). */
export function backendEnv(databaseUrl: string, dataDir: string): Record<string, string> {
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (TEST_BACKENDS === 'embedded') {
    return { FOREWARN_DATA_DIR: dataDir, QUEUE_BACKEND: 'postgres' };
  }
  if (TEST_BACKENDS === 'postgres') {
    return { DATABASE_URL: databaseUrl, QUEUE_BACKEND: 'postgres' };
  }
  return { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl };
}

export const SLACK_TOKEN = 'xoxb-test-token';
export const SLACK_CHANNEL = '#alerts-test';
export const EMAIL_TO = 'oncall@example.com';

/** Writes rule files into a fresh temporary folder and returns its path. */
export async function writeRules(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'forewarn-rules-'));
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(dir, name), text);
  }
  return dir;
}

/**
 * Real services around a forewarn instance: its own migrated database, a unique BullMQ prefix on the real Redis, the
 * Slack Web API stand-in and the SMTP sink. `start` may be called again after `stopApp` (a restart).
 */
export class TestEnvironment {
  readonly slack = new SlackApiStandIn({ token: SLACK_TOKEN });
  readonly smtp = new SmtpSink();
  readonly queuePrefix = `forewarn-test-${randomBytes(4).toString('hex')}`;
  database!: TestDatabase;
  /** The embedded database's data folder (TEST_BACKENDS=embedded). */
  dataDir!: string;
  running?: RunningRole;
  config!: AppConfig;

  async setUp(): Promise<void> {
    this.database = await createTestDatabase();
    this.dataDir = await mkdtemp(join(tmpdir(), 'forewarn-data-'));
    await Promise.all([this.slack.start(), this.smtp.start()]);
  }

  async start(components: readonly Component[], env: Record<string, string> = {}): Promise<RunningRole> {
    this.config = parseConfig({
      ...backendEnv(this.database.url, this.dataDir),
      PORT: '0',
      LOG_LEVEL: 'error',
      QUEUE_PREFIX: this.queuePrefix,
      SLACK_BOT_TOKEN: SLACK_TOKEN,
      SLACK_API_URL: this.slack.url,
      SLACK_CHANNEL,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(this.smtp.port),
      SMTP_IGNORE_TLS: 'true',
      EMAIL_TO,
      NOTIFY_BACKOFF: '100ms',
      ROUTING_FILE: 'test/fixtures/routing/immediate.yaml',
      FLUSH_TICK: '100ms',
      SLACK_CHANNEL_RATE: '100',
      ...env,
    });
    this.running = await startComponents(components, this.config);
    return this.running;
  }

  get url(): string {
    if (this.running?.url === undefined) {
      throw new Error('no HTTP component running');
    }
    return this.running.url;
  }

  get<T>(type: abstract new (...args: never[]) => T): T {
    if (this.running === undefined) {
      throw new Error('not started');
    }
    return this.running.app.get(type, { strict: false });
  }

  async createToken(scopes: TokenScope[] = ['ingest']): Promise<string> {
    const name = `test-${randomBytes(4).toString('hex')}`;
    return (await this.get(ApiTokenService).create(name, scopes)).token;
  }

  async stopApp(): Promise<void> {
    await this.running?.close();
    this.running = undefined;
  }

  async tearDown(): Promise<void> {
    await this.stopApp();
    await Promise.all([this.slack.stop(), this.smtp.stop()]);
    await this.database.drop();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
