import { humanDuration } from './human-duration';
import { ReportView, StatsView } from './report-view';

/** The report for a terminal (`forewarn report`): plain aligned tables, durations for people. */

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const widths = header.map((title, index) =>
    Math.max(title.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (row: readonly string[]) =>
    row
      .map((text, index) =>
        index === 0 ? text.padEnd(widths[index] ?? 0) : text.padStart(widths[index] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** Column titles of `statsCells`. */
export const STATS_HEADER = [
  'incidents',
  'open',
  'never acked',
  'MTTA p50',
  'MTTA p90',
  'MTTA mean',
  'MTTR p50',
  'MTTR p90',
  'MTTR mean',
  'time in breach',
];

/** The numbers of a stats row for people (durations as `7m 30s`). */
export function statsCells(stats: StatsView): string[] {
  return [
    String(stats.incidents),
    String(stats.open),
    String(stats.unacknowledged),
    humanDuration(stats.mtta.p50Seconds),
    humanDuration(stats.mtta.p90Seconds),
    humanDuration(stats.mtta.meanSeconds),
    humanDuration(stats.mttr.p50Seconds),
    humanDuration(stats.mttr.p90Seconds),
    humanDuration(stats.mttr.meanSeconds),
    humanDuration(stats.timeInBreachSeconds),
  ];
}

const percent = (value: number | null, digits = 3): string =>
  value === null ? '–' : `${value.toFixed(digits)}%`;

/** How the MTTR p50 moved against the previous period: `40m → 34m (-15%)`. */
export function mttrTrend(current: StatsView, previous: StatsView): string {
  const now = current.mttr.p50Seconds;
  const before = previous.mttr.p50Seconds;
  const change =
    now === null || before === null || before === 0
      ? ''
      : ` (${now >= before ? '+' : ''}${Math.round(((now - before) / before) * 100)}%)`;
  return `${humanDuration(before)} → ${humanDuration(now)}${change}`;
}

export function reportText(view: ReportView, previous?: ReportView): string[] {
  const { totals } = view;
  const lines = [
    `Reliability report ${view.period.label} (${view.period.start} to ${view.period.end}, ${view.timeZone})` +
      (view.filters.service === undefined ? '' : ` service=${view.filters.service}`) +
      (view.filters.team === undefined ? '' : ` team=${view.filters.team}`),
    `Incidents ${totals.incidents} (open ${totals.open}, never acknowledged ${totals.unacknowledged}); ` +
      `MTTA p50 ${humanDuration(totals.mtta.p50Seconds)}, MTTR p50 ${humanDuration(totals.mttr.p50Seconds)}, ` +
      `time in breach ${humanDuration(totals.timeInBreachSeconds)}`,
  ];
  if (previous !== undefined) {
    lines.push(`MTTR p50 vs ${previous.period.label}: ${mttrTrend(totals, previous.totals)}`);
  }
  const section = (title: string, body: string[]) => lines.push('', title, ...body);
  section(
    `By ${view.granularity}`,
    table(
      [view.granularity, ...STATS_HEADER],
      view.trend.map((row) => [row.period.label, ...statsCells(row)]),
    ),
  );
  for (const [title, rows] of [
    ['service', view.byService],
    ['team', view.byTeam],
    ['severity', view.bySeverity],
  ] as const) {
    section(
      `By ${title}`,
      table(
        [title, ...STATS_HEADER],
        rows.map((row) => [row.key, ...statsCells(row)]),
      ),
    );
  }
  section(
    'Noisiest rules',
    table(
      ['rule', 'group', 'alerts', 'per week', 'never acked'],
      view.noisyRules.map((rule) => [
        rule.ruleName,
        rule.groupName,
        String(rule.alerts),
        rule.alertsPerWeek.toFixed(1),
        `${Math.round(rule.neverAcknowledgedShare * 100)}%`,
      ]),
    ),
  );
  section(
    'SLOs',
    table(
      ['slo', 'objective', 'SLI', 'met', 'budget used', `${view.granularity}s met`],
      view.slos.map((slo) => [
        slo.slo,
        percent(slo.objectivePercent, 2),
        percent(slo.sliPercent),
        slo.met === null ? '–' : slo.met ? 'yes' : 'no',
        slo.budgetConsumed === null ? '–' : `${Math.round(slo.budgetConsumed * 100)}%`,
        `${slo.periodsMet}/${slo.periodsWithData}`,
      ]),
    ),
  );
  return lines;
}
