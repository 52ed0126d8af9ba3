import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { buildEmailAlertMessage } from 'src/core/notifications/email-alert-message';
import { buildSlackAlertMessage, buildSlackThreadReply } from 'src/core/notifications/slack-alert-message';
import { buildWebhookPayload, webhookAlertOf } from 'src/core/notifications/webhook-payload';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { TelemetryService } from 'src/infra/telemetry/telemetry.service';
import { NotificationChannels } from './notification-channels';
import { DeliveryError } from './notifiers/delivery-error';
import { OutboxEntry, OutboxRepository, SlackMessageRef } from './outbox.repository';

export type DeliveryOutcome = 'delivered' | 'already-done';

/**
 * Delivers one outbox entry. Throws DeliveryError: retryable ones are retried by the queue with backoff, permanent
 * ones mark the entry failed. Every attempt is counted on the entry before the call.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);
  private readonly mailDomain: string;
  private readonly publicUrl: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly outbox: OutboxRepository,
    private readonly channels: NotificationChannels,
    private readonly telemetry: TelemetryService,
  ) {
    this.mailDomain = new URL(config.PUBLIC_URL).hostname;
    this.publicUrl = config.PUBLIC_URL;
  }

  async deliver(outboxId: string): Promise<DeliveryOutcome> {
    const entry = await this.outbox.find(outboxId);
    if (entry === undefined || entry.status !== 'pending') {
      return 'already-done';
    }
    await this.outbox.recordAttempt(entry.id);
    try {
      const ref = await this.send(entry);
      await this.outbox.markDelivered(entry.id, ref);
      this.telemetry.notificationsSent.inc({ channel: entry.channel });
      this.logger.log(
        `delivered ${entry.event} of ${entry.payload.ruleName} to ${entry.channel} (${entry.id})`,
      );
      return 'delivered';
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : new DeliveryError(String(error), true);
      this.telemetry.notificationFailures.inc({
        channel: entry.channel,
        retryable: String(failure.retryable),
      });
      if (failure.retryable) {
        await this.outbox.recordError(entry.id, failure.message);
      } else {
        await this.outbox.markFailed(entry.id, failure.message);
        this.telemetry.notificationsFailed.inc({ channel: entry.channel });
      }
      throw failure;
    }
  }

  /** Marks an entry failed after its last retry. */
  async giveUp(outboxId: string, reason: string): Promise<void> {
    await this.outbox.markFailed(outboxId, `gave up after retries: ${reason}`);
    const entry = await this.outbox.find(outboxId);
    this.telemetry.notificationsFailed.inc({ channel: entry?.channel ?? 'unknown' });
  }

  private send(entry: OutboxEntry): Promise<SlackMessageRef | undefined> {
    switch (entry.channel) {
      case 'slack':
        return this.sendSlack(entry);
      case 'email':
        return this.sendEmail(entry);
      case 'webhook':
        return this.sendWebhook(entry);
    }
  }

  private async sendSlack(entry: OutboxEntry): Promise<SlackMessageRef | undefined> {
    const slack = this.channels.slack;
    if (slack === undefined) {
      throw new DeliveryError('Slack is not configured (SLACK_BOT_TOKEN, SLACK_CHANNEL)', false);
    }
    const message = buildSlackAlertMessage(entry.payload);
    if (entry.event === 'firing') {
      return slack.post(entry.target, message);
    }
    const firing = await this.waitForFiring(entry);
    if (firing?.externalRef === undefined) {
      return slack.post(entry.target, message); // the firing message never made it: post the resolution on its own
    }
    await slack.update(firing.externalRef.channel, firing.externalRef.ts, message);
    await slack.reply(
      firing.externalRef.channel,
      firing.externalRef.ts,
      buildSlackThreadReply(entry.payload),
    );
    return firing.externalRef;
  }

  private async sendEmail(entry: OutboxEntry): Promise<undefined> {
    const email = this.channels.email;
    if (email === undefined) {
      throw new DeliveryError('email is not configured (SMTP_HOST, EMAIL_TO)', false);
    }
    const mail = buildEmailAlertMessage(entry.payload, { domain: this.mailDomain });
    await email.send({ to: entry.target.split(','), ...mail });
    return undefined;
  }

  /** One alert per notification for now (the routing pipeline will group them); the group is the alert's rule. */
  private async sendWebhook(entry: OutboxEntry): Promise<undefined> {
    const webhook = this.channels.webhook;
    if (webhook === undefined) {
      throw new DeliveryError('the webhook is not configured (WEBHOOK_URL)', false);
    }
    await this.waitForFiring(entry);
    const n = entry.payload;
    const payload = buildWebhookPayload({
      receiver: 'webhook',
      groupKey: `{}:{alertname=${JSON.stringify(n.labels.alertname ?? n.ruleName)}}`,
      groupLabels: { alertname: n.labels.alertname ?? n.ruleName },
      externalURL: this.publicUrl,
      alerts: [webhookAlertOf(n)],
    });
    await webhook.send(entry.target, payload);
    return undefined;
  }

  /** A resolution is not sent before its firing notification: it waits (retryably) while that one is pending. */
  private async waitForFiring(entry: OutboxEntry): Promise<OutboxEntry | undefined> {
    const firing = entry.replyToId === undefined ? undefined : await this.outbox.find(entry.replyToId);
    if (firing?.status === 'pending') {
      throw new DeliveryError('the firing message is not delivered yet; the resolution waits for it', true);
    }
    return firing;
  }
}
