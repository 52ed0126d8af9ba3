import { IncidentNotification } from 'src/core/dispatch/incident-notification';
import { DigestMail } from 'src/core/reports/digest-mail';
import { Integration } from 'src/core/dispatch/integrations';
import { PendingIncidentPost, StormSummary } from 'src/core/dispatch/storm-summary';
import { Prisma } from 'src/generated/prisma/client';
import { Injectable } from '@nestjs/common';
import { PrismaService } from 'src/infra/database/prisma.service';
import { Tx } from 'src/infra/database/transaction-runner';

export type NotificationChannel = 'slack' | 'email' | 'webhook';
/** `summarised`: a storm summary stands for the notification; it is delivered or failed with the summary. */
export type OutboxStatus = 'pending' | 'summarised' | 'delivered' | 'failed';

/** What a storm summary's outbox row holds: the summary, and the token variable of the integration that posts it. */
export interface StormSummaryPayload extends StormSummary {
  readonly tokenEnv: string;
}

/** Where a delivered Slack message lives, so later state changes update it and reply in its thread. */
export interface SlackMessageRef {
  readonly channel: string;
  readonly ts: string;
}

/**
 * One notification: of an incident to one integration, the weekly digest mail (`event: 'digest'`, one row per
 * week by its dedup key), or a storm summary standing for many incident notifications to one Slack channel
 * (`event: 'summary'`). Rows of an older forewarn (per alert) have no incident.
 */
export type OutboxEntry =
  | OutboxEntryOf<IncidentNotification['status'], IncidentNotification>
  | DigestOutboxEntry
  | OutboxEntryOf<'summary', StormSummaryPayload>;

export type DigestOutboxEntry = OutboxEntryOf<'digest', DigestMail>;

interface OutboxEntryOf<E extends string, P> {
  readonly id: string;
  readonly incidentId?: string;
  /** The integration key (`slack:#alerts`). */
  readonly integration?: string;
  readonly reason?: string;
  /** `digest:2026-W47`: the one row of that key. */
  readonly dedupKey?: string;
  readonly event: E;
  readonly channel: NotificationChannel;
  /** Slack channel, comma-separated addresses, webhook URL or `env:NAME`. */
  readonly target: string;
  readonly payload: P;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly lastError?: string;
  readonly externalRef?: SlackMessageRef;
  readonly createdAtMs: number;
}

/** Where an integration delivers, as stored on its rows: Slack channel, comma-separated addresses, URL or `env:NAME`. */
function integrationTarget(integration: Integration): string {
  switch (integration.kind) {
    case 'slack':
      return integration.channel;
    case 'email':
      return integration.to.join(',');
    case 'webhook':
      return integration.target;
  }
}

type OutboxRow = Awaited<ReturnType<PrismaService['notificationOutbox']['findUniqueOrThrow']>>;

function toEntry(row: OutboxRow): OutboxEntry {
  const common = {
    id: row.id,
    incidentId: row.incidentId ?? undefined,
    integration: row.integration ?? undefined,
    reason: row.reason ?? undefined,
    dedupKey: row.dedupKey ?? undefined,
    channel: row.channel as NotificationChannel,
    target: row.target,
    status: row.status as OutboxStatus,
    attempts: row.attempts,
    lastError: row.lastError ?? undefined,
    externalRef: (row.externalRef as SlackMessageRef | null) ?? undefined,
    createdAtMs: row.createdAt.getTime(),
  };
  if (row.event === 'summary') {
    return { ...common, event: 'summary', payload: row.payload as unknown as StormSummaryPayload };
  }
  return row.event === 'digest'
    ? { ...common, event: 'digest', payload: row.payload as unknown as DigestMail }
    : {
        ...common,
        event: row.event as IncidentNotification['status'],
        payload: row.payload as unknown as IncidentNotification,
      };
}

