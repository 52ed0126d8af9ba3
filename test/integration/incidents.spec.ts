import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Clock } from 'src/infra/clock';
import { PrismaService } from 'src/infra/database/prisma.service';
import { EvaluationService } from 'src/modules/evaluation/evaluation.service';
import { slotStart } from 'src/modules/evaluation/evaluation.scheduler';
import { IncidentFlushService } from 'src/modules/incidents/incident-flush.service';
import { eventually } from '../support/eventually';
import { TestEnvironment, writeRules } from '../support/test-app';

const S = 15_000;
const RULES = `
groups:
  - name: web
    interval: 15s
    rules:
      - alert: InstanceErrors
        expr: errors_total > 0
        labels: { severity: warning }
        annotations: { summary: 'errors on {{ $labels.instance }}' }
      - alert: ServiceDown
        expr: service_down > 0
        labels: { severity: critical }
`;

function routing(timings: string, extra = ''): string {
  return `
route:
  receiver: oncall
  group_by: [service, alertname]
${timings}
receivers:
  - name: oncall
    slack_configs: [{ send_resolved: true }]
    email_configs: [{ send_resolved: true }]
${extra}`;
}

const IMMEDIATE = '  group_wait: 0s\n  group_interval: 1s\n  repeat_interval: 4h';
const INHIBIT = `inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity="warning"']
    equal: [service]`;

