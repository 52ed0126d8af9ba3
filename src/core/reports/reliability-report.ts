import { IncidentStats, incidentStats } from './incident-stats';
import { NoisyRule, noisyRules } from './noisy-rules';
import { DIMENSIONS, Dimension, ReportAlert, ReportIncident, dimensionValue } from './report-incident';
import { Granularity, ReportPeriod } from './report-period';
import { SloCompliance, SloPeriodCounts, sloCompliance } from './slo-compliance';

/** Which incidents and SLOs a report covers. */
export interface ReportFilters {
  readonly service?: string;
  readonly team?: string;
}

export interface ReportInput {
  readonly period: ReportPeriod;
  readonly granularity: Granularity;
  /** The sub-periods of the trend (weeks or months), oldest first; they may stick out of `period`. */
  readonly buckets: readonly ReportPeriod[];
  readonly timeZone: string;
  readonly nowMs: number;
  readonly filters: ReportFilters;
  /** Incidents that started in the period (more are ignored), and the alerts of those incidents. */
  readonly incidents: readonly ReportIncident[];
  readonly alerts: readonly ReportAlert[];
  readonly slos: readonly SloPeriodCounts[];
  readonly noisyRuleLimit?: number;
}

export interface GroupStats {
  readonly key: string;
  readonly stats: IncidentStats;
}

export interface ReliabilityReport {
  readonly period: ReportPeriod;
  readonly granularity: Granularity;
  readonly timeZone: string;
  readonly generatedAtMs: number;
  readonly filters: ReportFilters;
  readonly totals: IncidentStats;
  /** Totals per week or month: an incident counts in the one it started in. */
  readonly trend: ReadonlyArray<{ readonly period: ReportPeriod; readonly stats: IncidentStats }>;
  /** Stats per service, team and severity over the whole period, most incidents first. */
  readonly byDimension: Readonly<Record<Dimension, readonly GroupStats[]>>;
  readonly noisyRules: readonly NoisyRule[];
  readonly slos: readonly SloCompliance[];
}

function matches(filters: ReportFilters, entry: { service: string | null; team: string | null }): boolean {
  return (
    (filters.service === undefined || entry.service === filters.service) &&
    (filters.team === undefined || entry.team === filters.team)
  );
}

function groupBy(incidents: readonly ReportIncident[], dimension: Dimension, nowMs: number): GroupStats[] {
  const groups = new Map<string, ReportIncident[]>();
  for (const incident of incidents) {
    const key = dimensionValue(incident, dimension);
    const members = groups.get(key);
    if (members === undefined) {
      groups.set(key, [incident]);
    } else {
      members.push(incident);
    }
  }
  return [...groups.entries()]
    .map(([key, members]) => ({ key, stats: incidentStats(members, nowMs) }))
    .sort((a, b) => b.stats.incidents - a.stats.incidents || a.key.localeCompare(b.key));
}

/**
 * The reliability report of a period: incident counts, MTTA, MTTR and time in breach overall, per week or month,
 * and per service, team and severity; the noisiest rules; SLO compliance. An incident belongs to the period it
 * started in (with its whole duration); still-open incidents count as open and stay out of MTTR.
 */
export function reliabilityReport(input: ReportInput): ReliabilityReport {
  const { period, nowMs, filters } = input;
  const incidents = input.incidents.filter(
    (incident) =>
      incident.startedAtMs >= period.startMs &&
      incident.startedAtMs < period.endMs &&
      matches(filters, incident),
  );
  const byId = new Map(incidents.map((incident) => [incident.id, incident]));
  const elapsedMs = Math.max(0, Math.min(period.endMs, nowMs) - period.startMs);
  return {
    period: { label: period.label, startMs: period.startMs, endMs: period.endMs },
    granularity: input.granularity,
    timeZone: input.timeZone,
    generatedAtMs: nowMs,
    filters,
    totals: incidentStats(incidents, nowMs),
    trend: input.buckets.map((bucket) => ({
      period: bucket,
      stats: incidentStats(
        incidents.filter(
          (incident) => incident.startedAtMs >= bucket.startMs && incident.startedAtMs < bucket.endMs,
        ),
        nowMs,
      ),
    })),
    byDimension: Object.fromEntries(
      DIMENSIONS.map((dimension) => [dimension, groupBy(incidents, dimension, nowMs)]),
    ) as Record<Dimension, GroupStats[]>,
    noisyRules: noisyRules(input.alerts, byId, elapsedMs, input.noisyRuleLimit),
    slos: sloCompliance(input.slos.filter((slo) => matches(filters, slo))),
  };
}
