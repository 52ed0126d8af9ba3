import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { RunningRole, startRole } from 'src/bootstrap';
import { parseConfig } from 'src/config/app-config';
import { describeBackends } from 'src/infra/database/database-backend';
import { recreateDatabase } from 'src/infra/database/migration-runner';
import { EmbeddedSessionPool } from 'src/infra/database/embedded-session-pool';
import { PG_POOL } from 'src/infra/database/pg-pool.provider';
import { ApiTokenService } from 'src/modules/auth/api-token.service';
import { IncidentRepository } from 'src/modules/incidents/incident.repository';
import { seedHistory } from '../../scripts/seed-history';
import { SlackApiCall, SlackApiStandIn } from './slack-api-stand-in';
import { SinkMail, SmtpSink } from './smtp-sink';

/**
 * `npm run demo [-- --keep]`: starts forewarn (all roles) on a fresh database (embedded unless a URL is given) with a local Slack Web API
 * stand-in and a local SMTP sink, pushes a checkout latency series that breaches `rules/checkout.yaml`, prints the
 * firing and resolved Slack messages and emails as they arrive, and exits 0 (1 if they do not arrive in time). With `--keep` it first seeds 8 weeks of history (`seed:history`), and
 * after the demo incident keeps forewarn running, prints the pages' URLs and a token to sign in with, and closes
 * everything on Ctrl-C (exit 0).
 */

const DEMO_TIMEOUT_MS = 150_000;
const PUSH_EVERY_MS = 1_000;
const HISTORY_MS = 10 * 60_000;
const SLACK_TOKEN = `xoxb-demo-${randomBytes(8).toString('hex')}`;
const CHANNEL = '#checkout-alerts';

const say = (line: string) => process.stdout.write(`${line}\n`);
const elapsed = (startMs: number) => `${((Date.now() - startMs) / 1000).toFixed(1)}s`;

function printSlack(call: SlackApiCall): void {
  const where = call.threadTs === undefined ? '' : ` (thread reply to ${call.threadTs})`;
  say(`\n── Slack ${call.method} to ${call.channel}${where} ──`);
  say(call.text);
}

function printMail(mail: SinkMail): void {
  say(`\n── Email to ${mail.to.join(', ')} ──`);
  say(`Subject: ${mail.subject ?? ''}`);
  say(
    `Message-ID: ${mail.messageId ?? ''}${mail.inReplyTo === undefined ? '' : `   In-Reply-To: ${mail.inReplyTo}`}`,
  );
  say((mail.text ?? '').trim());
}

/**
 * A fresh database: DEMO_DATABASE_URL's or DATABASE_URL's (dropped and created again) on a PostgreSQL server, or,
 * with neither set, the embedded PostgreSQL in a new temporary data folder (removed afterwards).
 */
async function demoDatabase(): Promise<{ env: Record<string, string>; remove(): Promise<void> }> {
  const databaseUrl = process.env.DEMO_DATABASE_URL ?? process.env.DATABASE_URL;
  if (databaseUrl !== undefined && databaseUrl !== '') {
    await recreateDatabase(databaseUrl);
    return { env: { DATABASE_URL: databaseUrl }, remove: () => Promise.resolve() };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'forewarn-demo-'));
  return {
    env: { DATABASE_URL: '', FOREWARN_DATA_DIR: dataDir },
    remove: () => rm(dataDir, { recursive: true, force: true }),
  };
}

/** Resolves on the first SIGINT or SIGTERM. */
function shutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const signals = ['SIGINT', 'SIGTERM'] as const;
    const onSignal = (signal: NodeJS.Signals) => {
      signals.forEach((name) => process.off(name, onSignal));
      resolve(signal);
    };
    signals.forEach((name) => process.on(name, onSignal));
  });
}

/** `--keep`: the seeded history under the demo, and how to look at it once the demo incident has played. */
async function seedForKeep(running: RunningRole): Promise<void> {
  const pool = running.app.get<Pool>(PG_POOL);
  const incidents = await EmbeddedSessionPool.inTransaction(() => seedHistory(pool, Date.now(), running.url));
  say(`seeded ${incidents.length} incidents over 8 weeks, with silences and silenced and inhibited alerts`);
}

async function printPages(running: RunningRole): Promise<void> {
  const url = running.url ?? '';
  const [incident] = await running.app.get(IncidentRepository, { strict: false }).list({ limit: 1 });
  const { token } = await running.app.get(ApiTokenService).create('demo-admin', ['admin']);
  say(`\nforewarn keeps running (Ctrl-C to stop). Pages:`);
  for (const path of ['/', `/incidents/${incident?.id ?? ''}`, '/reports', '/slos', '/silences', '/alerts']) {
    say(`  ${url}${path}`);
  }
  say(`Sign in at ${url}/login with the admin token ${token}`);
}

