import { Injectable } from '@nestjs/common';
import { PrismaService } from 'src/infra/database/prisma.service';

export interface IntegrationHealth {
  readonly integration: string;
  readonly delivered: number;
  readonly pending: number;
  readonly failed: number;
  /** Pending and created before `stuckBeforeMs`: retried for a while without success. */
  readonly stuck: number;
  readonly lastDeliveredAt?: string;
  readonly lastFailure?: { readonly at: string; readonly error: string };
}

/** Delivery counts per integration over a recent window, from the outbox: which receivers are failing, and why. */
@Injectable()
export class ReceiverHealthRepository {
  constructor(private readonly prisma: PrismaService) {}

  async since(sinceMs: number, stuckBeforeMs: number): Promise<IntegrationHealth[]> {
    const rows = await this.prisma.$queryRaw<
      Array<{
        integration: string;
        delivered: bigint;
        pending: bigint;
        failed: bigint;
        stuck: bigint;
        last_delivered_at: Date | null;
        last_failed_at: Date | null;
        last_error: string | null;
      }>
    >`
      SELECT integration,
             count(*) FILTER (WHERE status = 'delivered') AS delivered,
             count(*) FILTER (WHERE status IN ('pending', 'summarised')) AS pending,
             count(*) FILTER (WHERE status = 'failed') AS failed,
             count(*) FILTER (WHERE status = 'pending' AND created_at < ${new Date(stuckBeforeMs)}) AS stuck,
             max(delivered_at) AS last_delivered_at,
             max(updated_at) FILTER (WHERE status = 'failed') AS last_failed_at,
             (array_agg(last_error ORDER BY updated_at DESC) FILTER (WHERE last_error IS NOT NULL))[1] AS last_error
      FROM public.notification_outbox
      WHERE integration IS NOT NULL AND created_at >= ${new Date(sinceMs)}
      GROUP BY integration
      ORDER BY integration`;
    return rows.map((row) => ({
      integration: row.integration,
      delivered: Number(row.delivered),
      pending: Number(row.pending),
      failed: Number(row.failed),
      stuck: Number(row.stuck),
      ...(row.last_delivered_at === null ? {} : { lastDeliveredAt: row.last_delivered_at.toISOString() }),
      ...(row.last_failed_at === null
        ? {}
        : { lastFailure: { at: row.last_failed_at.toISOString(), error: row.last_error ?? '' } }),
    }));
  }
}
