import { ReportView, StatsView } from './report-view';

/**
 * The report as CSV (RFC 4180, CRLF line ends), one table at a time: `incidents` (a row for the whole period, each
 * week or month, each service, team and severity), `rules` (the noisiest rules) or `slos`. Durations in seconds;
 * empty cells where there is nothing to measure.
 */
export const CSV_TABLES = ['incidents', 'rules', 'slos'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

type Cell = string | number | boolean | null;

function cell(value: Cell): string {
  if (value === null) {
    return '';
  }
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

const STATS_HEADER = [
  'incidents',
  'open',
  'unacknowledged',
  'mtta_count',
  'mtta_p50_s',
  'mtta_p90_s',
  'mtta_mean_s',
  'mttr_count',
  'mttr_p50_s',
  'mttr_p90_s',
  'mttr_mean_s',
  'time_in_breach_s',
];

function statsCells(stats: StatsView): Cell[] {
  return [
    stats.incidents,
    stats.open,
    stats.unacknowledged,
    stats.mtta.count,
    stats.mtta.p50Seconds,
    stats.mtta.p90Seconds,
    stats.mtta.meanSeconds,
    stats.mttr.count,
    stats.mttr.p50Seconds,
    stats.mttr.p90Seconds,
    stats.mttr.meanSeconds,
    stats.timeInBreachSeconds,
  ];
}

export function reportCsv(view: ReportView, table: CsvTable): string {
  switch (table) {
    case 'incidents':
      return csv(
        ['period', 'by', 'key', ...STATS_HEADER],
        [
          [view.period.label, 'total', '', ...statsCells(view.totals)],
          ...view.trend.map((row) => [
            view.period.label,
            view.granularity,
            row.period.label,
            ...statsCells(row),
          ]),
          ...view.byService.map((row) => [view.period.label, 'service', row.key, ...statsCells(row)]),
          ...view.byTeam.map((row) => [view.period.label, 'team', row.key, ...statsCells(row)]),
          ...view.bySeverity.map((row) => [view.period.label, 'severity', row.key, ...statsCells(row)]),
        ],
      );
    case 'rules':
      return csv(
        [
          'period',
          'group',
          'rule',
          'alerts',
          'alerts_per_week',
          'never_acknowledged',
          'never_acknowledged_share',
        ],
        view.noisyRules.map((rule) => [
          view.period.label,
          rule.groupName,
          rule.ruleName,
          rule.alerts,
          rule.alertsPerWeek,
          rule.neverAcknowledged,
          rule.neverAcknowledgedShare,
        ]),
      );
    case 'slos':
      return csv(
        [
          'period',
          'slo',
          'group',
          'service',
          'team',
          'objective_percent',
          'sli_percent',
          'met',
          'budget_consumed',
          'periods_met',
          'periods_with_data',
        ],
        view.slos.map((slo) => [
          view.period.label,
          slo.slo,
          slo.group,
          slo.service,
          slo.team,
          slo.objectivePercent,
          slo.sliPercent,
          slo.met,
          slo.budgetConsumed,
          slo.periodsMet,
          slo.periodsWithData,
        ]),
      );
  }
}
