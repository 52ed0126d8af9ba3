import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { IncidentNotification } from 'src/core/dispatch/incident-notification';
import { buildEmailIncidentMessage } from 'src/core/notifications/email-incident-message';
import {
  buildSlackIncidentMessage,
  buildSlackIncidentReply,
} from 'src/core/notifications/slack-incident-message';
import { buildWebhookPayload, webhookAlertOf } from 'src/core/notifications/webhook-payload';
import { buildSlackStormSummary } from 'src/core/notifications/slack-storm-summary-message';
import { planStormSummary } from 'src/core/dispatch/storm-summary';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { Clock } from 'src/infra/clock';
import { Tx, TransactionRunner } from 'src/infra/database/transaction-runner';
import { TelemetryService } from 'src/infra/telemetry/telemetry.service';
import { IncidentRepository } from '../incidents/incident.repository';
import { RoutingRegistry } from '../routing/routing.registry';
import { NotificationChannels } from './notification-channels';
import { DeliveryError } from './notifiers/delivery-error';
import { EmailNotifier } from './notifiers/email.notifier';
import { SlackNotifier } from './notifiers/slack.notifier';
import {
  DigestOutboxEntry,
  OutboxEntry,
  OutboxRepository,
  SlackMessageRef,
  StormSummaryPayload,
} from './outbox.repository';
import { SlackChannelPacer } from './slack-channel-pacer';

/**
 * `waiting`: an earlier notification of the same incident and integration is still pending; try again shortly.
 * `summarisedIn`: a storm summary (to be delivered on its own) stands for it and the channel's other waiting posts.
 */
export type DeliveryOutcome = 'delivered' | 'already-done' | 'waiting' | { readonly summarisedIn: string };

