import { AlertNotification } from '../alerts/alert-notification';
import { IncidentNotification } from '../dispatch/incident-notification';
import { alertNameOf, displayedLabels, valueVersusThreshold } from './notification-format';

/** At most this many alerts are listed in one message; the rest are counted (the incident page lists them all). */
export const LISTED_ALERTS_MAX = 10;

/** `[FIRING:3] CheckoutLatencyHigh checkout`, as Alertmanager titles a group. */
export function incidentSubject(n: IncidentNotification): string {
  const firing = n.alerts.filter((alert) => alert.state === 'firing').length;
  return n.status === 'firing' ? `[FIRING:${firing}] ${n.title}` : `[RESOLVED] ${n.title}`;
}

/** One line per alert without the labels the group shares, e.g. `HighLatency  instance="a"  0.92 > 0.5`, then `... and 4 more`. */
export function incidentAlertLines(n: IncidentNotification): string[] {
  const shared = new Set(['alertname', ...Object.keys(n.groupLabels)]);
  const lines = n.alerts.slice(0, LISTED_ALERTS_MAX).map((alert) => alertLine(alert, shared));
  const rest = n.alerts.length - LISTED_ALERTS_MAX;
  return rest > 0 ? [...lines, `... and ${rest} more`] : lines;
}

function alertLine(alert: AlertNotification, shared: ReadonlySet<string>): string {
  const labels = displayedLabels(alert)
    .filter(([name]) => !shared.has(name))
    .map(([name, value]) => `${name}="${value}"`)
    .join(' ');
  const value = alert.state === 'firing' ? valueVersusThreshold(alert) : 'resolved';
  return [alertNameOf(alert), labels, value].filter((part) => part !== '').join('  ');
}

/** What changed since the previous notification, e.g. `2 new alerts firing, 1 resolved`; undefined on a repeat. */
export function incidentChange(n: IncidentNotification): string | undefined {
  const parts = [
    n.newlyFiring.length === 0
      ? undefined
      : `${n.newlyFiring.length} new alert${n.newlyFiring.length === 1 ? '' : 's'} firing`,
    n.newlyResolved.length === 0 ? undefined : `${n.newlyResolved.length} resolved`,
  ].filter((part): part is string => part !== undefined);
  return parts.length === 0 ? undefined : parts.join(', ');
}
