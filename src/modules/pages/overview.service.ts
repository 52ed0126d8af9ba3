import { Injectable } from '@nestjs/common';
import { Overview, RuleError, STUCK_PENDING_MS, overview } from 'src/core/pages/overview';
import { RuleStatusRepository } from '../alerts/rule-status.repository';
import { RECEIVER_HEALTH_WINDOW_MS, ReceiverHealthService } from '../notifications/receiver-health.service';
import { RuleRegistry } from '../rules/rule-registry.service';
import { OverviewRepository } from './overview.repository';

/** Gathers what the overview shows: open incidents, rule load and evaluation errors, receivers' deliveries. */
@Injectable()
export class OverviewService {
  constructor(
    private readonly incidents: OverviewRepository,
    private readonly registry: RuleRegistry,
    private readonly ruleStatuses: RuleStatusRepository,
    private readonly receivers: ReceiverHealthService,
  ) {}

  async overview(nowMs: number): Promise<Overview> {
    const sinceMs = nowMs - RECEIVER_HEALTH_WINDOW_MS;
    const [openIncidents, statuses, receivers] = await Promise.all([
      this.incidents.openIncidents(),
      this.ruleStatuses.list(),
      this.receivers.receivers(sinceMs, nowMs - STUCK_PENDING_MS),
    ]);
    const reload = this.registry.lastReload();
    const loaded = new Set(
      this.registry
        .allGroups()
        .flatMap(({ group }) => group.rules.map((rule) => `${group.name}/${rule.name}`)),
    );
    const routingError = this.receivers.routingError();
    return overview({
      nowMs,
      openIncidents,
      loadErrors: [
        ...reload.problems
          .filter((problem) => problem.severity === 'error')
          .map((problem): RuleError => ({
            kind: 'load',
            where: `${problem.file}:${problem.line}:${problem.col}`,
            message: problem.message,
            atMs: reload.atMs,
          })),
        ...(routingError === undefined
          ? []
          : [{ kind: 'load' as const, where: 'routing', message: routingError, atMs: null }]),
      ],
      evaluationErrors: statuses
        .filter((status) => status.health === 'err' && loaded.has(`${status.groupName}/${status.ruleName}`))
        .map((status) => ({
          kind: 'evaluation',
          where: `${status.groupName}/${status.ruleName}`,
          message: status.lastError ?? 'unknown error',
          atMs: status.lastEvalMs,
        })),
      deliveries: receivers.flatMap((receiver) =>
        receiver.integrations.map((integration) => ({
          receiver: receiver.name,
          integration: integration.key,
          kind: integration.kind,
          delivered: integration.delivered,
          pending: integration.pending,
          stuck: integration.stuck,
          failed: integration.failed,
          ...('lastFailure' in integration && integration.lastFailure !== undefined
            ? { lastFailure: integration.lastFailure }
            : {}),
        })),
      ),
      deliveriesSinceMs: sinceMs,
    });
  }
}
