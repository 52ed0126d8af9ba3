import { humanDuration } from './human-duration';
import { ReportView, StatsView } from './report-view';

/** The report for a terminal (`forewarn report`): plain aligned tables, durations for people. */

/** Aligned columns: the first left-aligned, the others right-aligned, two spaces apart. */
export function textTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
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

type SloView = ReportView['slos'][number];
type NoisyRuleView = ReportView['noisyRules'][number];

/** Column titles of `sloCells`. */
export const SLO_HEADER = ['slo', 'objective', 'SLI', 'met', 'budget used'];

/** An SLO's compliance over the whole period for people: objective, SLI, met and the share of budget used. */
export function sloCells(slo: SloView): string[] {
  return [
    slo.slo,
    percent(slo.objectivePercent, 2),
    percent(slo.sliPercent),
    slo.met === null ? '–' : slo.met ? 'yes' : 'no',
    slo.budgetConsumed === null ? '–' : `${Math.round(slo.budgetConsumed * 100)}%`,
  ];
}

/** Column titles of `noisyRuleCells`. */
export const NOISY_RULE_HEADER = ['rule', 'group', 'alerts', 'per week', 'never acked'];

export function noisyRuleCells(rule: NoisyRuleView): string[] {
  return [
    rule.ruleName,
    rule.groupName,
    String(rule.alerts),
    rule.alertsPerWeek.toFixed(1),
    `${Math.round(rule.neverAcknowledgedShare * 100)}%`,
  ];
}

/** The change from `before` to `now` in whole percent (`+15%`, `-8%`); undefined when either is missing or 0. */
export function percentChange(now: number | null, before: number | null): string | undefined {
  if (now === null || before === null || before === 0) {
    return undefined;
  }
  return `${now >= before ? '+' : ''}${Math.round(((now - before) / before) * 100)}%`;
}

/** How the MTTR p50 moved against the previous period: `40m → 34m (-15%)`. */
export function mttrTrend(current: StatsView, previous: StatsView): string {
  const now = current.mttr.p50Seconds;
  const before = previous.mttr.p50Seconds;
  const change = percentChange(now, before);
  return `${humanDuration(before)} → ${humanDuration(now)}${change === undefined ? '' : ` (${change})`}`;
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
    textTable(
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
      textTable(
        [title, ...STATS_HEADER],
        rows.map((row) => [row.key, ...statsCells(row)]),
      ),
    );
  }
  section('Noisiest rules', textTable(NOISY_RULE_HEADER, view.noisyRules.map(noisyRuleCells)));
  section(
    'SLOs',
    textTable(
      [...SLO_HEADER, `${view.granularity}s met`],
      view.slos.map((slo) => [...sloCells(slo), `${slo.periodsMet}/${slo.periodsWithData}`]),
    ),
  );
  return lines;
}
