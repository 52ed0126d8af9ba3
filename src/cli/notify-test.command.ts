import { readFile } from 'node:fs/promises';
import { AppConfig } from 'src/config/app-config';
import { resolveIntegrations } from 'src/core/dispatch/integrations';
import { formatRuleProblem, loadRoutingConfig } from 'src/core/routing/load-routing-config';
import { AlertNotification } from 'src/core/alerts/alert-notification';
import { buildEmailAlertMessage } from 'src/core/notifications/email-alert-message';
import { buildSlackAlertMessage } from 'src/core/notifications/slack-alert-message';
import { buildWebhookPayload, webhookAlertOf } from 'src/core/notifications/webhook-payload';
import { NotificationChannels } from 'src/modules/notifications/notification-channels';
import { integrationEnvironment } from 'src/modules/routing/integration-environment';
import { DeliveryError } from 'src/modules/notifications/notifiers/delivery-error';

type Write = (line: string) => void;

const KINDS = ['slack', 'email', 'webhook'] as const;
type Kind = (typeof KINDS)[number];

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
 * `forewarn notify test <receiver>`: sends one test notification straight to every integration of a receiver of
 * routing.yaml (ROUTING_FILE), or to `slack`, `email` or `webhook` as the environment configures them (no outbox,
 * no retries), and says whether each arrived, so a setup can be checked before a real page. Exit 0 when all were
 * delivered, 1 when any was refused or failed, 2 when there is nothing configured to send to.
 */
export async function runNotifyTestCommand(
  args: string[],
  config: AppConfig,
  out: Write,
  err: Write,
  nowMs = Date.now(),
): Promise<number> {
  const name = args[0];
  if (args.length !== 1 || name === undefined) {
    err(`usage: forewarn notify test <receiver of ${config.ROUTING_FILE}>|${KINDS.join('|')}`);
    return 2;
  }
  const channels = new NotificationChannels(config);
  try {
    const targets = KINDS.includes(name as Kind)
      ? environmentTarget(channels, name as Kind, err)
      : await receiverTargets(config, name, err);
    if (targets === undefined || targets.length === 0) {
      return 2;
    }
    const notification = testNotification(config, nowMs);
    let failed = 0;
    for (const target of targets) {
      try {
        out(await sendTest(channels, config, target, notification));
      } catch (error) {
        const detail =
          error instanceof DeliveryError
            ? `${error.message}${error.retryable ? ' (temporary)' : ''}`
            : String(error);
        err(
          `forewarn notify test: ${name === target.kind ? name : `${name} (${target.kind})`} failed: ${detail}`,
        );
        failed += 1;
      }
    }
    return failed === 0 ? 0 : 1;
  } finally {
    channels.onApplicationShutdown();
  }
}

interface TestTarget {
  readonly kind: Kind;
  /** Slack channel, comma-separated addresses, or webhook URL or `env:NAME`. */
  readonly target: string;
  readonly tokenEnv?: string;
}

function environmentTarget(channels: NotificationChannels, kind: Kind, err: Write): TestTarget[] | undefined {
  const found = channels.enabledTargets().find((entry) => entry.channel === kind);
  if (found === undefined) {
    const needs = {
      slack: 'SLACK_BOT_TOKEN and SLACK_CHANNEL',
      email: 'SMTP_HOST and EMAIL_TO',
      webhook: 'WEBHOOK_URL',
    };
    err(`forewarn notify test: ${kind} is not configured (set ${needs[kind]})`);
    return undefined;
  }
  return [{ kind, target: found.target }];
}

async function receiverTargets(
  config: AppConfig,
  name: string,
  err: Write,
): Promise<TestTarget[] | undefined> {
  let text: string;
  try {
    text = await readFile(config.ROUTING_FILE, 'utf8');
  } catch (error) {
    err(`forewarn notify test: cannot read ${config.ROUTING_FILE}: ${(error as Error).message}`);
    return undefined;
  }
  const loaded = loadRoutingConfig(config.ROUTING_FILE, text);
  if (loaded.config === undefined) {
    loaded.problems.forEach((problem) => err(formatRuleProblem(problem)));
    return undefined;
  }
  const receiver = loaded.config.receivers.find((candidate) => candidate.name === name);
  if (receiver === undefined) {
    const names = loaded.config.receivers.map((candidate) => candidate.name).join(', ');
    err(`forewarn notify test: no receiver "${name}" in ${config.ROUTING_FILE} (receivers: ${names})`);
    return undefined;
  }
  const resolved = resolveIntegrations(receiver, integrationEnvironment(config));
  resolved.problems.forEach((problem) => err(problem));
  if (resolved.integrations.length === 0) {
    err(`forewarn notify test: receiver "${name}" has no integration this environment can deliver to`);
  }
  return resolved.integrations.map((integration) => {
    switch (integration.kind) {
      case 'slack':
        return { kind: 'slack', target: integration.channel, tokenEnv: integration.tokenEnv };
      case 'email':
        return { kind: 'email', target: integration.to.join(',') };
      case 'webhook':
        return { kind: 'webhook', target: integration.target };
    }
  });
}

async function sendTest(
  channels: NotificationChannels,
  config: AppConfig,
  target: TestTarget,
  notification: AlertNotification,
): Promise<string> {
  switch (target.kind) {
    case 'slack': {
      const slack = channels.slack(target.tokenEnv);
      if (slack === undefined) {
        throw new DeliveryError(`${target.tokenEnv ?? 'SLACK_BOT_TOKEN'} is not set`, false);
      }
      const ref = await slack.post(target.target, buildSlackAlertMessage(notification));
      return `sent to Slack ${target.target} (message ${ref.ts})`;
    }
    case 'email': {
      if (channels.email === undefined) {
        throw new DeliveryError('SMTP_HOST is not set', false);
      }
      const mail = buildEmailAlertMessage(notification, { domain: new URL(config.PUBLIC_URL).hostname });
      await channels.email.send({ to: target.target.split(','), ...mail });
      return `sent to ${target.target}`;
    }
    case 'webhook': {
      const url = channels.webhookUrl(target.target);
      await channels.webhook.send(
        url,
        buildWebhookPayload({
          receiver: 'webhook',
          groupKey: '{}:{alertname="ForewarnTestNotification"}',
          groupLabels: { alertname: 'ForewarnTestNotification' },
          externalURL: config.PUBLIC_URL,
          alerts: [webhookAlertOf(notification)],
        }),
      );
      return `sent to the webhook at ${new URL(url).origin}`;
    }
  }
}
