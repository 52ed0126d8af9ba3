import { Controller, Get, UseGuards } from '@nestjs/common';
import { STUCK_PENDING_MS } from 'src/core/pages/overview';
import { Clock } from 'src/infra/clock';
import { ApiTokenGuard, RequireScope } from '../auth/api-token.guard';
import { RECEIVER_HEALTH_WINDOW_MS, ReceiverHealthService } from './receiver-health.service';

/**
 * `GET /api/v1/receivers`: every receiver of routing.yaml with its integrations and their deliveries over the last
 * 24 hours (delivered, pending, stuck: pending for over 10 minutes, failed, the last error), so a receiver that keeps
 * failing is visible, while the others go on delivering.
 */
@Controller('api/v1/receivers')
@UseGuards(ApiTokenGuard)
export class ReceiversController {
  constructor(
    private readonly health: ReceiverHealthService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @RequireScope('read')
  async list() {
    const nowMs = this.clock.nowMs();
    const receivers = await this.health.receivers(
      nowMs - RECEIVER_HEALTH_WINDOW_MS,
      nowMs - STUCK_PENDING_MS,
    );
    return { status: 'success', data: { receivers, routingError: this.health.routingError() ?? null } };
  }
}
