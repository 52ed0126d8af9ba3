import { Severity } from '../reports/report-incident';

/**
 * What `/` shows: what is firing now (open incidents and their firing alerts, counted by service and severity), the
 * rules that failed to load or to evaluate, and the receivers whose deliveries fail or stay pending too long. Pure:
 * the adapters read the rows, this sorts, counts and filters them.
 */

/** A pending delivery older than this is stuck (the queue retries with backoff capped at 10 minutes). */
export const STUCK_PENDING_MS = 10 * 60_000;

export interface OpenIncident {
  readonly id: string;
  readonly title: string;
  readonly service: string | null;
  readonly severity: Severity | null;
  readonly startedAtMs: number;
  readonly acknowledgedAtMs: number | null;
  /** Its alerts that fire now (muted ones too, with why). */
  readonly alerts: ReadonlyArray<{
    readonly ruleName: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly firedAtMs: number;
    readonly muted: string | null;
  }>;
}

export interface IntegrationDeliveries {
  readonly receiver: string;
  readonly integration: string;
  readonly kind: string;
  readonly delivered: number;
  readonly pending: number;
  /** Pending for longer than `STUCK_PENDING_MS`. */
  readonly stuck: number;
  readonly failed: number;
  readonly lastFailure?: { readonly at: string; readonly error: string };
}

export interface RuleError {
  /** `load`: the rule files did not load (the previous good set runs); `evaluation`: the last evaluation failed. */
  readonly kind: 'load' | 'evaluation';
  readonly where: string;
  readonly message: string;
  readonly atMs: number | null;
}

export interface OverviewInput {
  readonly nowMs: number;
  readonly openIncidents: readonly OpenIncident[];
  readonly loadErrors: readonly RuleError[];
  readonly evaluationErrors: readonly RuleError[];
  readonly deliveries: readonly IntegrationDeliveries[];
  /** The window the delivery counts cover. */
  readonly deliveriesSinceMs: number;
}

export const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

export interface ServiceCount {
  readonly service: string;
  readonly incidents: number;
  readonly alerts: number;
  /** Incidents by severity (`none` for incidents without one). */
  readonly bySeverity: Readonly<Record<Severity | 'none', number>>;
}

export interface Overview {
  readonly generatedAt: string;
  readonly firing: {
    readonly incidents: number;
    readonly alerts: number;
    readonly unacknowledged: number;
    readonly bySeverity: Readonly<Record<Severity | 'none', number>>;
    readonly byService: readonly ServiceCount[];
    /** Most severe first, then the oldest. */
    readonly list: ReadonlyArray<OpenIncident & { readonly url: string }>;
  };
  readonly ruleErrors: readonly RuleError[];
  readonly deliveriesSince: string;
  /** Integrations with failed or stuck deliveries in the window. */
  readonly failingReceivers: readonly IntegrationDeliveries[];
}

const NO_SERVICE = '(no service)';
const rank = (severity: Severity | null) =>
  severity === null ? SEVERITIES.length : SEVERITIES.indexOf(severity);
const emptyCounts = (): Record<Severity | 'none', number> => ({ critical: 0, warning: 0, info: 0, none: 0 });

export function overview(input: OverviewInput): Overview {
  const list = [...input.openIncidents]
    .sort((a, b) => rank(a.severity) - rank(b.severity) || a.startedAtMs - b.startedAtMs)
    .map((incident) => ({ ...incident, url: `/incidents/${encodeURIComponent(incident.id)}` }));
  const services = new Map<string, ServiceCount & { bySeverity: Record<Severity | 'none', number> }>();
  const bySeverity = emptyCounts();
  for (const incident of list) {
    const service = incident.service ?? NO_SERVICE;
    const entry = services.get(service) ?? { service, incidents: 0, alerts: 0, bySeverity: emptyCounts() };
    services.set(service, {
      ...entry,
      incidents: entry.incidents + 1,
      alerts: entry.alerts + incident.alerts.length,
    });
    entry.bySeverity[incident.severity ?? 'none'] += 1;
    bySeverity[incident.severity ?? 'none'] += 1;
  }
  const byService = [...services.values()].sort(
    (a, b) =>
      b.bySeverity.critical - a.bySeverity.critical ||
      b.incidents - a.incidents ||
      a.service.localeCompare(b.service),
  );
  return {
    generatedAt: new Date(input.nowMs).toISOString(),
    firing: {
      incidents: list.length,
      alerts: list.reduce((sum, incident) => sum + incident.alerts.length, 0),
      unacknowledged: list.filter((incident) => incident.acknowledgedAtMs === null).length,
      bySeverity,
      byService,
      list,
    },
    ruleErrors: [
      ...input.loadErrors,
      ...[...input.evaluationErrors].sort((a, b) => a.where.localeCompare(b.where)),
    ],
    deliveriesSince: new Date(input.deliveriesSinceMs).toISOString(),
    failingReceivers: input.deliveries
      .filter((entry) => entry.failed > 0 || entry.stuck > 0)
      .sort(
        (a, b) => b.failed + b.stuck - (a.failed + a.stuck) || a.integration.localeCompare(b.integration),
      ),
  };
}
