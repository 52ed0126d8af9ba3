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
export interface DispatchedTransition {
  readonly transition: AlertTransition;
  readonly alertId: string;
  readonly notification: AlertNotification;
}

export interface TouchedIncident {
  readonly incidentId: string;
  readonly nextFlushAtMs?: number;
}

@Injectable()
export class DispatchService {
  constructor(
    private readonly clock: Clock,
    private readonly routing: RoutingRegistry,
    private readonly incidents: IncidentRepository,
  ) {}

  /** Routes a batch of transitions (one rule's evaluation); returns the incidents touched and when each is due. */
  async dispatch(tx: Tx, transitions: readonly DispatchedTransition[]): Promise<TouchedIncident[]> {
    const nowMs = this.clock.nowMs();
    const members = transitions.map(({ transition, alertId, notification }) => {
      const { alert } = transition;
      return {
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
    });
    const firing = members.filter((member) => member.state === 'firing');
    const resolved = new Map(members.filter((m) => m.state === 'resolved').map((m) => [m.fingerprint, m]));
    const touched = new Map<string, TouchedIncident>();
    const saved: Array<{ incidentId: string; member: (typeof members)[number] }> = [];

    for (const entry of await this.incidents.openWithAlerts(tx, [...resolved.keys()])) {
      const member = resolved.get(entry.fingerprint);
      if (member !== undefined) {
        saved.push({ incidentId: entry.incidentId, member });
        touched.set(entry.incidentId, { incidentId: entry.incidentId, nextFlushAtMs: entry.nextFlushAtMs });
      }
    }

    const route = this.routing.routing().route;
    const placements = firing.flatMap((member) =>
      notificationGroups(route, member.labels).map((group) => ({ member, group })),
    );
    const opened = await this.incidents.openMany(
      tx,
      placements.map(({ member, group }) => ({
        groupKey: group.key,
        routeId: group.route.id,
        receiver: group.route.receiver,
        groupLabels: group.labels,
        title: incidentTitle(group.labels, [member.labels.alertname ?? member.ruleName]),
        severity: member.labels.severity,
        startedAtMs: member.firedAtMs,
        nextFlushAtMs: firstFlushAtMs(group.route, member.firedAtMs, nowMs),
      })),
    );
    const raised = new Map<string, string>();
    for (const { member, group } of placements) {
      const found = opened.get(group.key);
      if (found === undefined) {
        continue;
      }
      const { incident } = found;
      saved.push({ incidentId: incident.id, member });
      touched.set(incident.id, { incidentId: incident.id, nextFlushAtMs: incident.nextFlushAtMs });
      const highest = highestSeverity([raised.get(incident.id) ?? incident.severity, member.labels.severity]);
      if (highest !== undefined && highest !== incident.severity) {
        raised.set(incident.id, highest);
      }
    }
    await this.incidents.saveMembers(tx, saved);
    await this.incidents.raiseSeverities(tx, raised);
    return [...touched.values()];
  }
}
