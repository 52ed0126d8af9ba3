import { AlertNotification } from 'src/core/alerts/alert-notification';
import { buildSlackAlertMessage, buildSlackThreadReply } from 'src/core/notifications/slack-alert-message';
import { SlackApiStandIn } from 'src/demo/slack-api-stand-in';
import { DeliveryError } from './delivery-error';
import { SlackNotifier } from './slack.notifier';

const TOKEN = 'xoxb-1111-2222-s3cr3t-t0ken';

const firing: AlertNotification = {
  alertId: '42',
  state: 'firing',
  ruleName: 'CheckoutLatencyHigh',
  groupName: 'checkout',
  ruleFile: 'checkout.yaml',
  expr: 'latency > 0.5',
  labels: { alertname: 'CheckoutLatencyHigh', service: 'checkout', severity: 'critical' },
  annotations: { summary: 'p99 latency above 500ms' },
  value: 0.82,
  threshold: { op: '>', value: 0.5 },
  activeAtMs: 1_700_000_000_000,
  firedAtMs: 1_700_000_060_000,
  alertUrl: 'https://forewarn.example.com/alerts/42',
};
const resolved: AlertNotification = {
  ...firing,
  state: 'resolved',
  value: 0.31,
  resolvedAtMs: 1_700_000_330_000,
};

async function deliveryError(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DeliveryError)) {
    throw new Error(`expected a DeliveryError, got ${String(error)}`);
  }
  return error;
}

describe('SlackNotifier', () => {
  const standIn = new SlackApiStandIn({ token: TOKEN });
  let notifier: SlackNotifier;

  beforeAll(async () => {
    await standIn.start();
    notifier = new SlackNotifier({ token: TOKEN, apiUrl: standIn.url });
  });

  afterAll(async () => {
    await standIn.stop();
  });

  it('posts, updates and replies in the thread with the right channel, ts and blocks', async () => {
    const firingMsg = buildSlackAlertMessage(firing);
    const posted = await notifier.post('C0ALERTS', firingMsg);
    expect(posted.channel).toBe('C0ALERTS');
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);

    const resolvedMsg = buildSlackAlertMessage(resolved);
    await notifier.update('C0ALERTS', posted.ts, resolvedMsg);
    const reply = await notifier.reply('C0ALERTS', posted.ts, buildSlackThreadReply(resolved));
    expect(reply.ts > posted.ts).toBe(true);

    const calls = standIn.messages().filter((call) => call.channel === 'C0ALERTS');
    expect(calls).toEqual([
      {
        method: 'chat.postMessage',
        channel: 'C0ALERTS',
        ts: posted.ts,
        text: firingMsg.text,
        blocks: firingMsg.blocks,
      },
      {
        method: 'chat.update',
        channel: 'C0ALERTS',
        ts: posted.ts,
        text: resolvedMsg.text,
        blocks: resolvedMsg.blocks,
      },
      {
        method: 'chat.postMessage',
        channel: 'C0ALERTS',
        ts: reply.ts,
        threadTs: posted.ts,
        text: 'Resolved after 4m 30s. Last value 0.31.',
        blocks: buildSlackThreadReply(resolved).blocks,
      },
    ]);
  });

  it('reports HTTP 500 as retryable', async () => {
    standIn.failNext(1, 500);
    const error = await deliveryError(notifier.post('C0ALERTS', buildSlackAlertMessage(firing)));
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBeUndefined();
    expect(error.message).toContain('HTTP 500');
  });

  it('reports 429 as retryable after the Retry-After delay, without waiting itself', async () => {
    standIn.failNext(1, 429, { 'Retry-After': '1' });
    const started = Date.now();
    const error = await deliveryError(notifier.post('C0ALERTS', buildSlackAlertMessage(firing)));
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(1000);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('does not retry on its own: a failure costs exactly one request', async () => {
    const before = standIn.messages().length;
    standIn.failNext(1, 503);
    await deliveryError(notifier.post('C0ALERTS', buildSlackAlertMessage(firing)));
    // The next call reaches the stand-in normally, so the failure above consumed exactly one forced answer.
    await notifier.post('C0ALERTS', buildSlackAlertMessage(firing));
    expect(standIn.messages().length).toBe(before + 1);
  });

  it.each(['channel_not_found', 'not_in_channel', 'invalid_blocks', 'is_archived'])(
    'reports %s as permanent',
    async (code) => {
      standIn.errorNext(1, code);
      const error = await deliveryError(notifier.post('C0ALERTS', buildSlackAlertMessage(firing)));
      expect(error.retryable).toBe(false);
      expect(error.message).toBe(`slack chat.postMessage failed: ${code}`);
    },
  );

  it.each(['internal_error', 'service_unavailable', 'ratelimited'])(
    'reports %s as retryable',
    async (code) => {
      standIn.errorNext(1, code);
      const error = await deliveryError(notifier.post('C0ALERTS', buildSlackAlertMessage(firing)));
      expect(error.retryable).toBe(true);
    },
  );

  it('reports a wrong token as permanent invalid_auth and never reveals the token', async () => {
    const wrongToken = 'xoxb-9999-wrong-t0ken-do-not-leak';
    const badNotifier = new SlackNotifier({ token: wrongToken, apiUrl: standIn.url });
    const error = await deliveryError(badNotifier.post('C0ALERTS', buildSlackAlertMessage(firing)));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('invalid_auth');
    expect(error.message).not.toContain(wrongToken);
    expect(error.stack ?? '').not.toContain(wrongToken);
    expect(JSON.stringify(error)).not.toContain(wrongToken);
  });

  it('reports updating an unknown message as permanent', async () => {
    const error = await deliveryError(
      notifier.update('C0ALERTS', '1600000000.000001', buildSlackAlertMessage(resolved)),
    );
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('message_not_found');
  });

  it('reports an unreachable server as retryable', async () => {
    const down = new SlackApiStandIn({ token: TOKEN });
    await down.start();
    const url = down.url;
    await down.stop();
    const error = await deliveryError(
      new SlackNotifier({ token: TOKEN, apiUrl: url }).post('C0ALERTS', buildSlackAlertMessage(firing)),
    );
    expect(error.retryable).toBe(true);
    // Under Jest the library loses fetch's cause (realm mismatch), so only the summary is checked here.
    expect(error.message).toMatch(/request error: .*fetch failed/);
    expect(error.message).not.toContain(TOKEN);
  });

  it('rejects an API URL that does not end with /api/', () => {
    expect(() => new SlackNotifier({ token: TOKEN, apiUrl: 'http://127.0.0.1:1' })).toThrow(/\/api\//);
  });
});
