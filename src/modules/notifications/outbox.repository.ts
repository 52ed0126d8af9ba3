import { IncidentNotification } from 'src/core/dispatch/incident-notification';
import { Integration } from 'src/core/dispatch/integrations';
import { Injectable } from '@nestjs/common';
import { PrismaService } from 'src/infra/database/prisma.service';
import { Tx } from 'src/infra/database/transaction-runner';

export type NotificationChannel = 'slack' | 'email' | 'webhook';
export type OutboxStatus = 'pending' | 'delivered' | 'failed';

/** Where a delivered Slack message lives, so later state changes update it and reply in its thread. */
export interface SlackMessageRef {
  readonly channel: string;
  readonly ts: string;
}

/** One notification of an incident to one integration. Rows of an older forewarn (per alert) have no incident. */
export interface OutboxEntry {
  readonly id: string;
  readonly incidentId?: string;
  /** The integration key (`slack:#alerts`). */
  readonly integration?: string;
  readonly reason?: string;
  readonly event: IncidentNotification['status'];
  readonly channel: NotificationChannel;
  /** Slack channel, comma-separated addresses, webhook URL or `env:NAME`. */
  readonly target: string;
  readonly payload: IncidentNotification;
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
  return {
    id: row.id,
    incidentId: row.incidentId ?? undefined,
    integration: row.integration ?? undefined,
    reason: row.reason ?? undefined,
    event: row.event as OutboxEntry['event'],
    channel: row.channel as NotificationChannel,
    target: row.target,
    payload: row.payload as unknown as IncidentNotification,
    status: row.status as OutboxStatus,
    attempts: row.attempts,
    lastError: row.lastError ?? undefined,
    externalRef: (row.externalRef as SlackMessageRef | null) ?? undefined,
    createdAtMs: row.createdAt.getTime(),
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
   * Whether an earlier notification of the same incident to the same integration is still pending: notifications
   * of an incident go out in order, or an old state could overwrite a newer one in Slack.
   */
  async hasEarlierPending(entry: OutboxEntry): Promise<boolean> {
    if (entry.incidentId === undefined) {
      return false;
    }
    const earlier = await this.prisma.notificationOutbox.count({
      where: {
        incidentId: entry.incidentId,
        integration: entry.integration,
        status: 'pending',
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

  async recordAttempt(id: string): Promise<void> {
    await this.prisma.notificationOutbox.update({ where: { id }, data: { attempts: { increment: 1 } } });
  }

  async recordError(id: string, error: string): Promise<void> {
    await this.prisma.notificationOutbox.update({ where: { id }, data: { lastError: error } });
  }

  async markDelivered(id: string, externalRef?: SlackMessageRef): Promise<void> {
    await this.prisma.notificationOutbox.update({
      where: { id },
      data: {
        status: 'delivered',
        deliveredAt: new Date(),
        externalRef: externalRef ? { ...externalRef } : undefined,
      },
    });
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.prisma.notificationOutbox.update({
      where: { id },
      data: { status: 'failed', lastError: error },
    });
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
