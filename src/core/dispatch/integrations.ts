import { Receiver } from '../routing/load-routing-config';

/**
 * The integrations of a receiver, resolved against the environment: where each one delivers, and under which key
 * the notification log remembers it. An integration whose settings are incomplete (no token, no channel, no SMTP
 * server) is left out with a problem that names the missing setting.
 */

interface IntegrationBase {
  /** Stable within the receiver, e.g. `slack:#checkout`; keys the notification log and the outbox rows. */
  readonly key: string;
  readonly sendResolved: boolean;
}

export interface SlackIntegration extends IntegrationBase {
  readonly kind: 'slack';
  readonly channel: string;
  readonly tokenEnv: string;
}

export interface EmailIntegration extends IntegrationBase {
  readonly kind: 'email';
  readonly to: readonly string[];
}

export interface WebhookIntegration extends IntegrationBase {
  readonly kind: 'webhook';
  /** The URL, or `env:NAME` when it is kept in an environment variable (it may embed a token). */
  readonly target: string;
  readonly bearerTokenEnv?: string;
  /** 0 = all alerts. */
  readonly maxAlerts: number;
}

export type Integration = SlackIntegration | EmailIntegration | WebhookIntegration;

export interface IntegrationEnvironment {
  readonly slackChannel?: string;
  readonly emailTo: readonly string[];
  /** Whether an SMTP server is configured (SMTP_HOST). */
  readonly smtp: boolean;
  readonly has: (name: string) => boolean;
}

export interface ResolvedIntegrations {
  readonly integrations: readonly Integration[];
  readonly problems: readonly string[];
}

export function resolveIntegrations(receiver: Receiver, env: IntegrationEnvironment): ResolvedIntegrations {
  const integrations: Integration[] = [];
  const problems: string[] = [];
  const skip = (what: string, why: string) =>
    problems.push(`receiver "${receiver.name}": ${what} is skipped: ${why}`);
  receiver.slack.forEach((config, index) => {
    const channel = config.channel ?? env.slackChannel;
    if (channel === undefined) {
      skip(`slack_configs[${index}]`, 'no "channel" and SLACK_CHANNEL is not set');
    } else if (!env.has(config.token_env)) {
      skip(`slack_configs[${index}]`, `${config.token_env} is not set`);
    } else {
      integrations.push({
        kind: 'slack',
        key: `slack:${channel}`,
        sendResolved: config.send_resolved,
        channel,
        tokenEnv: config.token_env,
      });
    }
  });
  receiver.email.forEach((config, index) => {
    const to = config.to === undefined ? env.emailTo : config.to.split(',').map((address) => address.trim());
    if (to.length === 0) {
      skip(`email_configs[${index}]`, 'no "to" and EMAIL_TO is not set');
    } else if (!env.smtp) {
      skip(`email_configs[${index}]`, 'SMTP_HOST is not set');
    } else {
      integrations.push({
        kind: 'email',
        key: `email:${to.join(',')}`,
        sendResolved: config.send_resolved,
        to,
      });
    }
  });
  receiver.webhook.forEach((config, index) => {
    const target = config.url ?? (config.url_env === undefined ? undefined : `env:${config.url_env}`);
    if (target === undefined) {
      skip(`webhook_configs[${index}]`, 'neither "url" nor "url_env" is set');
    } else if (config.url_env !== undefined && config.url === undefined && !env.has(config.url_env)) {
      skip(`webhook_configs[${index}]`, `${config.url_env} is not set`);
    } else {
      integrations.push({
        kind: 'webhook',
        key: `webhook:${config.url === undefined ? target : withoutQuery(config.url)}`,
        sendResolved: config.send_resolved,
        target,
        ...(config.bearer_token_env === undefined ? {} : { bearerTokenEnv: config.bearer_token_env }),
        maxAlerts: config.max_alerts,
      });
    }
  });
  return { integrations, problems };
}

/** A URL's origin and path: the key of a webhook without what its query may carry. */
function withoutQuery(url: string): string {
  const parsed = new URL(url);
  return parsed.origin + parsed.pathname;
}
