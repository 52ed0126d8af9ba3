import { PrismaService } from 'src/infra/database/prisma.service';
import { EvaluationService } from 'src/modules/evaluation/evaluation.service';
import { slotStart } from 'src/modules/evaluation/evaluation.scheduler';
import { eventually } from '../support/eventually';
import { EMAIL_TO, SLACK_CHANNEL, TestEnvironment, writeRules } from '../support/test-app';

const RULES = `groups:
  - name: latency
    interval: 1s
    rules:
      - alert: LatencyHigh
        expr: max by (service) (max_over_time(latency_seconds{service="checkout"}[10s])) > 0.5
        for: 20s
        labels:
          severity: critical
        annotations:
          summary: 'Latency {{ $value }}s on {{ $labels.service }}'
        runbook_url: https://runbooks.example.com/latency
`;
const S = 1000;
const WAIT_MS = 15_000;

/**
 * The whole path with real services, at chosen evaluation times: samples in through HTTP, evaluation by the worker's
 * service, outbox, BullMQ delivery jobs, the Slack Web API stand-in and the SMTP sink.
 */
describe('alerting end to end (deterministic slots)', () => {
  const env = new TestEnvironment();
  let token: string;
  let T: number;

  beforeAll(async () => {
    await env.setUp();
    await env.start(['api', 'worker'], { RULES_DIR: await writeRules({ 'latency.yaml': RULES }) });
    token = await env.createToken();
  });

  afterAll(async () => {
    await env.tearDown();
  });

  beforeEach(() => {
    T = slotStart(Date.now() - 5 * 60_000, S);
  });

  async function push(service: string, value: number, ...timestamps: number[]): Promise<void> {
    const body = timestamps.map((ts) => `latency_seconds{service="${service}"} ${value} ${ts}`).join('\n');
    const response = await fetch(`${env.url}/api/v1/write`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      body,
    });
    expect(response.status).toBe(200);
  }

  const evaluate = (slotMs: number) => env.get(EvaluationService).evaluateGroup('latency', slotMs);
  const states = async () =>
    (await env.get(PrismaService).alert.findMany({ where: { groupName: 'latency' } })).map(
      (alert) => alert.state,
    );

  it('fires after `for`, notifies Slack and email, then resolves in place and in thread', async () => {
    // Three minutes of normal latency before the breach: the email's chart shows them.
    await push('checkout', 0.1, ...Array.from({ length: 35 }, (_, index) => T - 180 * S + index * 5 * S));
    await push('checkout', 0.9, T - 5 * S, T);
    expect(await evaluate(T)).toBe('evaluated');
    expect(await states()).toEqual(['pending']);
    await push('checkout', 0.9, T + 15 * S);
    await evaluate(T + 20 * S);
    expect(await states()).toEqual(['firing']);

    const posted = await env.slack.waitFor((call) => call.method === 'chat.postMessage', WAIT_MS);
    expect(posted.channel).toBe(SLACK_CHANNEL);
    expect(posted.text).toContain('LatencyHigh');
    expect(JSON.stringify(posted.blocks)).toContain('https://runbooks.example.com/latency');
    const firingMail = await env.smtp.waitFor(
      (mail) => mail.subject?.startsWith('[FIRING]') === true,
      WAIT_MS,
    );
    expect(firingMail.to).toEqual([EMAIL_TO]);
    expect(firingMail.text).toContain('Latency 0.9s on checkout');
    expect(firingMail.html).toContain('<img src="cid:chart@forewarn"');
    // The chart of the series: a PNG attached inline under that Content-ID.
    const chart = firingMail.attachments.find((attachment) => attachment.cid === 'chart@forewarn');
    expect(chart?.contentType).toBe('image/png');
    expect(chart?.content.subarray(1, 4).toString('ascii')).toBe('PNG');

    await evaluate(T + 40 * S); // no samples in (T+30s, T+40s]: the breach is over
    expect(await states()).toEqual(['inactive']);
    const update = await env.slack.waitFor((call) => call.method === 'chat.update', WAIT_MS);
    expect(update.ts).toBe(posted.ts);
    const reply = await env.slack.waitFor((call) => call.threadTs === posted.ts, WAIT_MS);
    expect(reply.method).toBe('chat.postMessage');
    const resolvedMail = await env.smtp.waitFor(
      (mail) => mail.subject?.startsWith('[RESOLVED]') === true,
      WAIT_MS,
    );
    expect(resolvedMail.inReplyTo).toBe(firingMail.messageId);
    expect(
      env.slack
        .messages()
        .filter((call) => call.method === 'chat.postMessage' && call.threadTs === undefined),
    ).toHaveLength(1);
  });

  it('does not evaluate an older slot after a newer one', async () => {
    await evaluate(T + 100 * S);
    expect(await evaluate(T + 99 * S)).toBe('stale-slot');
  });
});

