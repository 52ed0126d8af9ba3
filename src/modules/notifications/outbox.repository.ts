import { Injectable } from '@nestjs/common';
import { AlertNotification } from 'src/core/alerts/alert-notification';
import { PrismaService } from 'src/infra/database/prisma.service';
import { Tx } from 'src/infra/database/transaction-runner';

export type NotificationChannel = 'slack' | 'email' | 'webhook';
export type OutboxStatus = 'pending' | 'delivered' | 'failed';

/** Where a delivered Slack message lives, so later state changes update it and reply in its thread. */
export interface SlackMessageRef {
  readonly channel: string;
  readonly ts: string;
}

export interface NewOutboxEntry {
  readonly alertId: string;
  readonly event: AlertNotification['state'];
  readonly channel: NotificationChannel;
  readonly target: string;
  readonly payload: AlertNotification;
}

export interface OutboxEntry extends Omit<NewOutboxEntry, 'alertId'> {
  readonly id: string;
  readonly alertId?: string;
  readonly replyToId?: string;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly lastError?: string;
  readonly externalRef?: SlackMessageRef;
}

type OutboxRow = Awaited<ReturnType<PrismaService['notificationOutbox']['findUniqueOrThrow']>>;

function toEntry(row: OutboxRow): OutboxEntry {
  return {
    id: row.id,
    alertId: row.alertId ?? undefined,
    event: row.event as OutboxEntry['event'],
    channel: row.channel as NotificationChannel,
    target: row.target,
    payload: row.payload as unknown as AlertNotification,
    replyToId: row.replyToId ?? undefined,
    status: row.status as OutboxStatus,
    attempts: row.attempts,
    lastError: row.lastError ?? undefined,
    externalRef: (row.externalRef as SlackMessageRef | null) ?? undefined,
  };
}

/** The transactional outbox of notifications. Rows are added with the alert change and updated by delivery. */
@Injectable()
export class OutboxRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Adds an entry in the caller's transaction. A resolution is linked to the latest firing entry of its alert and channel. */
  async add(tx: Tx, entry: NewOutboxEntry): Promise<string> {
    const firing =
      entry.event === 'resolved'
        ? await tx.notificationOutbox.findFirst({
            where: { alertId: entry.alertId, channel: entry.channel, event: 'firing' },
            orderBy: { createdAt: 'desc' },
            select: { id: true },
          })
        : null;
    const row = await tx.notificationOutbox.create({
      data: {
        alertId: entry.alertId,
        event: entry.event,
        channel: entry.channel,
        target: entry.target,
        payload: { ...entry.payload },
        replyToId: firing?.id ?? null,
      },
      select: { id: true },
    });
    return row.id;
  }

  /** What the alert's latest firing notification said: the context for a resolution the rule can no longer give. */
  async latestFiringPayload(tx: Tx, alertId: string): Promise<AlertNotification | undefined> {
    const row = await tx.notificationOutbox.findFirst({
      where: { alertId, event: 'firing' },
      orderBy: { createdAt: 'desc' },
      select: { payload: true },
    });
    return row === null ? undefined : (row.payload as unknown as AlertNotification);
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

  async list(filter: { alertId?: string } = {}): Promise<OutboxEntry[]> {
    const rows = await this.prisma.notificationOutbox.findMany({
      where: filter,
      orderBy: { createdAt: 'asc' },
    });
    return rows.map(toEntry);
  }
}
