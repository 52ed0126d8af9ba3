import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startComponents } from 'src/bootstrap';
import { parseConfig } from 'src/config/app-config';
import { columnsAt } from 'src/core/ingest/columns-of';
import { buildSlackAlertMessage } from 'src/core/notifications/slack-alert-message';
import { buildEmailAlertMessage } from 'src/core/notifications/email-alert-message';
import { SlackApiStandIn } from 'src/demo/slack-api-stand-in';
import { SmtpSink } from 'src/demo/smtp-sink';
import { testNotification } from 'src/cli/notify-test.command';
import { recreateDatabase } from 'src/infra/database/migration-runner';
import { PrismaService } from 'src/infra/database/prisma.service';
import { EvaluationService } from 'src/modules/evaluation/evaluation.service';
import { SampleStore } from 'src/modules/metrics/sample-store.service';
import { EmailNotifier } from 'src/modules/notifications/notifiers/email.notifier';
import { SlackNotifier } from 'src/modules/notifications/notifiers/slack.notifier';

/**
 * `npm run bench:notify [-- --scale 1]`: 10,000 alerts (× scale) firing at once in 1,000 groups, through the whole
 * pipeline (evaluation → incidents → flush → outbox → BullMQ → Slack and SMTP stand-ins), against a baseline in
 * the same run: the same number of Slack posts and mails sent straight from a loop with the same concurrency.
 * Prints notifications/s for both, their ratio, and the latency from the transition (the evaluation's commit)
 * to delivery. group_wait is 0 and the stand-ins do not rate-limit.
 */

const { values: flags } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '8' },
  },
});
const scale = Number(flags.scale);
const concurrency = Number(flags.concurrency);
if (!(scale > 0) || !(concurrency >= 1)) {
  throw new Error('--scale must be > 0 and --concurrency at least 1');
}
const GROUPS = Math.max(1, Math.round(1000 * scale));
const PER_GROUP = 10;
const TOKEN = 'xoxb-bench';
const CHANNEL = '#bench';
const databaseUrl =
  process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/forewarn_bench_notify';

const say = (line: string) => process.stdout.write(`${line}\n`);
const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function runPool(count: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next++;
        await work(index);
      }
    }),
  );
}

