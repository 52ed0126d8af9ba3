import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { IncidentNotification } from 'src/core/dispatch/incident-notification';
import { buildEmailIncidentMessage } from 'src/core/notifications/email-incident-message';
import {
  buildSlackIncidentMessage,
  buildSlackIncidentReply,
} from 'src/core/notifications/slack-incident-message';
import { buildWebhookPayload, webhookAlertOf } from 'src/core/notifications/webhook-payload';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { Clock } from 'src/infra/clock';
import { TransactionRunner } from 'src/infra/database/transaction-runner';
import { TelemetryService } from 'src/infra/telemetry/telemetry.service';
import { IncidentRepository } from '../incidents/incident.repository';
import { RoutingRegistry } from '../routing/routing.registry';
import { NotificationChannels } from './notification-channels';
import { DeliveryError } from './notifiers/delivery-error';
import { EmailNotifier } from './notifiers/email.notifier';
import { DigestOutboxEntry, OutboxEntry, OutboxRepository, SlackMessageRef } from './outbox.repository';
import { SlackChannelPacer } from './slack-channel-pacer';

/** `waiting`: an earlier notification of the same incident and integration is still pending; try again shortly. */
export type DeliveryOutcome = 'delivered' | 'already-done' | 'waiting';

/** A Slack call (post, update, reply) is held in the incident's lock: its transaction must outlast its timeout. */
const SLACK_LOCK_TIMEOUT_MS = 60_000;

/**
 * Delivers one outbox entry: one notification of an incident to one integration. Throws DeliveryError: retryable
 * ones are retried by the queue with backoff, permanent ones mark the entry failed. Every attempt is counted on the
 * entry before the call, so a resend after a crash knows it may be one.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);
  private readonly mailDomain: string;
  private readonly pacer: SlackChannelPacer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly outbox: OutboxRepository,
    private readonly channels: NotificationChannels,
    private readonly routing: RoutingRegistry,
    private readonly incidents: IncidentRepository,
    private readonly transactions: TransactionRunner,
    private readonly telemetry: TelemetryService,
  ) {
    this.mailDomain = new URL(config.PUBLIC_URL).hostname;
    this.pacer = new SlackChannelPacer(config.SLACK_CHANNEL_RATE);
  }

  async deliver(outboxId: string): Promise<DeliveryOutcome> {
    const entry = await this.outbox.find(outboxId);
    if (entry === undefined || entry.status !== 'pending') {
      return 'already-done';
    }
    await this.outbox.recordAttempt(entry.id);
    try {
      if (await this.outbox.hasEarlierPending(entry)) {
        throw new DeliveryError(
          'an earlier notification of this incident is not delivered yet; this one waits',
          true,
        );
      }
      const ref = await this.send({ ...entry, attempts: entry.attempts + 1 });
      await this.outbox.markDelivered(entry.id, ref);
      this.telemetry.notificationsSent.inc({ channel: entry.channel });
      this.logger.log(
        entry.event === 'digest'
          ? `delivered ${entry.dedupKey} to ${entry.target.split(',').length} address(es) (${entry.id})`
          : `delivered ${entry.event} of incident ${entry.incidentId} to ${entry.integration} (${entry.id})`,
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
    if (entry.event === 'digest') {
      return this.sendDigest(entry);
    }
    const n = entry.payload;
    if (entry.incidentId === undefined || entry.integration === undefined || n.alerts === undefined) {
      throw new DeliveryError('not an incident notification (written by an older forewarn); not sent', false);
    }
    switch (entry.channel) {
      case 'slack':
        return this.sendSlack(entry, entry.incidentId, entry.integration, n);
      case 'email':
        return this.sendEmail(entry, n);
      case 'webhook':
        return this.sendWebhook(entry, n);
    }
  }

  /**
   * One message per incident: the first notification posts it (with the incident in its metadata), later ones
   * update it in place and reply in its thread. The message reference is read and written under the notification
   * log row's lock, so replicas never post a second message. A retry after an attempt that may have posted looks
   * for the message in the channel's history before posting again.
   */
  private async sendSlack(
    entry: OutboxEntry,
    incidentId: string,
    integration: string,
    n: IncidentNotification,
  ): Promise<SlackMessageRef> {
    const tokenEnv = this.integrationOf(n.receiver, integration, 'slack')?.tokenEnv;
    const slack = this.channels.slack(tokenEnv);
    if (slack === undefined) {
      throw new DeliveryError(`Slack is not configured: ${tokenEnv ?? 'SLACK_BOT_TOKEN'} is not set`, false);
    }
    const message = buildSlackIncidentMessage(n);
    return this.transactions.run(
      async (tx) => {
        const stored = (await this.incidents.lockMessageRef(tx, incidentId, integration)) as
          SlackMessageRef | undefined;
        let ref = stored;
        if (ref === undefined && entry.attempts > 1) {
          ref = await slack.findByMetadata(entry.target, incidentId);
        }
        if (ref === undefined) {
          await this.pacer.turn(entry.target);
          ref = await slack.post(entry.target, message, { incidentId });
          await this.incidents.saveMessageRef(tx, incidentId, integration, ref);
          return ref;
        }
        if (stored === undefined) {
          await this.incidents.saveMessageRef(tx, incidentId, integration, ref);
        }
        await slack.update(ref.channel, ref.ts, message);
        if (n.sequence > 0) {
          await this.pacer.turn(ref.channel);
          await slack.reply(ref.channel, ref.ts, buildSlackIncidentReply(n, this.clock.nowMs()));
        }
        return ref;
      },
      { timeoutMs: SLACK_LOCK_TIMEOUT_MS },
    );
  }

  private async sendEmail(entry: OutboxEntry, n: IncidentNotification): Promise<undefined> {
    await this.mailer().send({
      to: entry.target.split(','),
      ...buildEmailIncidentMessage(n, this.mailDomain),
    });
    return undefined;
  }

  /** The weekly digest; its Message-ID is the same on every attempt, so a resend after a crash is the same mail. */
  private async sendDigest(entry: DigestOutboxEntry): Promise<undefined> {
    await this.mailer().send({ to: entry.target.split(','), ...entry.payload });
    return undefined;
  }

  private mailer(): EmailNotifier {
    const email = this.channels.email;
    if (email === undefined) {
      throw new DeliveryError('email is not configured (SMTP_HOST)', false);
    }
    return email;
  }

  private async sendWebhook(entry: OutboxEntry, n: IncidentNotification): Promise<undefined> {
    const url = this.channels.webhookUrl(entry.target);
    const integration =
      entry.integration === undefined
        ? undefined
        : this.integrationOf(n.receiver, entry.integration, 'webhook');
    const payload = buildWebhookPayload(
      {
        receiver: n.receiver,
        groupKey: n.groupKey,
        groupLabels: n.groupLabels,
        externalURL: this.config.PUBLIC_URL,
        alerts: n.alerts.map(webhookAlertOf),
      },
      integration?.maxAlerts ?? 0,
    );
    const bearer =
      integration?.bearerTokenEnv === undefined
        ? undefined
        : this.channels.secret(integration.bearerTokenEnv);
    await this.channels.webhook.send(url, payload, bearer);
    return undefined;
  }

  private integrationOf<K extends 'slack' | 'webhook'>(receiver: string, key: string, kind: K) {
    const found = this.routing.integrations(receiver).find((integration) => integration.key === key);
    return found?.kind === kind ? (found as Extract<typeof found, { kind: K }>) : undefined;
  }
}
