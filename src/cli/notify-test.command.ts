import { AppConfig } from 'src/config/app-config';
import { AlertNotification } from 'src/core/alerts/alert-notification';
import { buildEmailAlertMessage } from 'src/core/notifications/email-alert-message';
import { buildSlackAlertMessage } from 'src/core/notifications/slack-alert-message';
import { buildWebhookPayload, webhookAlertOf } from 'src/core/notifications/webhook-payload';
import { NotificationChannels } from 'src/modules/notifications/notification-channels';
import { DeliveryError } from 'src/modules/notifications/notifiers/delivery-error';

type Write = (line: string) => void;

const RECEIVERS = ['slack', 'email', 'webhook'] as const;
type Receiver = (typeof RECEIVERS)[number];

/** A notification that says what it is, so nobody acts on it. */
export function testNotification(config: AppConfig, nowMs: number): AlertNotification {
  return {
    alertId: `test-${nowMs}`,
    state: 'firing',
    ruleName: 'ForewarnTestNotification',
    groupName: 'forewarn',
    ruleFile: '(forewarn notify test)',
    expr: 'vector(1)',
    labels: { alertname: 'ForewarnTestNotification', severity: 'info' },
    annotations: {
      summary: 'Test notification from forewarn: delivery works',
      description: 'Sent by `forewarn notify test`. Nothing is wrong; no action is needed.',
    },
    value: 1,
    activeAtMs: nowMs,
    firedAtMs: nowMs,
    alertUrl: new URL('/', config.PUBLIC_URL).toString(),
  };
}

/**
 * `forewarn notify test slack|email|webhook`: sends one test notification straight to the receiver configured by
 * the environment (no outbox, no retries) and says whether it arrived, so a setup can be checked before a real page.
 * Exit 0 when delivered, 1 when the receiver refused or failed, 2 when it is not configured.
 */
export async function runNotifyTestCommand(
  args: string[],
  config: AppConfig,
  out: Write,
  err: Write,
  nowMs = Date.now(),
): Promise<number> {
  const receiver = args[0] as Receiver | undefined;
  if (args.length !== 1 || receiver === undefined || !RECEIVERS.includes(receiver)) {
    err(`usage: forewarn notify test ${RECEIVERS.join('|')}`);
    return 2;
  }
  const channels = new NotificationChannels(config);
  const target = channels.enabledTargets().find((entry) => entry.channel === receiver);
  if (target === undefined) {
    const needs = {
      slack: 'SLACK_BOT_TOKEN and SLACK_CHANNEL',
      email: 'SMTP_HOST and EMAIL_TO',
      webhook: 'WEBHOOK_URL',
    };
    err(`forewarn notify test: ${receiver} is not configured (set ${needs[receiver]})`);
    return 2;
  }
  const notification = testNotification(config, nowMs);
  try {
    if (receiver === 'slack') {
      const ref = await channels.slack()?.post(target.target, buildSlackAlertMessage(notification));
      out(`sent to Slack ${target.target}${ref === undefined ? '' : ` (message ${ref.ts})`}`);
    } else if (receiver === 'email') {
      const mail = buildEmailAlertMessage(notification, { domain: new URL(config.PUBLIC_URL).hostname });
      await channels.email?.send({ to: target.target.split(','), ...mail });
      out(`sent to ${target.target}`);
    } else {
      await channels.webhook.send(
        target.target,
        buildWebhookPayload({
          receiver: 'webhook',
          groupKey: '{}:{alertname="ForewarnTestNotification"}',
          groupLabels: { alertname: 'ForewarnTestNotification' },
          externalURL: config.PUBLIC_URL,
          alerts: [webhookAlertOf(notification)],
        }),
      );
      out(`sent to the webhook at ${new URL(target.target).origin}`);
    }
    return 0;
  } catch (error) {
    const detail =
      error instanceof DeliveryError
        ? `${error.message}${error.retryable ? ' (temporary)' : ''}`
        : String(error);
    err(`forewarn notify test: ${receiver} failed: ${detail}`);
    return 1;
  } finally {
    channels.onApplicationShutdown();
  }
}
