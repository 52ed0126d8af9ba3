import { Injectable } from '@nestjs/common';
import { RoutingRegistry } from '../routing/routing.registry';
import { ReceiverHealthRepository } from './receiver-health.repository';

/** Deliveries are counted over this window. */
export const RECEIVER_HEALTH_WINDOW_MS = 24 * 3_600_000;

/**
 * Every receiver of routing.yaml with its integrations and their deliveries since a time (delivered, pending, stuck,
 * failed, the last error): `GET /api/v1/receivers` and the overview page.
 */
@Injectable()
export class ReceiverHealthService {
  constructor(
    private readonly routing: RoutingRegistry,
    private readonly health: ReceiverHealthRepository,
  ) {}

  async receivers(sinceMs: number, stuckBeforeMs: number) {
    const byIntegration = new Map(
      (await this.health.since(sinceMs, stuckBeforeMs)).map((entry) => [entry.integration, entry]),
    );
    return this.routing.routing().receivers.map((receiver) => ({
      name: receiver.name,
      integrations: this.routing.integrations(receiver.name).map((integration) => ({
        key: integration.key,
        kind: integration.kind,
        sendResolved: integration.sendResolved,
        ...(byIntegration.get(integration.key) ?? { delivered: 0, pending: 0, stuck: 0, failed: 0 }),
      })),
    }));
  }

  /** Why the last load of routing.yaml failed, when it did. */
  routingError(): string | undefined {
    return this.routing.loadError();
  }
}
