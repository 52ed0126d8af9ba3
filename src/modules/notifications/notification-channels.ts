import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { EmailNotifier } from './notifiers/email.notifier';
import { SlackNotifier } from './notifiers/slack.notifier';
import { WebhookNotifier } from './notifiers/webhook.notifier';
import { NotificationChannel } from './outbox.repository';

export interface ChannelTarget {
  readonly channel: NotificationChannel;
  /** Slack channel, comma-separated email addresses, or the webhook URL. */
  readonly target: string;
}

/**
 * The receivers configured by environment for this slice (routing.yaml replaces this later) and their notifiers.
 * A channel is on when its settings are complete: Slack needs SLACK_BOT_TOKEN and SLACK_CHANNEL, email SMTP_HOST
 * and EMAIL_TO, the webhook WEBHOOK_URL (WEBHOOK_SECRET signs it).
 */
@Injectable()
export class NotificationChannels implements OnApplicationShutdown {
  readonly slack?: SlackNotifier;
  readonly email?: EmailNotifier;
  readonly webhook?: WebhookNotifier;
  private readonly targets: ChannelTarget[] = [];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (config.SLACK_BOT_TOKEN !== undefined && config.SLACK_CHANNEL !== undefined) {
      this.slack = new SlackNotifier({ token: config.SLACK_BOT_TOKEN, apiUrl: config.SLACK_API_URL });
      this.targets.push({ channel: 'slack', target: config.SLACK_CHANNEL });
    }
    if (config.SMTP_HOST !== undefined && config.EMAIL_TO.length > 0) {
      this.email = new EmailNotifier({
        host: config.SMTP_HOST,
        port: config.SMTP_PORT,
        secure: config.SMTP_SECURE,
        ignoreTLS: config.SMTP_IGNORE_TLS,
        user: config.SMTP_USER,
        pass: config.SMTP_PASS,
        from: config.EMAIL_FROM,
      });
      this.targets.push({ channel: 'email', target: config.EMAIL_TO.join(',') });
    }
    if (config.WEBHOOK_URL !== undefined) {
      this.webhook = new WebhookNotifier({ secret: config.WEBHOOK_SECRET });
      this.targets.push({ channel: 'webhook', target: config.WEBHOOK_URL });
    }
  }

  enabledTargets(): readonly ChannelTarget[] {
    return this.targets;
  }

  onApplicationShutdown(): void {
    this.email?.close();
  }
}
