import { createHmac } from 'node:crypto';
import { runSilenceCommand } from 'src/cli/silence.command';
import { PrismaService } from 'src/infra/database/prisma.service';
import { EvaluationService } from 'src/modules/evaluation/evaluation.service';
import { slotStart } from 'src/modules/evaluation/evaluation.scheduler';
import { eventually } from '../support/eventually';
import { QUEUE_STUCK_RULES } from '../support/queue-rules';
import { TestEnvironment, writeRules } from '../support/test-app';

const SIGNING_SECRET = 'slack-signing-secret-for-tests';

/** A Slack block_actions request, signed as Slack signs it (or with `secret` to forge one). */
function slackRequest(action: string, alertId: string, timestampS: number, secret = SIGNING_SECRET) {
  const payload = {
    type: 'block_actions',
    user: { id: 'U024BE7LH', username: 'ana' },
    container: { type: 'message', channel_id: 'C123', message_ts: '1700000000.000100' },
    channel: { id: 'C123' },
    response_url: 'https://hooks.slack.com/actions/T1/1/xyz',
    actions: [{ action_id: action, value: alertId, type: 'button' }],
  };
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestampS}:${body}`).digest('hex')}`;
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestampS),
      'x-slack-signature': signature,
    },
    body,
  };
}

describe('silences, acknowledgements and Slack buttons', () => {
  const env = new TestEnvironment();
  let admin: string;
  let reader: string;
  let T: number;

  beforeAll(async () => {
    await env.setUp();
    await env.start(['api', 'worker'], {
      RULES_DIR: await writeRules({ 'queue.yaml': QUEUE_STUCK_RULES }),
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
    });
    admin = await env.createToken(['admin']);
    reader = await env.createToken(['read']);
    T = slotStart(Date.now() - 60_000, 1000);
  });

  afterAll(async () => {
    await env.tearDown();
  });

  const api = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${env.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
    });
  const push = async (value: number, ts: number) => {
    const response = await api('/api/v1/write', admin, {
      body: `queue_depth{queue="q1"} ${value} ${ts}`,
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
    });
    expect(response.status).toBe(200);
  };
  const outboxCount = () => env.get(PrismaService).notificationOutbox.count();

  it('validate silences like Alertmanager and need the admin scope to create one', async () => {
    const everything = await api('/api/v1/silences', admin, {
      method: 'POST',
      body: JSON.stringify({ matchers: 'queue=~".*"', duration: '1h', createdBy: 'ana', comment: 'x' }),
    });
    expect(everything.status).toBe(400);
    expect(await everything.json()).toMatchObject({
      problems: [{ where: 'silence', message: expect.stringMatching(/would mute every alert/) }],
    });
    const forbidden = await api('/api/v1/silences', reader, {
      method: 'POST',
      body: JSON.stringify({ matchers: 'service="orders"', duration: '1h', createdBy: 'ana', comment: 'x' }),
    });
    expect(forbidden.status).toBe(403);
  });

  it('mute notifications of matching alerts, count them, and stop muting once expired', async () => {
    const created = await api('/api/v1/silences', admin, {
      method: 'POST',
      body: JSON.stringify({
        matchers: 'service="orders"',
        duration: '2h',
        createdBy: 'ana',
        comment: 'migration',
      }),
    });
    expect(created.status).toBe(201);
    const { data: silence } = (await created.json()) as { data: { id: string; state: string } };
    expect(silence.state).toBe('active');

    await push(500, T);
    expect(await env.get(EvaluationService).evaluateGroup('queue', T)).toBe('evaluated');
    expect(await outboxCount()).toBe(0);
    // The worker's flush tick may have taken the flush (SKIP LOCKED) and commit a moment after the evaluation.
    const listed = await eventually(async () => {
      const body = (await (await api('/api/v1/silences', reader)).json()) as {
        data: { silences: Array<{ id: string; suppressed: number }> };
      };
      return body.data.silences[0]?.suppressed === 0 ? undefined : body;
    });
    expect(listed.data.silences).toEqual([expect.objectContaining({ id: silence.id, suppressed: 1 })]);

    expect((await api(`/api/v1/silences/${silence.id}`, admin, { method: 'DELETE' })).status).toBe(200);
    expect((await api('/api/v1/silences/not-a-uuid', admin, { method: 'DELETE' })).status).toBe(404);
    // The alert resolves and fires again: now it is delivered.
    await push(1, T + 1000);
    await env.get(EvaluationService).evaluateGroup('queue', T + 1000);
    await push(500, T + 2000);
    await env.get(EvaluationService).evaluateGroup('queue', T + 2000);
    // At the incident's next flush (group_interval after the muted one).
    await eventually(async () => ((await outboxCount()) > 0 ? true : undefined));
  });

  it('take Acknowledge and Silence 1h from signed Slack requests only', async () => {
    const [alert] = await env.get(PrismaService).alert.findMany({ where: { ruleName: 'QueueStuck' } });
    expect(alert).toBeDefined();
    const id = alert?.id ?? '';
    const now = Math.floor(Date.now() / 1000);

    const forged = await fetch(`${env.url}/slack/interactions`, slackRequest('ack', id, now, 'wrong-secret'));
    expect(forged.status).toBe(401);
    const replayed = await fetch(`${env.url}/slack/interactions`, slackRequest('ack', id, now - 301));
    expect(replayed.status).toBe(401);
    const unsigned = await fetch(`${env.url}/slack/interactions`, {
      ...slackRequest('ack', id, now),
      headers: {},
    });
    expect(unsigned.status).toBe(401);
    const untouched = await env.get(PrismaService).alert.findUnique({ where: { id } });
    expect(untouched?.acknowledgedAt).toBeNull();

    const ack = await fetch(`${env.url}/slack/interactions`, slackRequest('ack', id, now));
    expect(ack.status).toBe(200);
    const alerts = (await (await api('/api/v1/alerts?state=firing', reader)).json()) as {
      data: { alerts: Array<{ id: string; acknowledged?: { by: string; source: string } }> };
    };
    expect(alerts.data.alerts.find((entry) => entry.id === id)?.acknowledged).toMatchObject({
      by: 'slack:ana (U024BE7LH)',
      source: 'slack',
    });

    const silence = await fetch(`${env.url}/slack/interactions`, slackRequest('silence_1h', id, now));
    expect(silence.status).toBe(200);
    const silences = (await (await api('/api/v1/silences', reader)).json()) as {
      data: {
        silences: Array<{ createdBy: string; matchersText: string; startsAt: string; endsAt: string }>;
      };
    };
    const fromSlack = silences.data.silences.find((entry) => entry.createdBy === 'slack:ana (U024BE7LH)');
    expect(fromSlack?.matchersText).toBe(
      '{alertname="QueueStuck",queue="q1",service="orders",severity="critical"}',
    );
    expect(Date.parse(fromSlack?.endsAt ?? '') - Date.parse(fromSlack?.startsAt ?? '')).toBe(3_600_000);
  });

  it('acknowledge through the API in the name of the token', async () => {
    const [alert] = await env.get(PrismaService).alert.findMany({ where: { ruleName: 'QueueStuck' } });
    const response = await api(`/api/v1/alerts/${alert?.id ?? ''}/ack`, admin, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      data: { acknowledged: { source: 'api', by: expect.stringMatching(/^token:test-/) } },
    });
    expect((await api(`/api/v1/alerts/${alert?.id ?? ''}/ack`, reader, { method: 'POST' })).status).toBe(403);
  });

  it('are managed from the CLI too: add, list, expire, with errors naming the flag', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const run = (args: string[]) =>
      runSilenceCommand(
        args,
        env.config,
        (line) => out.push(line),
        (line) => err.push(line),
      );
    expect(
      await run(['add', 'service="billing"', '--for', '2h', '--comment', 'db move', '--author', 'ana']),
    ).toBe(0);
    expect(out[0]).toMatch(
      /^[0-9a-f-]{36} {2}active {2}.* \{service="billing"\} {2}by ana: db move \(muted 0\)$/,
    );
    const id = out[0]?.slice(0, 36) ?? '';
    expect(await run(['add', 'service="billing"', '--for', 'later', '--comment', 'x'])).toBe(2);
    expect(err).toEqual([expect.stringMatching(/^forewarn silence add: --for: expected a duration/)]);
    out.length = 0;
    expect(await run(['list'])).toBe(0);
    expect(out.some((line) => line.startsWith(id))).toBe(true);
    expect(await run(['expire', id])).toBe(0);
    expect(out[out.length - 1]).toMatch(/ expired /);
  });

  it('record every change in the audit log: who, from where, what', async () => {
    const entries = await env.get(PrismaService).auditLog.findMany({ orderBy: { at: 'asc' } });
    const silences = await env.get(PrismaService).silence.findMany();
    const ids = new Set(silences.map((silence) => silence.id));
    expect(entries.every((entry) => ids.has(entry.target))).toBe(true);
    expect(entries.map((entry) => [entry.source, entry.action, entry.actor])).toEqual([
      ['api', 'silence.create', expect.stringMatching(/^test-/)],
      ['api', 'silence.expire', expect.stringMatching(/^test-/)],
      ['slack', 'silence.create', 'slack:ana (U024BE7LH)'],
      ['cli', 'silence.create', 'ana'],
      ['cli', 'silence.expire', expect.any(String)],
    ]);
    expect(entries[0]?.detail).toMatchObject({ matchers: '{service="orders"}', comment: 'migration' });
  });
});
