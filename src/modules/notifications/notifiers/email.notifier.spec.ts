import { AlertNotification } from 'src/core/alerts/alert-notification';
import { buildEmailAlertMessage } from 'src/core/notifications/email-alert-message';
import { SmtpSink } from 'src/demo/smtp-sink';
import { DeliveryError } from './delivery-error';
import { EmailNotifier } from './email.notifier';

const firing: AlertNotification = {
  alertId: '42',
  state: 'firing',
  ruleName: 'CheckoutLatencyHigh',
  groupName: 'checkout',
  ruleFile: 'checkout.yaml',
  expr: 'latency > 0.5',
  labels: {
    alertname: 'CheckoutLatencyHigh',
    service: 'checkout',
    severity: 'critical',
    note: '<script>x</script>',
  },
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
const DOMAIN = 'forewarn.test';

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

describe('EmailNotifier', () => {
  const sink = new SmtpSink();
  let notifier: EmailNotifier;

  beforeAll(async () => {
    await sink.start();
    notifier = new EmailNotifier({
      host: '127.0.0.1',
      port: sink.port,
      secure: false,
      ignoreTLS: true,
      from: 'forewarn <alerts@forewarn.test>',
    });
  });

  afterAll(async () => {
    notifier.close();
    await sink.stop();
  });

  it('delivers a multipart mail with text and html parts', async () => {
    const mail = buildEmailAlertMessage(firing, { domain: DOMAIN });
    await notifier.send({ to: ['oncall@example.com', 'lead@example.com'], ...mail });

    const received = await sink.waitFor((m) => m.messageId === mail.messageId, 2000);
    expect(received.from).toBe('alerts@forewarn.test');
    expect(received.to).toEqual(['oncall@example.com', 'lead@example.com']);
    expect(received.subject).toBe('[FIRING] CheckoutLatencyHigh service=checkout');
    expect(received.text?.trim()).toBe(mail.text.trim());
    expect(received.html).toBe(mail.html);
    expect(received.html).toContain('&lt;script&gt;');
    expect(received.inReplyTo).toBeUndefined();
    expect(received.references).toEqual([]);
  });

  it('delivers the threading headers of the resolved mail', async () => {
    const first = buildEmailAlertMessage(firing, { domain: DOMAIN });
    const second = buildEmailAlertMessage(resolved, { domain: DOMAIN });
    await notifier.send({ to: ['oncall@example.com'], ...second });

    const received = await sink.waitFor((m) => m.messageId === second.messageId, 2000);
    expect(received.subject).toBe('[RESOLVED] CheckoutLatencyHigh service=checkout');
    expect(received.inReplyTo).toBe(first.messageId);
    expect(received.references).toEqual([first.messageId]);
  });

  it('reports a 451 reply as retryable', async () => {
    sink.rejectNext(1, 451);
    const error = await deliveryError(
      notifier.send({ to: ['oncall@example.com'], ...buildEmailAlertMessage(firing, { domain: DOMAIN }) }),
    );
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('451');
  });

  it('reports a 550 reply as permanent', async () => {
    sink.rejectNext(1, 550);
    const error = await deliveryError(
      notifier.send({ to: ['oncall@example.com'], ...buildEmailAlertMessage(firing, { domain: DOMAIN }) }),
    );
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('550');
  });

  it('sends normally again once the rejections are used up', async () => {
    sink.rejectNext(1, 451);
    const mail = buildEmailAlertMessage({ ...firing, alertId: 'again' }, { domain: DOMAIN });
    await deliveryError(notifier.send({ to: ['oncall@example.com'], ...mail }));
    await notifier.send({ to: ['oncall@example.com'], ...mail });
    expect(sink.mails().filter((m) => m.messageId === mail.messageId)).toHaveLength(1);
  });

  it('authenticates when given credentials and never reveals the password', async () => {
    const password = 'hunter2-very-secret';
    const withAuth = new EmailNotifier({
      host: '127.0.0.1',
      port: sink.port,
      secure: false,
      ignoreTLS: true,
      user: 'forewarn',
      pass: password,
      from: 'alerts@forewarn.test',
    });
    const mail = buildEmailAlertMessage({ ...firing, alertId: 'auth' }, { domain: DOMAIN });
    await withAuth.send({ to: ['oncall@example.com'], ...mail });
    await sink.waitFor((m) => m.messageId === mail.messageId, 2000);

    sink.rejectNext(1, 554);
    const error = await deliveryError(withAuth.send({ to: ['oncall@example.com'], ...mail }));
    expect(error.message).not.toContain(password);
    withAuth.close();
  });

  it('reports an unreachable server as retryable', async () => {
    const down = new SmtpSink();
    await down.start();
    const port = down.port;
    await down.stop();
    const unreachable = new EmailNotifier({
      host: '127.0.0.1',
      port,
      secure: false,
      from: 'alerts@forewarn.test',
    });
    const error = await deliveryError(
      unreachable.send({ to: ['oncall@example.com'], ...buildEmailAlertMessage(firing, { domain: DOMAIN }) }),
    );
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.retryable).toBe(true);
    unreachable.close();
  });

  it('reports a mail without recipients as permanent', async () => {
    const error = await deliveryError(
      notifier.send({ to: [], ...buildEmailAlertMessage(firing, { domain: DOMAIN }) }),
    );
    expect(error.retryable).toBe(false);
  });
});
