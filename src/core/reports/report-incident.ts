/** What the reports read of an incident (a notification group's episode). Times are epoch ms. */
export type Severity = 'critical' | 'warning' | 'info';

export interface ReportIncident {
  readonly id: string;
  readonly title: string;
  readonly service: string | null;
  readonly team: string | null;
  readonly severity: Severity | null;
  readonly startedAtMs: number;
  readonly acknowledgedAtMs: number | null;
  /** Null while the incident is still open. */
  readonly resolvedAtMs: number | null;
}

/** An alert episode of an incident (an `incident_alerts` row). */
export interface ReportAlert {
  readonly incidentId: string;
  readonly groupName: string;
  readonly ruleName: string;
  readonly fingerprint: string;
  readonly firedAtMs: number;
}

/** The dimensions a report groups incidents by. */
export const DIMENSIONS = ['service', 'team', 'severity'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Incidents without a value for a dimension are grouped under this key. */
export const NONE = '(none)';

export function dimensionValue(incident: ReportIncident, dimension: Dimension): string {
  return incident[dimension] ?? NONE;
}
