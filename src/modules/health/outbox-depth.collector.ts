import { Injectable, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { PrismaService } from 'src/infra/database/prisma.service';
import { TelemetryService } from 'src/infra/telemetry/telemetry.service';

const CHANNELS = ['slack', 'email', 'webhook'] as const;

/**
 * `forewarn_notification_outbox_pending{channel}`: notifications waiting for delivery, counted in PostgreSQL at
 * scrape time, so the API process reports the queue depth whichever process delivers. A growing number with
 * `forewarn_notifications_failed_total` flat means a slow or unreachable receiver; every channel is always exported.
 */
@Injectable()
export class OutboxDepthCollector implements OnModuleInit {
  constructor(
    private readonly prisma: PrismaService,
    private readonly telemetry: TelemetryService,
  ) {}

  onModuleInit(): void {
    if (this.telemetry.registry.getSingleMetric('forewarn_notification_outbox_pending') !== undefined) {
      return;
    }
    const prisma = this.prisma;
    new Gauge({
      name: 'forewarn_notification_outbox_pending',
      help: 'Notifications waiting for delivery (outbox rows in state pending), by channel.',
      labelNames: ['channel'],
      registers: [this.telemetry.registry],
      async collect() {
        const rows = await prisma.notificationOutbox.groupBy({
          by: ['channel'],
          where: { status: 'pending' },
          _count: { _all: true },
        });
        for (const channel of CHANNELS) {
          this.set({ channel }, rows.find((row) => row.channel === channel)?._count._all ?? 0);
        }
      },
    });
  }
}