async function main(keep: boolean): Promise<number> {
  const startMs = Date.now();
  const slack = new SlackApiStandIn({ token: SLACK_TOKEN });
  const smtp = new SmtpSink();
  await Promise.all([slack.start(), smtp.start()]);
  const database = await demoDatabase();
  const config = parseConfig({
    ...process.env,
    ...database.env,
    PORT: keep ? (process.env.PORT ?? '8080') : '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    QUEUE_PREFIX: `forewarn-demo-${randomBytes(4).toString('hex')}`,
    SLACK_BOT_TOKEN: SLACK_TOKEN,
    SLACK_API_URL: slack.url,
    SLACK_CHANNEL: CHANNEL,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_IGNORE_TLS: 'true',
    EMAIL_TO: 'oncall@example.com',
    ROUTING_FILE: process.env.ROUTING_FILE ?? 'src/demo/routing.yaml',
  });
  const backends = describeBackends(config);
  say(
    `forewarn demo: ${backends.database}, queue in ${backends.queue}, rules from ${config.RULES_DIR}/, Slack stand-in ${slack.url}, SMTP sink :${smtp.port}`,
  );
  const running = await startRole('all', config, { closeOnSignals: !keep });
  const stopped = keep ? shutdownSignal() : undefined;
  if (keep) {
    await seedForKeep(running);
  }
  const { token } = await running.app.get(ApiTokenService).create('demo', ['ingest']);
  say(
    `[${elapsed(startMs)}] forewarn is up at ${running.url}; pushing checkout latency of 0.9s (rule: avg over 1m > 0.5 for 30s)`,
  );

  let latency = 0.9;
  // Checkout's request counter (the SLO in rules/slo.yaml reads it): 20 requests a second, no errors, with ten
  // minutes of history so that every burn-rate window has data from the first evaluation.
  const requestsAt = (tsMs: number) => Math.round((tsMs - startMs + HISTORY_MS) / 50);
  const send = async (body: string) => {
    const response = await fetch(`${running.url}/api/v1/write`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      body,
    });
    if (!response.ok) {
      throw new Error(`push failed: ${response.status} ${await response.text()}`);
    }
  };
  const history: string[] = [];
  for (let tsMs = startMs - HISTORY_MS; tsMs < Date.now(); tsMs += 15_000) {
    history.push(`http_requests_total{service="checkout",code="200"} ${requestsAt(tsMs)} ${tsMs}`);
  }
  await send(`# TYPE http_requests_total counter\n${history.join('\n')}\n`);
  const push = () =>
    send(
      `# TYPE http_request_duration_seconds gauge\n` +
        `http_request_duration_seconds{service="checkout",route="/pay"} ${latency}\n` +
        `http_request_duration_seconds{service="search",route="/q"} 0.08\n` +
        `# TYPE http_requests_total counter\n` +
        `http_requests_total{service="checkout",code="200"} ${requestsAt(Date.now())}\n`,
    );
  let pushError: Error | undefined;
  const pusher = setInterval(() => {
    push().catch((error: unknown) => {
      pushError = error instanceof Error ? error : new Error(String(error));
    });
  }, PUSH_EVERY_MS);
  await push();

  const deadline = startMs + DEMO_TIMEOUT_MS;
  const remaining = () => Math.max(deadline - Date.now(), 1);
  try {
    const firing = await slack.waitFor(
      (call) => call.method === 'chat.postMessage' && call.threadTs === undefined,
      remaining(),
    );
    say(`\n[${elapsed(startMs)}] the alert fired`);
    printSlack(firing);
    printMail(await smtp.waitFor((mail) => (mail.subject ?? '').startsWith('[FIRING]'), remaining()));

    latency = 0.05;
    say(`\n[${elapsed(startMs)}] checkout recovers: pushing 0.05s; waiting for the resolution`);
    const update = await slack.waitFor((call) => call.method === 'chat.update', remaining());
    say(`\n[${elapsed(startMs)}] the alert resolved`);
    printSlack(update);
    printSlack(await slack.waitFor((call) => call.threadTs === firing.ts, remaining()));
    printMail(await smtp.waitFor((mail) => (mail.subject ?? '').startsWith('[RESOLVED]'), remaining()));
    if (pushError !== undefined) {
      throw pushError;
    }
    say(`\n[${elapsed(startMs)}] demo complete: the firing and resolved alerts reached Slack and email.`);
    if (stopped !== undefined) {
      await printPages(running);
      say(`\n${await stopped}: shutting down`);
    }
    return 0;
  } catch (error) {
    say(`\ndemo failed after ${elapsed(startMs)}: ${error instanceof Error ? error.message : String(error)}`);
    if (pushError !== undefined) {
      say(`last push error: ${pushError.message}`);
    }
    return 1;
  } finally {
    clearInterval(pusher);
    await running.close();
    await Promise.all([slack.stop(), smtp.stop()]);
    await database.remove();
  }
}

main(process.argv.slice(2).includes('--keep')).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
