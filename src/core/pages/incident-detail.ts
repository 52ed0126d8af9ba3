import { AlertNotification } from '../alerts/alert-notification';
import { Severity } from '../reports/report-incident';

/** What the incident page shows, as read from incidents, incident_alerts, notification_outbox and change_events. */
export interface IncidentDetail {
  readonly id: string;
  readonly title: string;
  readonly receiver: string;
  readonly service: string | null;
  readonly team: string | null;
  readonly severity: Severity | null;
  readonly startedAtMs: number;
  readonly acknowledged: { readonly atMs: number; readonly by: string; readonly source: string } | null;
  readonly resolvedAtMs: number | null;
  readonly alerts: readonly IncidentDetailAlert[];
  readonly notifications: readonly IncidentDetailNotification[];
  readonly deploys: ReadonlyArray<{
    readonly atMs: number;
    readonly version: string | null;
    readonly url: string | null;
    readonly author: string | null;
  }>;
  /** Other open incidents of the same service. */
  readonly related: ReadonlyArray<{
    readonly id: string;
    readonly title: string;
    readonly startedAtMs: number;
  }>;
}

export interface IncidentDetailAlert {
  readonly fingerprint: string;
  readonly ruleName: string;
  readonly groupName: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly state: 'firing' | 'resolved';
  readonly firedAtMs: number;
  readonly resolvedAtMs: number | null;
  readonly muted: string | null;
  /** The alert's latest notification (chart points, threshold, band, links); partial for old rows. */
  readonly notification: Partial<AlertNotification>;
}

export interface IncidentDetailNotification {
  readonly event: string;
  readonly channel: string;
  readonly target: string;
  readonly reason: string | null;
  readonly status: 'pending' | 'delivered' | 'failed';
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAtMs: number;
  readonly deliveredAtMs: number | null;
}

export interface TimelineEntry {
  readonly atMs: number;
  readonly kind:
    'started' | 'fired' | 'muted' | 'acknowledged' | 'notified' | 'alert-resolved' | 'resolved' | 'deploy';
  readonly text: string;
  /** A CSS class for the badge: delivered, failed, pending, firing, resolved. */
  readonly status?: string;
}

/** Everything that happened to an incident, oldest first (ties in the order of the list below). */
export function incidentTimeline(incident: IncidentDetail): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    {
      atMs: incident.startedAtMs,
      kind: 'started',
      text: `Incident started (${incident.receiver})`,
      status: 'firing',
    },
    ...incident.deploys.map((deploy): TimelineEntry => ({
      atMs: deploy.atMs,
      kind: 'deploy',
      text: `Deploy ${deploy.version ?? ''}${deploy.author === null ? '' : ` by ${deploy.author}`}`.trim(),
    })),
    ...incident.alerts.flatMap((alert): TimelineEntry[] => [
      {
        atMs: alert.firedAtMs,
        kind: 'fired',
        text: `${alert.ruleName} fired${alert.labels.instance === undefined ? '' : ` on ${alert.labels.instance}`}`,
        status: 'firing',
      },
      ...(alert.muted === null
        ? []
        : [{ atMs: alert.firedAtMs, kind: 'muted' as const, text: `${alert.ruleName} ${alert.muted}` }]),
      ...(alert.resolvedAtMs === null
        ? []
        : [
            {
              atMs: alert.resolvedAtMs,
              kind: 'alert-resolved' as const,
              text: `${alert.ruleName} resolved`,
              status: 'resolved',
            },
          ]),
    ]),
    ...incident.notifications.map((sent): TimelineEntry => ({
      atMs: sent.deliveredAtMs ?? sent.createdAtMs,
      kind: 'notified',
      text:
        `${sent.event === 'resolved' ? 'Resolution' : 'Firing'} notification to ${sent.channel} ${sent.target}: ${sent.status}` +
        (sent.attempts > 1 ? ` after ${sent.attempts} attempts` : '') +
        (sent.lastError === null ? '' : ` (${sent.lastError})`),
      status: sent.status,
    })),
    ...(incident.acknowledged === null
      ? []
      : [
          {
            atMs: incident.acknowledged.atMs,
            kind: 'acknowledged' as const,
            text: `Acknowledged by ${incident.acknowledged.by} via ${incident.acknowledged.source}`,
            status: 'pending',
          },
        ]),
    ...(incident.resolvedAtMs === null
      ? []
      : [
          {
            atMs: incident.resolvedAtMs,
            kind: 'resolved' as const,
            text: 'Incident resolved',
            status: 'resolved',
          },
        ]),
  ];
  return entries.sort((a, b) => a.atMs - b.atMs);
}