async function startWith(
  env: TestEnvironment,
  routingYaml: string,
  settings: Record<string, string> = {},
): Promise<string> {
  const rulesDir = await writeRules({ 'web.yaml': RULES });
  const routingFile = join(rulesDir, '..', `routing-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(routingFile, routingYaml);
  await env.start(['api', 'worker'], { RULES_DIR: rulesDir, ROUTING_FILE: routingFile, ...settings });
  return env.createToken(['ingest', 'read', 'admin']);
}

async function push(env: TestEnvironment, token: string, body: string): Promise<void> {
  const response = await fetch(`${env.url}/api/v1/write`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
    body,
  });
  expect(response.status).toBe(200);
}

const errors = (instances: number, value: number, ts: number, service = 'web') =>
  Array.from(
    { length: instances },
    (_, i) => `errors_total{service="${service}",instance="i${i}"} ${value} ${ts}`,
  ).join('\n');

describe('incidents: grouping, threading, inhibition and acknowledgement', () => {
  const env = new TestEnvironment();
  let token: string;

  beforeAll(async () => {
    await env.setUp();
    token = await startWith(env, routing(IMMEDIATE, INHIBIT));
  });

  afterAll(async () => {
    await env.tearDown();
  });

  it('sends 10 alerts of one group as one Slack message and one mail, then resolves both in place and in thread', async () => {
    const T = slotStart(Date.now() - 10 * 60_000, S);
    await push(env, token, errors(10, 1, T));
    await env.get(EvaluationService).evaluateGroup('web', T);

    const posted = await env.slack.waitFor((call) => call.method === 'chat.postMessage', 10_000);
    expect(posted.text).toBe('[FIRING:10] InstanceErrors web');
    expect(JSON.stringify(posted.blocks)).toContain('InstanceErrors  instance=\\"i9\\"');
    const firingMail = await env.smtp.waitFor(
      (mail) => mail.subject === '[FIRING:10] InstanceErrors web',
      10_000,
    );
    expect(firingMail.text).toMatch(/Alerts: +InstanceErrors {2}instance="i0"/);

    await push(env, token, errors(10, 0, T + S));
    await env.get(EvaluationService).evaluateGroup('web', T + S);
    const reply = await env.slack.waitFor((call) => call.threadTs === posted.ts, 10_000);
    expect(reply.text).toMatch(/^All 10 alerts resolved after 15s\./);
    const updated = env.slack
      .messages()
      .filter((call) => call.method === 'chat.update' && call.ts === posted.ts);
    expect(updated.at(-1)?.text).toBe('[RESOLVED] InstanceErrors web');
    const resolvedMail = await env.smtp.waitFor(
      (mail) => mail.subject === '[RESOLVED] InstanceErrors web',
      10_000,
    );
    expect(resolvedMail.inReplyTo).toBe(firingMail.messageId);
    expect(firingMail.messageId).toMatch(/^<incident-[0-9a-f-]{36}@localhost>$/);

    // One message per group: the ten alerts never produced a second post.
    expect(
      env.slack
        .messages()
        .filter((call) => call.method === 'chat.postMessage' && call.threadTs === undefined),
    ).toHaveLength(1);
    const incidents = await env
      .get(PrismaService)
      .incident.findMany({ include: { alerts: true, log: true } });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]?.alerts).toHaveLength(10);
    expect(incidents[0]?.resolvedAt?.getTime()).toBe(T + S);
    expect(incidents[0]?.log.map((entry) => [entry.integration, entry.sends]).sort()).toEqual([
      ['email:oncall@example.com', 2],
      ['slack:#alerts-test', 2],
    ]);
  });

  it('holds back a warning while a critical alert of the same service fires (inhibition), and says why', async () => {
    const T = slotStart(Date.now() - 5 * 60_000, S);
    await push(env, token, `service_down{service="db"} 1 ${T}\n${errors(1, 1, T, 'db')}`);
    await env.get(EvaluationService).evaluateGroup('web', T);

    const down = await env.slack.waitFor((call) => call.text.includes('ServiceDown'), 10_000);
    expect(down.method).toBe('chat.postMessage');
    const inhibited = await eventually(() =>
      env
        .get(PrismaService)
        .incidentAlert.findFirst({
          where: { ruleName: 'InstanceErrors', labels: { path: ['service'], equals: 'db' } },
        })
        .then((row) => (row?.muted === null ? undefined : (row ?? undefined))),
    );
    expect(inhibited.muted).toBe('inhibited by {alertname="ServiceDown", service="db", severity="critical"}');
    // Give the inhibited group a flush or two: still nothing about it in Slack.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(env.slack.messages().some((call) => call.text.includes('InstanceErrors db'))).toBe(false);
  });

  it('shows a receiver integration that fails for good in the API, while the others deliver', async () => {
    env.slack.errorNext(1, 'channel_not_found');
    const T = slotStart(Date.now() - 4 * 60_000, S);
    await push(env, token, errors(1, 1, T, 'zeta'));
    await env.get(EvaluationService).evaluateGroup('web', T);
    await env.smtp.waitFor((mail) => (mail.subject ?? '').includes('zeta'), 10_000);
    const receivers = await eventually(async () => {
      const body = (await (
        await fetch(`${env.url}/api/v1/receivers`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as {
        data: {
          receivers: Array<{
            name: string;
            integrations: Array<{
              key: string;
              failed: number;
              delivered: number;
              lastFailure?: { error: string };
            }>;
          }>;
        };
      };
      const slack = body.data.receivers[0]?.integrations.find((i) => i.key === 'slack:#alerts-test');
      return slack !== undefined && slack.failed > 0 ? body.data.receivers : undefined;
    });
    const [oncall] = receivers;
    expect(oncall?.name).toBe('oncall');
    const slack = oncall?.integrations.find((i) => i.key === 'slack:#alerts-test');
    expect(slack?.lastFailure?.error).toMatch(/channel_not_found/);
    const email = oncall?.integrations.find((i) => i.key === 'email:oncall@example.com');
    expect(email?.failed).toBe(0);
    expect(email?.delivered).toBeGreaterThan(0);
  });

  it('acknowledges an incident through the API, with its alerts, in the token’s name; the first acknowledgement counts', async () => {
    const open = await env
      .get(PrismaService)
      .incident.findFirstOrThrow({ where: { title: 'ServiceDown db' } });
    const ack = await fetch(`${env.url}/api/v1/incidents/${open.id}/ack`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(ack.status).toBe(200);
    const body = (await ack.json()) as { data: { acknowledged: { at: string; by: string; source: string } } };
    expect(body.data.acknowledged).toMatchObject({
      source: 'api',
      by: expect.stringMatching(/^token:test-/),
    });
    const alert = await env.get(PrismaService).alert.findFirstOrThrow({ where: { ruleName: 'ServiceDown' } });
    expect(alert.ackSource).toBe('api');

    const again = await fetch(`${env.url}/api/v1/incidents/${open.id}/ack`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    const second = (await again.json()) as { data: { acknowledged: { at: string } } };
    expect(second.data.acknowledged.at).toBe(body.data.acknowledged.at);
    const missing = await fetch(`${env.url}/api/v1/incidents/00000000-0000-4000-8000-000000000000/ack`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(missing.status).toBe(404);
    const detail = (await (
      await fetch(`${env.url}/api/v1/incidents/${open.id}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { data: { notifications: Array<{ integration: string; reason: string; status: string }> } };
    expect(detail.data.notifications).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          integration: 'slack:#alerts-test',
          reason: 'first notification',
          status: 'delivered',
        }),
      ]),
    );
  });
});

