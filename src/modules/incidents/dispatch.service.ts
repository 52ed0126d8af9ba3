import { Injectable } from '@nestjs/common';
import { AlertNotification } from 'src/core/alerts/alert-notification';
import { AlertTransition } from 'src/core/alerts/alert-state';
import { firstFlushAtMs } from 'src/core/dispatch/flush-group';
import { highestSeverity, incidentTitle, notificationGroups } from 'src/core/dispatch/notification-groups';
import { Clock } from 'src/infra/clock';
import { Tx } from 'src/infra/database/transaction-runner';
import { RoutingRegistry } from '../routing/routing.registry';
import { IncidentRepository } from './incident.repository';

/**
 * The route and group stages, inside the evaluation transaction: a firing alert joins (or opens) the incident of
 * every route it matches; a resolved one is marked resolved in its open incidents. Nothing is sent here: incidents
 * are flushed after group_wait, then every group_interval (IncidentFlushService).
 */
@Injectable()
export class DispatchService {
  constructor(
    private readonly clock: Clock,
    private readonly routing: RoutingRegistry,
    private readonly incidents: IncidentRepository,
  ) {}

  /** Returns the incidents touched, with when each is due for its next flush. */
  async dispatch(
    tx: Tx,
    transition: AlertTransition,
    alertId: string,
    notification: AlertNotification,
  ): Promise<Array<{ incidentId: string; nextFlushAtMs?: number }>> {
    const { alert } = transition;
    const nowMs = this.clock.nowMs();
    const member = {
      fingerprint: alert.fingerprint,
      alertId,
      groupName: notification.groupName,
      ruleName: notification.ruleName,
      labels: alert.labels,
      state: transition.kind,
      firedAtMs: alert.firedAtMs ?? alert.activeAtMs,
      ...(alert.resolvedAtMs === undefined ? {} : { resolvedAtMs: alert.resolvedAtMs }),
      notification,
    };
    if (transition.kind === 'resolved') {
      const open = await this.incidents.openWithAlert(tx, alert.fingerprint);
      for (const incident of open) {
        await this.incidents.saveMember(tx, incident.id, member, undefined);
      }
      return open.map((incident) => ({ incidentId: incident.id, nextFlushAtMs: incident.nextFlushAtMs }));
    }
    const touched: Array<{ incidentId: string; nextFlushAtMs?: number }> = [];
    for (const group of notificationGroups(this.routing.routing().route, alert.labels)) {
      const severity = alert.labels.severity;
      const { incident, created } = await this.incidents.openFor(tx, {
        groupKey: group.key,
        routeId: group.route.id,
        receiver: group.route.receiver,
        groupLabels: group.labels,
        title: incidentTitle(group.labels, [alert.labels.alertname ?? notification.ruleName]),
        severity,
        startedAtMs: member.firedAtMs,
        nextFlushAtMs: firstFlushAtMs(group.route, member.firedAtMs, nowMs),
      });
      const highest = highestSeverity([incident.severity, severity]);
      await this.incidents.saveMember(
        tx,
        incident.id,
        member,
        created || highest === incident.severity ? undefined : highest,
      );
      touched.push({ incidentId: incident.id, nextFlushAtMs: incident.nextFlushAtMs });
    }
    return touched;
  }
}
