import { formatLabels } from '../labels/labels';
import { Labels } from '../model';
import { Route, groupLabels, matchRoutes } from '../routing/route-tree';

/**
 * The notification groups (incidents) an alert belongs to: one per matching route, keyed like Alertmanager's
 * aggregation groups (`dispatch/dispatch.go`): the route's id, its receiver and the alert's values of `group_by`.
 */
export interface NotificationGroup {
  readonly key: string;
  readonly route: Route;
  readonly labels: Labels;
}

export function notificationGroups(root: Route, alertLabels: Labels): NotificationGroup[] {
  return matchRoutes(root, alertLabels).map((route) => {
    const labels = groupLabels(route, alertLabels);
    return { key: groupKey(route, labels), route, labels };
  });
}

/** `{route id}:{receiver}:{group labels}`, stable across restarts and replicas. */
export function groupKey(route: Route, labels: Labels): string {
  return `${route.id}:${route.receiver}:${formatLabels(labels)}`;
}

const SEVERITY_RANK: Readonly<Record<string, number>> = { critical: 3, warning: 2, info: 1 };

function rank(severity: string | undefined): number {
  return severity === undefined ? 0 : (SEVERITY_RANK[severity] ?? 0);
}

/** The highest of the known severities (critical > warning > info); undefined when none is known. */
export function highestSeverity(severities: ReadonlyArray<string | undefined>): string | undefined {
  let best: string | undefined;
  for (const severity of severities) {
    if (rank(severity) > rank(best)) {
      best = severity;
    }
  }
  return best;
}

/** What an incident is called: its alert names, then the group's other label values, e.g. `HighLatency checkout`. */
export function incidentTitle(groupLabels: Labels, alertNames: readonly string[]): string {
  const names = [...new Set(groupLabels.alertname !== undefined ? [groupLabels.alertname] : alertNames)];
  const rest = Object.entries(groupLabels)
    .filter(([name]) => name !== 'alertname')
    .map(([, value]) => value);
  return [names.join(', '), ...rest].filter((part) => part !== '').join(' ');
}