describe('incidents: a Slack answer lost after the message was posted', () => {
  const env = new TestEnvironment();

  beforeAll(async () => {
    await env.setUp();
  });

  afterAll(async () => {
    await env.tearDown();
  });

  it('finds the posted message by its metadata on the retry and posts no second one', async () => {
    const token = await startWith(env, routing(IMMEDIATE));
    env.slack.acceptThenFailNext(1, 500);
    const T = slotStart(Date.now() - 5 * 60_000, S);
    await push(env, token, errors(2, 1, T, 'cart'));
    await env.get(EvaluationService).evaluateGroup('web', T);

    const row = await eventually(() =>
      env
        .get(PrismaService)
        .notificationOutbox.findFirst({ where: { channel: 'slack', status: 'delivered' } })
        .then((found) => found ?? undefined),
    );
    expect(row.attempts).toBe(2);
    const posts = env.slack.messages().filter((call) => call.method === 'chat.postMessage');
    expect(posts).toHaveLength(1);
    // The retry adopted the message Slack had accepted and brought it up to date in place.
    expect(
      env.slack.messages().filter((call) => call.method === 'chat.update' && call.ts === posts[0]?.ts),
    ).toHaveLength(1);
    expect(row.externalRef).toEqual({ channel: '#alerts-test', ts: posts[0]?.ts });
  });
});