/** What a send did: delivered (with the Slack message it posted or updated), or left it to a storm summary. */
type Sent = { readonly ref?: SlackMessageRef } | { readonly summaryId: string };

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
    const entry = await this.outbox.claim(outboxId);
    if (entry === undefined) {
      return 'already-done';
    }
    try {
      if (await this.outbox.hasEarlierPending(entry)) {
        throw new DeliveryError(
          'an earlier notification of this incident is not delivered yet; this one waits',
          true,
        );
      }
      const sent = await this.send(entry);
      if ('summaryId' in sent) {
        this.logger.log(
          `${entry.id} and the channel's other waiting posts go as storm summary ${sent.summaryId}`,
        );
        return { summarisedIn: sent.summaryId };
      }
      await this.outbox.markDelivered(entry, sent.ref);
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

  private async send(entry: OutboxEntry): Promise<Sent> {
    if (entry.event === 'summary') {
      return { ref: await this.sendSummary(entry, entry.payload) };
    }
    if (entry.event === 'digest') {
      await this.sendDigest(entry);
      return {};
    }
    const n = entry.payload;
    if (entry.incidentId === undefined || entry.integration === undefined || n.alerts === undefined) {
      throw new DeliveryError('not an incident notification (written by an older forewarn); not sent', false);
    }
    switch (entry.channel) {
      case 'slack':
        return this.sendSlack(entry, entry.incidentId, entry.integration, n);
      case 'email':
        await this.sendEmail(entry, n);
        return {};
      case 'webhook':
        await this.sendWebhook(entry, n);
        return {};
    }
  }

  /**
   * One message per incident: the first notification posts it (with the incident in its metadata), later ones
   * update it in place and reply in its thread. The message reference is read and written under the notification
   * log row's lock, so replicas never post a second message. A retry after an attempt that may have posted looks
   * for the message in the channel's history before posting again. A new message that finds more than
   * SLACK_STORM_THRESHOLD others waiting for the channel leaves them all to one storm summary.
   */
  private async sendSlack(
    entry: OutboxEntry,
    incidentId: string,
    integration: string,
    n: IncidentNotification,
  ): Promise<Sent> {
    const tokenEnv = this.integrationOf(n.receiver, integration, 'slack')?.tokenEnv ?? 'SLACK_BOT_TOKEN';
    const slack = this.slackClient(tokenEnv);
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
          const summaryId = await this.summariseStorm(tx, entry, integration, tokenEnv);
          if (summaryId !== undefined) {
            return { summaryId };
          }
          await this.pacer.turn(entry.target);
          ref = await slack.post(entry.target, message, { incidentId });
          await this.incidents.saveMessageRef(tx, incidentId, integration, ref);
          return { ref };
        }
        if (stored === undefined) {
          await this.incidents.saveMessageRef(tx, incidentId, integration, ref);
        }
        await slack.update(ref.channel, ref.ts, message);
        if (n.sequence > 0) {
          await this.pacer.turn(ref.channel);
          await slack.reply(ref.channel, ref.ts, buildSlackIncidentReply(n, this.clock.nowMs()));
        }
        return { ref };
      },
      { timeoutMs: SLACK_LOCK_TIMEOUT_MS },
    );
  }

  /**
   * Before a new message: under the channel's lock, the entry may have been left to a storm summary meanwhile
   * (returns its id); or more than SLACK_STORM_THRESHOLD new incident messages wait for the channel, and one
   * summary is written standing for them all, marked summarised in this transaction (returns its id).
   */
  private async summariseStorm(
    tx: Tx,
    entry: OutboxEntry,
    integration: string,
    tokenEnv: string,
  ): Promise<string | undefined> {
    if (this.config.SLACK_STORM_THRESHOLD === 0) {
      return undefined;
    }
    const channel = entry.target;
    await this.outbox.lockChannel(tx, channel);
    const pending = await this.outbox.pendingPosts(tx, channel);
    if (!pending.some((post) => post.outboxId === entry.id)) {
      return this.outbox.summaryOf(tx, entry.id);
    }
    const summary = planStormSummary(channel, pending, this.config.SLACK_STORM_THRESHOLD);
    if (summary === undefined) {
      return undefined;
    }
    return this.outbox.addSummary(tx, {
      integration,
      reason: `storm: ${summary.covers.length} new incident messages waiting for ${channel} (more than SLACK_STORM_THRESHOLD, ${this.config.SLACK_STORM_THRESHOLD})`,
      payload: { ...summary, tokenEnv },
    });
  }

  /** Posts a storm summary once: a retry looks for it in the channel first (its id is in the message metadata). */
  private async sendSummary(entry: OutboxEntry, summary: StormSummaryPayload): Promise<SlackMessageRef> {
    const slack = this.slackClient(summary.tokenEnv);
    const posted = entry.attempts > 1 ? await slack.findByMetadata(summary.channel, entry.id) : undefined;
    if (posted !== undefined) {
      return posted;
    }
    await this.pacer.turn(summary.channel);
    return slack.post(summary.channel, buildSlackStormSummary(summary, this.clock.nowMs()), {
      incidentId: entry.id,
    });
  }

  private slackClient(tokenEnv: string): SlackNotifier {
    const slack = this.channels.slack(tokenEnv);
    if (slack === undefined) {
      throw new DeliveryError(`Slack is not configured: ${tokenEnv} is not set`, false);
    }
    return slack;
  }

  private async sendEmail(entry: OutboxEntry, n: IncidentNotification): Promise<void> {
    await this.mailer().send({
      to: entry.target.split(','),
      ...buildEmailIncidentMessage(n, this.mailDomain),
    });
  }

  /** The weekly digest; its Message-ID is the same on every attempt, so a resend after a crash is the same mail. */
  private async sendDigest(entry: DigestOutboxEntry): Promise<void> {
    await this.mailer().send({ to: entry.target.split(','), ...entry.payload });
  }

  private mailer(): EmailNotifier {
    const email = this.channels.email;
    if (email === undefined) {
      throw new DeliveryError('email is not configured (SMTP_HOST)', false);
    }
    return email;
  }

  private async sendWebhook(entry: OutboxEntry, n: IncidentNotification): Promise<void> {
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
  }

  private integrationOf<K extends 'slack' | 'webhook'>(receiver: string, key: string, kind: K) {
    const found = this.routing.integrations(receiver).find((integration) => integration.key === key);
    return found?.kind === kind ? (found as Extract<typeof found, { kind: K }>) : undefined;
  }
}