describe('alerting across a worker restart and a Slack outage', () => {
  const env = new TestEnvironment();
  let rulesDir: string;
  let token: string;

  beforeAll(async () => {
    await env.setUp();
    rulesDir = await writeRules({ 'latency.yaml': RULES });
    await env.start(['api', 'worker'], { RULES_DIR: rulesDir });
    token = await env.createToken();
  });

  afterAll(async () => {
    await env.tearDown();
  });

  it('keeps the pending state across a restart and delivers exactly once after a Slack 500 and an SMTP 451', async () => {
    const T = slotStart(Date.now() - 5 * 60_000, S);
    const body = [T - 5 * S, T, T + 15 * S]
      .map((ts) => `latency_seconds{service="checkout"} 0.9 ${ts}`)
      .join('\n');
    const pushed = await fetch(`${env.url}/api/v1/write`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body,
    });
    expect(pushed.status).toBe(200);

    await env.get(EvaluationService).evaluateGroup('latency', T);
    await env.stopApp();
    await env.start(['api', 'worker'], { RULES_DIR: rulesDir });

    env.slack.failNext(1, 500);
    env.smtp.rejectNext(1, 451);
    await env.get(EvaluationService).evaluateGroup('latency', T + 20 * S);
    const alert = await env.get(PrismaService).alert.findFirstOrThrow({ where: { groupName: 'latency' } });
    expect(alert.state).toBe('firing');
    expect(alert.activeAt.getTime()).toBe(T); // `for` counted from before the restart

    await env.slack.waitFor((call) => call.method === 'chat.postMessage', WAIT_MS);
    await env.smtp.waitFor((mail) => mail.subject?.startsWith('[FIRING]') === true, WAIT_MS);
    const outbox = await eventually(() =>
      env
        .get(PrismaService)
        .notificationOutbox.findFirst({ where: { channel: 'slack', status: 'delivered' } })
        .then((row) => row ?? undefined),
    );
    expect(outbox.attempts).toBe(2);
    expect(env.slack.messages().filter((call) => call.method === 'chat.postMessage')).toHaveLength(1);
    const mailOutbox = await eventually(() =>
      env
        .get(PrismaService)
        .notificationOutbox.findFirst({ where: { channel: 'email', status: 'delivered' } })
        .then((row) => row ?? undefined),
    );
    expect(mailOutbox.attempts).toBe(2);
    expect(env.smtp.mails().filter((mail) => mail.subject?.startsWith('[FIRING]') === true)).toHaveLength(1);
  });
});

describe('a notification pending across a restart', () => {
  const env = new TestEnvironment();

  beforeAll(async () => {
    await env.setUp();
  });

  afterAll(async () => {
    await env.tearDown();
  });

  it('is delivered once after the restart, from the outbox and queue the restarted process finds', async () => {
    const rulesDir = await writeRules({ 'latency.yaml': RULES.replace('for: 20s', 'for: 0s') });
    await env.start(['api', 'worker'], { RULES_DIR: rulesDir });
    const token = await env.createToken();
    // Slack refuses everything until the restart: the firing notification stays pending.
    env.slack.failNext(100_000, 500);
    const T = slotStart(Date.now() - 60_000, S);
    const pushed = await fetch(`${env.url}/api/v1/write`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: `latency_seconds{service="checkout"} 0.9 ${T}`,
    });
    expect(pushed.status).toBe(200);
    await env.get(EvaluationService).evaluateGroup('latency', T);
    const pending = await eventually(() =>
      env
        .get(PrismaService)
        .notificationOutbox.findFirst({
          where: { channel: 'slack', status: 'pending', attempts: { gte: 1 } },
        })
        .then((row) => row ?? undefined),
    );

    await env.stopApp();
    env.slack.clearFailures();
    await env.start(['api', 'worker'], { RULES_DIR: rulesDir });

    const delivered = await eventually(
      () =>
        env
          .get(PrismaService)
          .notificationOutbox.findFirst({ where: { id: pending.id, status: 'delivered' } })
          .then((row) => row ?? undefined),
      WAIT_MS,
    );
    expect(delivered.attempts).toBeGreaterThan(pending.attempts);
    expect(env.slack.messages().filter((call) => call.method === 'chat.postMessage')).toHaveLength(1);
  });
});

describe('alerting with the scheduler', () => {
  const env = new TestEnvironment();

  beforeAll(async () => {
    await env.setUp();
  });

  afterAll(async () => {
    await env.tearDown();
  });

  it('evaluates on schedule through BullMQ and pages for live data', async () => {
    const rules = RULES.replace('for: 20s', 'for: 0s');
    await env.start(['api', 'scheduler', 'worker'], {
      RULES_DIR: await writeRules({ 'latency.yaml': rules }),
    });
    const token = await env.createToken();
    const response = await fetch(`${env.url}/api/v1/write`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      body: 'latency_seconds{service="checkout"} 0.95\n',
    });
    expect(response.status).toBe(200);
    const posted = await env.slack.waitFor((call) => call.method === 'chat.postMessage', WAIT_MS);
    expect(posted.text).toContain('LatencyHigh');
  });
});