/** The baseline: the same messages sent directly, no database, no queue. */
async function direct(slack: SlackApiStandIn, smtp: SmtpSink): Promise<number> {
  const config = parseConfig({ DATABASE_URL: databaseUrl });
  const notification = testNotification(config, Date.now());
  const client = new SlackNotifier({ token: TOKEN, apiUrl: slack.url });
  const mailer = new EmailNotifier({
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
    from: 'forewarn <f@localhost>',
  });
  const started = process.hrtime.bigint();
  await runPool(GROUPS, async () => {
    await client.post(CHANNEL, buildSlackAlertMessage(notification));
  });
  await runPool(GROUPS, async () => {
    await mailer.send({
      to: ['oncall@example.com'],
      ...buildEmailAlertMessage(notification, { domain: 'localhost' }),
    });
  });
  mailer.close();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function main(): Promise<void> {
  const slack = new SlackApiStandIn({ token: TOKEN });
  const smtp = new SmtpSink();
  await Promise.all([slack.start(), smtp.start()]);
  await recreateDatabase(databaseUrl);
  const dir = await mkdtemp(join(tmpdir(), 'forewarn-bench-notify-'));
  const rulesDir = join(dir, 'rules');
  await mkdir(rulesDir);
  await writeFile(
    join(rulesDir, 'bench.yaml'),
    'groups:\n  - name: bench\n    interval: 15s\n    rules:\n      - alert: BenchErrors\n        expr: bench_errors > 0\n        labels: { severity: warning }\n',
  );
  await writeFile(
    join(dir, 'routing.yaml'),
    [
      'route: { receiver: oncall, group_by: [service, alertname], group_wait: 0s, group_interval: 1h, repeat_interval: 4h }',
      'receivers:',
      '  - name: oncall',
      '    slack_configs: [{ send_resolved: true }]',
      '    email_configs: [{ send_resolved: true }]',
    ].join('\n'),
  );
  const config = parseConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'error',
    RULES_DIR: rulesDir,
    RULES_WATCH: 'false',
    ROUTING_FILE: join(dir, 'routing.yaml'),
    QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
    WORKER_CONCURRENCY: String(concurrency),
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_API_URL: slack.url,
    SLACK_CHANNEL: CHANNEL,
    SLACK_CHANNEL_RATE: '1000000',
    // One message per incident is what the bench measures, not a storm summary of them.
    SLACK_STORM_THRESHOLD: '0',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_IGNORE_TLS: 'true',
    EMAIL_TO: 'oncall@example.com',
  });
  say(
    `${GROUPS * PER_GROUP} alerts in ${GROUPS} groups → ${2 * GROUPS} notifications (Slack + email), concurrency ${concurrency}`,
  );

  const directS = await direct(slack, smtp);
  say(
    `baseline, direct chat.postMessage + SMTP sends: ${((2 * GROUPS) / directS).toFixed(0)} notifications/s (${directS.toFixed(2)} s)`,
  );

  const running = await startComponents(['worker'], config);
  try {
    const slotMs = Math.floor((Date.now() - 60_000) / 15_000) * 15_000;
    const samples = Array.from({ length: GROUPS * PER_GROUP }, (_, i) => ({
      labels: {
        __name__: 'bench_errors',
        service: `svc${Math.floor(i / PER_GROUP)}`,
        instance: `i${i % PER_GROUP}`,
      },
      value: 1,
    }));
    await running.app.get(SampleStore).write(columnsAt(slotMs, samples));
    const postsBefore = slack.messages().length;
    const started = Date.now();
    const evaluated = process.hrtime.bigint();
    await running.app.get(EvaluationService).evaluateGroup('bench', slotMs);
    const evalS = Number(process.hrtime.bigint() - evaluated) / 1e9;
    say(`evaluation + routing + grouping + flush of ${GROUPS} incidents: ${evalS.toFixed(2)} s`);
    const prisma = running.app.get(PrismaService);
    for (;;) {
      const pending = await prisma.notificationOutbox.count({ where: { status: 'pending' } });
      const total = await prisma.notificationOutbox.count();
      if (total >= 2 * GROUPS && pending === 0) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const rows = await prisma.notificationOutbox.findMany({
      select: { createdAt: true, deliveredAt: true, status: true },
    });
    const lastMs = Math.max(...rows.map((row) => row.deliveredAt?.getTime() ?? 0));
    const pipelineS = (lastMs - started) / 1000;
    const latencies = rows
      .map((row) => (row.deliveredAt?.getTime() ?? NaN) - row.createdAt.getTime())
      .sort((a, b) => a - b);
    const fromStart = rows.map((row) => (row.deliveredAt?.getTime() ?? NaN) - started).sort((a, b) => a - b);
    say(
      `pipeline: ${(rows.length / pipelineS).toFixed(0)} notifications/s (${pipelineS.toFixed(2)} s from the evaluation's start to the last delivery)`,
    );
    say(
      `latency, outbox row (the flush's commit) → delivered: p50 ${quantile(latencies, 0.5)} ms, p99 ${quantile(latencies, 0.99)} ms`,
    );
    say(
      `latency, evaluation start → delivered: p50 ${quantile(fromStart, 0.5)} ms, p99 ${quantile(fromStart, 0.99)} ms`,
    );
    say(`ratio pipeline/direct: ${(pipelineS / directS).toFixed(2)}× (target ≤ 2×); p99 target ≤ 1000 ms`);
    const posts = slack
      .messages()
      .slice(postsBefore)
      .filter((call) => call.method === 'chat.postMessage');
    say(
      `check: ${posts.length} Slack posts for ${GROUPS} groups, ${rows.filter((row) => row.status === 'delivered').length} delivered rows`,
    );
  } finally {
    await running.close();
    await Promise.all([slack.stop(), smtp.stop()]);
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
