import { Controller, Get, UseGuards } from '@nestjs/common';
import { Clock } from 'src/infra/clock';
import { ApiTokenGuard, RequireScope } from '../auth/api-token.guard';
import { RoutingRegistry } from '../routing/routing.registry';
import { ReceiverHealthRepository } from './receiver-health.repository';

const WINDOW_MS = 24 * 3_600_000;

/**
 * `GET /api/v1/receivers`: every receiver of routing.yaml with its integrations and their deliveries over the last
 * 24 hours (delivered, pending, failed, the last error), so a receiver that keeps failing is visible, while the
 * others go on delivering.
 */
@Controller('api/v1/receivers')
@UseGuards(ApiTokenGuard)
export class ReceiversController {
  constructor(
    private readonly routing: RoutingRegistry,
    private readonly health: ReceiverHealthRepository,
    private readonly clock: Clock,
  ) {}

  @Get()
  @RequireScope('read')
  async list() {
    const byIntegration = new Map(
      (await this.health.since(this.clock.nowMs() - WINDOW_MS)).map((entry) => [entry.integration, entry]),
    );
    const receivers = this.routing.routing().receivers.map((receiver) => ({
      name: receiver.name,
      integrations: this.routing.integrations(receiver.name).map((integration) => ({
        key: integration.key,
        kind: integration.kind,
        sendResolved: integration.sendResolved,
        ...(byIntegration.get(integration.key) ?? { delivered: 0, pending: 0, failed: 0 }),
      })),
    }));
    return { status: 'success', data: { receivers, routingError: this.routing.loadError() ?? null } };
  }
}
