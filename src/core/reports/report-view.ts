import { DurationStats } from './duration-stats';
import { IncidentStats } from './incident-stats';
import { Dimension } from './report-incident';
import { ReportPeriod } from './report-period';
import { ReliabilityReport } from './reliability-report';
import { SliResult } from './slo-compliance';

/**
 * The report as JSON (`/reports?format=json`, `forewarn report --json`): times as ISO strings, durations in seconds
 * (ms precision), null where there is nothing to measure. The CSV, page and terminal output are made from this view,
 * so every format shows the same numbers.
 */
const seconds = (ms: number | null): number | null => (ms === null ? null : Math.round(ms) / 1000);
const iso = (ms: number): string => new Date(ms).toISOString();

function durationView(stats: DurationStats) {
  return {
    count: stats.count,
    p50Seconds: seconds(stats.p50Ms),
    p90Seconds: seconds(stats.p90Ms),
    meanSeconds: seconds(stats.meanMs),
  };
}

export function statsView(stats: IncidentStats) {
  return {
    incidents: stats.incidents,
    open: stats.open,
    unacknowledged: stats.unacknowledged,
    mtta: durationView(stats.mtta),
    mttr: durationView(stats.mttr),
    timeInBreachSeconds: seconds(stats.timeInBreachMs),
  };
}

export type StatsView = ReturnType<typeof statsView>;

export function periodView(period: ReportPeriod) {
  return { label: period.label, start: iso(period.startMs), end: iso(period.endMs) };
}

function sliView(result: SliResult) {
  switch (result.kind) {
    case 'sli':
      return {
        sliPercent: result.sliPercent,
        met: result.met,
        budgetConsumed: result.budgetConsumedRatio,
      };
    case 'no-data':
      return { sliPercent: null, met: null, budgetConsumed: null };
    case 'sli-problem':
      return { sliPercent: null, met: null, budgetConsumed: null, problem: result.message };
  }
}

export function reportView(report: ReliabilityReport) {
  const groups = (dimension: Dimension) =>
    report.byDimension[dimension].map(({ key, stats }) => ({ key, ...statsView(stats) }));
  return {
    period: periodView(report.period),
    granularity: report.granularity,
    timeZone: report.timeZone,
    generatedAt: iso(report.generatedAtMs),
    filters: report.filters,
    totals: statsView(report.totals),
    trend: report.trend.map(({ period, stats }) => ({ period: periodView(period), ...statsView(stats) })),
    byService: groups('service'),
    byTeam: groups('team'),
    bySeverity: groups('severity'),
    noisyRules: report.noisyRules.map((rule) => ({ ...rule })),
    slos: report.slos.map((slo) => ({
      slo: slo.slo,
      group: slo.groupName,
      service: slo.service,
      team: slo.team,
      objectivePercent: slo.objectivePercent,
      ...sliView(slo.whole),
      periodsMet: slo.periodsMet,
      periodsWithData: slo.periodsWithData,
      periods: slo.periods.map(({ period, result }) => ({ label: period.label, ...sliView(result) })),
    })),
  };
}

export type ReportView = ReturnType<typeof reportView>;
