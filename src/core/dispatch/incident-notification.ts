import { AlertNotification } from '../alerts/alert-notification';
import { Labels } from '../model';

/** One notification of an incident (a notification group) to one integration: what every notifier renders. */
export interface IncidentNotification {
  readonly incidentId: string;
  readonly groupKey: string;
  readonly receiver: string;
  readonly groupLabels: Labels;
  readonly title: string;
  readonly severity?: string;
  /** `firing` while any shown alert fires. */
  readonly status: 'firing' | 'resolved';
  /** Why it is sent (the dedup stage's reason), e.g. `new alerts firing`. */
  readonly reason: string;
  /** How many notifications this integration got for the incident before this one (0 = the first). */
  readonly sequence: number;
  readonly startedAtMs: number;
  readonly resolvedAtMs?: number;
  readonly acknowledged?: { readonly atMs: number; readonly by: string };
  /** Firing alerts first, then resolved ones, each as its latest notification. */
  readonly alerts: readonly AlertNotification[];
  /** Fingerprints that were not in the previous notification: what changed. */
  readonly newlyFiring: readonly string[];
  readonly newlyResolved: readonly string[];
  /** forewarn's page of the incident. */
  readonly incidentUrl: string;
}

/** The alerts of an incident notification in a stable order: firing first, then by alert name and labels. */
export function orderAlerts(alerts: readonly AlertNotification[]): AlertNotification[] {
  const rank = (alert: AlertNotification) => (alert.state === 'firing' ? 0 : 1);
  const name = (alert: AlertNotification) =>
    `${alert.labels.alertname ?? alert.ruleName}${JSON.stringify(alert.labels)}`;
  return [...alerts].sort((a, b) => rank(a) - rank(b) || name(a).localeCompare(name(b)));
}