/** The transactional outbox of notifications. Rows are added by incident flushes and updated by delivery. */
@Injectable()
export class OutboxRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Adds the notifications of a batch of incident flushes, in the flushes' transaction; returns their ids. */
  async addForIncidents(
    tx: Tx,
    entries: ReadonlyArray<{
      incidentId: string;
      integration: Integration;
      reason: string;
      payload: IncidentNotification;
    }>,
  ): Promise<string[]> {
    if (entries.length === 0) {
      return [];
    }
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      INSERT INTO public.notification_outbox (incident_id, integration, reason, event, channel, target, payload)
      SELECT * FROM unnest(${entries.map((e) => e.incidentId)}::uuid[],
                           ${entries.map((e) => e.integration.key)}::text[], ${entries.map((e) => e.reason)}::text[],
                           ${entries.map((e) => e.payload.status)}::text[],
                           ${entries.map((e) => e.integration.kind)}::text[],
                           ${entries.map((e) => integrationTarget(e.integration))}::text[],
                           ${entries.map((e) => JSON.stringify(e.payload))}::jsonb[])
      RETURNING id`;
    return rows.map((row) => row.id);
  }

  /**
   * Adds the weekly digest mail under its dedup key, unless a row with that key exists: however many schedulers,
   * restarts and `--send`s ask, a key gets one row, so one mail. Returns the key's row and whether this call added it.
   */
  async addDigest(entry: {
    dedupKey: string;
    to: readonly string[];
    mail: DigestMail;
  }): Promise<{ entry: DigestOutboxEntry; added: boolean }> {
    const added = await this.prisma.notificationOutbox.createMany({
      data: [
        {
          dedupKey: entry.dedupKey,
          event: 'digest',
          channel: 'email',
          target: entry.to.join(','),
          payload: { ...entry.mail },
        },
      ],
      skipDuplicates: true,
    });
    const stored = await this.findDigest(entry.dedupKey);
    if (stored === undefined) {
      throw new Error(`outbox row ${entry.dedupKey} vanished after it was written`);
    }
    return { entry: stored, added: added.count === 1 };
  }

  /** The digest row of a dedup key, if it was written. */
  async findDigest(dedupKey: string): Promise<DigestOutboxEntry | undefined> {
    const row = await this.prisma.notificationOutbox.findUnique({ where: { dedupKey } });
    const entry = row === null ? undefined : toEntry(row);
    return entry?.event === 'digest' ? entry : undefined;
  }

  /**
   * Whether an earlier notification of the same incident to the same integration is still pending: notifications
   * of an incident go out in order, or an old state could overwrite a newer one in Slack.
   */
  async hasEarlierPending(entry: OutboxEntry): Promise<boolean> {
    // The first notification of an incident to an integration (sequence 0) has none before it.
    if (entry.incidentId === undefined || entry.event === 'digest' || entry.event === 'summary') {
      return false;
    }
    if (entry.payload.sequence === 0) {
      return false;
    }
    const earlier = await this.prisma.notificationOutbox.count({
      where: {
        incidentId: entry.incidentId,
        integration: entry.integration,
        status: { in: ['pending', 'summarised'] },
        id: { not: entry.id },
        createdAt: { lt: new Date(entry.createdAtMs) },
      },
    });
    return earlier > 0;
  }

  async find(id: string): Promise<OutboxEntry | undefined> {
    const row = await this.prisma.notificationOutbox.findUnique({ where: { id } });
    return row === null ? undefined : toEntry(row);
  }

  /**
   * Counts an attempt on a pending entry, before the call, and returns the entry with it counted (one statement);
   * undefined when the entry is gone or no longer pending.
   */
  async claim(id: string): Promise<OutboxEntry | undefined> {
    const [row] = await this.prisma.notificationOutbox.updateManyAndReturn({
      where: { id, status: 'pending' },
      data: { attempts: { increment: 1 } },
    });
    return row === undefined ? undefined : toEntry(row);
  }

  async recordError(id: string, error: string): Promise<void> {
    await this.prisma.notificationOutbox.update({ where: { id }, data: { lastError: error } });
  }

  /** Marks the entry delivered, and with a storm summary the notifications it stands for. */
  async markDelivered(
    entry: Pick<OutboxEntry, 'id' | 'event'>,
    externalRef?: SlackMessageRef,
  ): Promise<void> {
    const delivered = this.prisma.notificationOutbox.update({
      where: { id: entry.id },
      data: {
        status: 'delivered',
        deliveredAt: new Date(),
        externalRef: externalRef ? { ...externalRef } : undefined,
      },
    });
    if (entry.event !== 'summary') {
      await delivered;
      return;
    }
    await this.prisma.$transaction([
      delivered,
      this.summarisedBy(entry.id, { status: 'delivered', deliveredAt: new Date() }),
    ]);
  }

  /** Marks the entry failed for good, and the notifications it stands for when it is a storm summary. */
  async markFailed(id: string, error: string): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.notificationOutbox.update({ where: { id }, data: { status: 'failed', lastError: error } }),
      this.summarisedBy(id, { status: 'failed', lastError: `its storm summary ${id} failed: ${error}` }),
    ]);
  }

  /** The notifications a storm summary stands for, updated with it. */
  private summarisedBy(summaryId: string, data: Prisma.NotificationOutboxUpdateManyMutationInput) {
    return this.prisma.notificationOutbox.updateMany({ where: { summaryId, status: 'summarised' }, data });
  }

  /**
   * Serialises the new-message posts to a Slack channel across workers until the transaction ends, so that one
   * storm is summarised once.
   */
  async lockChannel(tx: Tx, channel: string): Promise<void> {
    await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext(${`forewarn:slack:${channel}`}))`;
  }

  /** The storm summary an entry was left to, if it was. */
  async summaryOf(tx: Tx, id: string): Promise<string | undefined> {
    const row = await tx.notificationOutbox.findUnique({ where: { id }, select: { summaryId: true } });
    return row?.summaryId ?? undefined;
  }

  /**
   * The pending notifications that would post a new message in the Slack channel `target` (their incident has
   * none there yet), locked; call under lockChannel.
   */
  async pendingPosts(tx: Tx, target: string): Promise<PendingIncidentPost[]> {
    const rows = await tx.$queryRaw<
      Array<{
        id: string;
        incident_id: string;
        title: string;
        severity: string | null;
        event: string;
        alerts: number;
        started_at_ms: number;
        incident_url: string;
        created_at: Date;
      }>
    >`
      SELECT o.id, o.incident_id, o.payload->>'title' AS title, o.payload->>'severity' AS severity, o.event,
             jsonb_array_length(o.payload->'alerts') AS alerts, (o.payload->>'startedAtMs')::float8 AS started_at_ms,
             o.payload->>'incidentUrl' AS incident_url, o.created_at
      FROM public.notification_outbox o
      JOIN public.notification_log l ON l.incident_id = o.incident_id AND l.integration = o.integration
      WHERE o.status = 'pending' AND o.channel = 'slack' AND o.target = ${target} AND o.event <> 'summary'
        AND l.external_ref IS NULL
      ORDER BY o.created_at
      FOR UPDATE OF o`;
    return rows.map((row) => ({
      outboxId: row.id,
      incidentId: row.incident_id,
      title: row.title,
      ...(row.severity === null ? {} : { severity: row.severity }),
      status: row.event === 'resolved' ? 'resolved' : 'firing',
      alerts: row.alerts,
      startedAtMs: row.started_at_ms,
      incidentUrl: row.incident_url,
      createdAtMs: row.created_at.getTime(),
    }));
  }

  /** Writes a storm summary's row and points the notifications it stands for at it; returns its id. */
  async addSummary(
    tx: Tx,
    summary: { integration: string; reason: string; payload: StormSummaryPayload },
  ): Promise<string> {
    const row = await tx.notificationOutbox.create({
      data: {
        integration: summary.integration,
        reason: summary.reason,
        event: 'summary',
        channel: 'slack',
        target: summary.payload.channel,
        payload: summary.payload as unknown as Prisma.InputJsonObject,
      },
      select: { id: true },
    });
    await tx.notificationOutbox.updateMany({
      where: { id: { in: [...summary.payload.covers] }, status: 'pending' },
      data: { status: 'summarised', summaryId: row.id },
    });
    return row.id;
  }

  /** Pending entries older than `olderThanMs`, oldest first: the sweeper re-enqueues them in case an enqueue was lost. */
  async findStalePending(olderThan: Date, limit: number): Promise<string[]> {
    const rows = await this.prisma.notificationOutbox.findMany({
      where: { status: 'pending', createdAt: { lt: olderThan } },
      orderBy: { createdAt: 'asc' },
      take: limit,
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }
}
