import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { environmentValue } from '../routing/integration-environment';
import { DeliveryError } from './notifiers/delivery-error';
import { EmailNotifier } from './notifiers/email.notifier';
import { SlackNotifier } from './notifiers/slack.notifier';
import { WebhookNotifier } from './notifiers/webhook.notifier';
import { NotificationChannel } from './outbox.repository';

/** How a webhook target names the environment variable that holds its URL (`url_env`). */
const ENV_TARGET = 'env:';

export interface ChannelTarget {
  readonly channel: NotificationChannel;
  /** Slack channel, comma-separated email addresses, or the webhook URL. */
  readonly target: string;
}

/**
 * The notifiers, built from the environment: one Slack client per token variable (`token_env`), the SMTP transport
 * (SMTP_*), and the webhook sender (WEBHOOK_SECRET signs bodies). Secrets are read here and nowhere else.
 */
@Injectable()
export class NotificationChannels implements OnApplicationShutdown {
  readonly email?: EmailNotifier;
  readonly webhook: WebhookNotifier;
  private readonly slackClients = new Map<string, SlackNotifier>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.SMTP_HOST !== undefined) {
      this.email = new EmailNotifier({
        host: config.SMTP_HOST,
        port: config.SMTP_PORT,
        secure: config.SMTP_SECURE,
        ignoreTLS: config.SMTP_IGNORE_TLS,
        user: config.SMTP_USER,
        pass: config.SMTP_PASS,
        from: config.EMAIL_FROM,
      });
    }
    this.webhook = new WebhookNotifier({ secret: config.WEBHOOK_SECRET });
  }

  /** The Slack client for the token in `tokenEnv` (default SLACK_BOT_TOKEN); undefined when it is not set. */
  slack(tokenEnv = 'SLACK_BOT_TOKEN'): SlackNotifier | undefined {
    const existing = this.slackClients.get(tokenEnv);
    if (existing !== undefined) {
      return existing;
    }
    const token = this.secret(tokenEnv);
    if (token === undefined) {
      return undefined;
    }
    const client = new SlackNotifier({ token, apiUrl: this.config.SLACK_API_URL });
    this.slackClients.set(tokenEnv, client);
    return client;
  }

  /** An environment variable's value, also when it was given to the parsed config (tests, the demo). */
  secret(name: string): string | undefined {
    return environmentValue(this.config, name);
  }

  /**
   * The URL a webhook integration posts to, from its target as routing and the outbox keep it: the URL itself, or
   * `env:NAME` for one kept in the variable NAME (it may embed a token). A permanent DeliveryError when NAME is unset.
   */
  webhookUrl(target: string): string {
    if (!target.startsWith(ENV_TARGET)) {
      return target;
    }
    const name = target.slice(ENV_TARGET.length);
    const url = this.secret(name);
    if (url === undefined) {
      throw new DeliveryError(`the webhook URL variable ${name} is not set`, false);
    }
    return url;
  }

  /** The receivers the environment alone configures, for `forewarn notify test`. */
  enabledTargets(): readonly ChannelTarget[] {
    const targets: ChannelTarget[] = [];
    if (this.slack() !== undefined && this.config.SLACK_CHANNEL !== undefined) {
      targets.push({ channel: 'slack', target: this.config.SLACK_CHANNEL });
    }
    if (this.email !== undefined && this.config.EMAIL_TO.length > 0) {
      targets.push({ channel: 'email', target: this.config.EMAIL_TO.join(',') });
    }
    if (this.config.WEBHOOK_URL !== undefined) {
      targets.push({ channel: 'webhook', target: this.config.WEBHOOK_URL });
    }
    return targets;
  }

  onApplicationShutdown(): void {
    this.email?.close();
  }
}