describe('incidents: group_wait, group_interval and repeat_interval on a controlled clock', () => {
  const env = new TestEnvironment();
  let token: string;
  let nowMs = 0;

  beforeAll(async () => {
    await env.setUp();
    // Flushes happen only when the test calls them (no poller racing the controlled clock).
    token = await startWith(env, routing('  group_wait: 30s\n  group_interval: 5m\n  repeat_interval: 4h'), {
      FLUSH_TICK: '1h',
    });
    env.get(Clock).nowMs = () => nowMs;
  });

  afterAll(async () => {
    await env.tearDown();
  });

  const posts = () => env.slack.messages().filter((call) => call.method === 'chat.postMessage');
  const flush = () => env.get(IncidentFlushService).flushDue();

  it('waits group_wait for more alerts, batches changes per group_interval, and reminds after repeat_interval', async () => {
    const T = slotStart(Date.now() - 60 * 60_000, S);
    nowMs = T;
    await push(env, token, errors(1, 1, T, 'api'));
    await env.get(EvaluationService).evaluateGroup('web', T);
    expect(await flush()).toBe(0); // group_wait: nothing yet

    nowMs = T + 10_000;
    await push(env, token, errors(2, 1, T + S, 'api'));
    await env.get(EvaluationService).evaluateGroup('web', T + S);
    nowMs = T + 30_000;
    expect(await flush()).toBe(1);
    const first = await env.slack.waitFor((call) => call.method === 'chat.postMessage', 10_000);
    expect(first.text).toBe('[FIRING:2] InstanceErrors api');

    // A third alert two minutes later waits for the group_interval tick.
    nowMs = T + 2 * 60_000;
    await push(env, token, errors(3, 1, T + 2 * S, 'api'));
    await env.get(EvaluationService).evaluateGroup('web', T + 2 * S);
    expect(await flush()).toBe(0);
    nowMs = T + 30_000 + 5 * 60_000;
    expect(await flush()).toBe(1);
    const change = await env.slack.waitFor((call) => call.threadTs === first.ts, 10_000);
    expect(change.text).toBe('1 new alert firing. [FIRING:3] InstanceErrors api.');

    // Nothing new at the next tick: a flush, but no notification.
    nowMs = T + 30_000 + 10 * 60_000;
    expect(await flush()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(env.slack.messages().filter((call) => call.threadTs === first.ts)).toHaveLength(1);

    // Four hours after the last notification, at the next tick: a reminder in the thread.
    nowMs = T + 30_000 + 5 * 60_000 + 4 * 3_600_000 + 5 * 60_000;
    expect(await flush()).toBe(1);
    const reminder = await env.slack.waitFor(
      (call) => call.threadTs === first.ts && call.text.startsWith('Still firing'),
      10_000,
    );
    expect(reminder.text).toBe('Still firing after 4h 10m: [FIRING:3] InstanceErrors api.');
    expect(posts().filter((call) => call.threadTs === undefined)).toHaveLength(1);
    const log = await env
      .get(PrismaService)
      .notificationLog.findFirstOrThrow({ where: { integration: 'slack:#alerts-test' } });
    expect(log.sends).toBe(3);
  });
});

describe('incidents: a Slack outage, then recovery', () => {
  const env = new TestEnvironment();

  beforeAll(async () => {
    await env.setUp();
  });

  afterAll(async () => {
    await env.tearDown();
  });

  it('delivers every incident exactly once after a stretch of 500s, platform errors and a 429', async () => {
    const token = await startWith(env, routing(IMMEDIATE));
    env.slack.failNext(4, 500);
    env.slack.errorNext(2, 'internal_error');
    env.slack.failNext(1, 429, { 'Retry-After': '1' });
    const T = slotStart(Date.now() - 5 * 60_000, S);
    await push(env, token, ['alpha', 'beta', 'gamma'].map((service) => errors(1, 1, T, service)).join('\n'));
    await env.get(EvaluationService).evaluateGroup('web', T);

    const rows = await eventually(async () => {
      const found = await env.get(PrismaService).notificationOutbox.findMany({ where: { channel: 'slack' } });
      return found.length === 3 && found.every((row) => row.status === 'delivered') ? found : undefined;
    }, 15_000);
    const posts = env.slack.messages().filter((call) => call.method === 'chat.postMessage');
    expect(posts).toHaveLength(3);
    for (const service of ['alpha', 'beta', 'gamma']) {
      expect(posts.filter((call) => JSON.stringify(call.blocks).includes(service))).toHaveLength(1);
    }
    expect(new Set(posts.map((call) => JSON.stringify(call.blocks))).size).toBe(3);
    // Seven failed attempts spread over the three; none given up, none sent twice.
    expect(rows.reduce((sum, row) => sum + row.attempts, 0)).toBe(3 + 7);
  });
});

describe('incidents: a storm to one Slack channel is summarised, never dropped', () => {
  const env = new TestEnvironment();
  let token: string;

  beforeAll(async () => {
    await env.setUp();
    // Only the evaluation flushes, so the storm's incidents reach the outbox together.
    token = await startWith(env, routing(IMMEDIATE), { SLACK_STORM_THRESHOLD: '5', FLUSH_TICK: '1h' });
  });

  afterAll(async () => {
    await env.tearDown();
  });

  it('posts one summary for 12 new incidents, each of their Slack notifications delivered by it; mail goes on', async () => {
    const T = slotStart(Date.now() - 10 * 60_000, S);
    const services = Array.from({ length: 12 }, (_, i) => `svc${i}`);
    await push(env, token, services.map((service) => errors(1, 1, T, service)).join('\n'));
    await env.get(EvaluationService).evaluateGroup('web', T);

    const summary = await env.slack.waitFor((call) => call.method === 'chat.postMessage', 10_000);
    expect(summary.text).toMatch(/^12 incidents opened in the last \d/);
    const prisma = env.get(PrismaService);
    const rows = await eventually(async () => {
      const all = await prisma.notificationOutbox.findMany();
      return all.length === 25 && all.every((row) => row.status === 'delivered') ? all : undefined;
    });
    const summaryRow = rows.find((row) => row.event === 'summary');
    expect(summaryRow).toMatchObject({
      channel: 'slack',
      incidentId: null,
      externalRef: { channel: '#alerts-test', ts: summary.ts },
      reason: 'storm: 12 new incident messages waiting for #alerts-test (more than SLACK_STORM_THRESHOLD, 5)',
    });
    const slackRows = rows.filter((row) => row.channel === 'slack' && row.event === 'firing');
    expect(slackRows).toHaveLength(12);
    expect(slackRows.every((row) => row.summaryId === summaryRow?.id)).toBe(true);
    const incidents = await prisma.incident.findMany({ select: { id: true } });
    expect(new Set(slackRows.map((row) => row.incidentId))).toEqual(new Set(incidents.map((i) => i.id)));
    for (const { id } of incidents) {
      expect(JSON.stringify(summary.blocks)).toContain(`/incidents/${id}|InstanceErrors svc`);
    }
    expect(rows.filter((row) => row.channel === 'email')).toHaveLength(12);
    // Every Slack notification is accounted for by the summary: nothing else was posted.
    expect(env.slack.messages().filter((call) => call.method === 'chat.postMessage')).toHaveLength(1);

    const detail = (await (
      await fetch(`${env.url}/api/v1/incidents/${incidents[0]?.id}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { data: { notifications: Array<{ integration: string; summaryId: string | null }> } };
    expect(detail.data.notifications).toContainEqual(
      expect.objectContaining({ integration: 'slack:#alerts-test', summaryId: summaryRow?.id }),
    );
  });
});
