import { humanDuration } from '../reports/human-duration';
import { STATS_HEADER, statsCells } from '../reports/report-text';
import { ReportView } from '../reports/report-view';
import { escapeHtml, htmlTable, layout, select, tile } from './layout';
import { barChartSvg } from './svg-chart';

/** `/reports`: the reliability report as a page, the same numbers as `?format=json` and `?format=csv`. */
export interface ReportsPageInput {
  readonly view: ReportView;
  /** The period text as asked (empty: the default range). */
  readonly periodText: string;
  readonly services: readonly string[];
  readonly teams: readonly string[];
}

function query(input: ReportsPageInput, format: string, table?: string): string {
  const params = new URLSearchParams();
  if (input.periodText !== '') {
    params.set('period', input.periodText);
  }
  if (input.view.filters.service !== undefined) {
    params.set('service', input.view.filters.service);
  }
  if (input.view.filters.team !== undefined) {
    params.set('team', input.view.filters.team);
  }
  params.set('format', format);
  if (table !== undefined) {
    params.set('table', table);
  }
  return escapeHtml(`/reports?${params.toString()}`);
}

const pct = (value: number | null, digits = 3) => (value === null ? '–' : `${value.toFixed(digits)}%`);

export function reportsPage(input: ReportsPageInput): string {
  const { view } = input;
  const { totals } = view;
  const groups = (rows: ReportView['byService']) =>
    htmlTable(
      ['', ...STATS_HEADER],
      rows.map((row) => [escapeHtml(row.key), ...statsCells(row).map(escapeHtml)]),
    );
  const body = `<h1>Reliability report <span data-testid="period">${escapeHtml(view.period.label)}</span></h1>
<p class="muted">${escapeHtml(view.period.start)} to ${escapeHtml(view.period.end)} (${escapeHtml(view.timeZone)}). An incident counts in the ${escapeHtml(view.granularity)} it started in, with its whole duration; open incidents are left out of MTTR.</p>
<form class="filters" method="get" action="/reports" aria-label="Report filters">
<label>Period<input name="period" value="${escapeHtml(input.periodText)}" placeholder="2026-W47, 2026-11 or 2026-Q4" size="22"></label>
${select('service', 'Service', input.services, view.filters.service)}
${select('team', 'Team', input.teams, view.filters.team)}
<button type="submit">Show</button>
<a href="${query(input, 'json')}">JSON</a> <a href="${query(input, 'csv')}">CSV</a>
<a href="${query(input, 'csv', 'rules')}">rules CSV</a> <a href="${query(input, 'csv', 'slos')}">SLOs CSV</a>
</form>
<section class="tiles" aria-label="Totals">
${tile('incidents', 'incidents', String(totals.incidents))}
${tile('open', 'still open', String(totals.open))}
${tile('unacknowledged', 'never acknowledged', String(totals.unacknowledged))}
${tile('mtta-p50', 'MTTA p50', humanDuration(totals.mtta.p50Seconds))}
${tile('mttr-p50', 'MTTR p50', humanDuration(totals.mttr.p50Seconds))}
${tile('mttr-p90', 'MTTR p90', humanDuration(totals.mttr.p90Seconds))}
${tile('breach', 'time in breach', humanDuration(totals.timeInBreachSeconds))}
</section>
<h2>Incidents per ${escapeHtml(view.granularity)}</h2>
<div class="chart" data-testid="trend-chart">${barChartSvg(
    `Incidents per ${view.granularity}`,
    view.trend.map((row) => ({ label: row.period.label, value: row.incidents })),
  )}</div>
<h2>MTTR p50 per ${escapeHtml(view.granularity)} (minutes)</h2>
<div class="chart" data-testid="mttr-chart">${barChartSvg(
    `MTTR p50 per ${view.granularity}, minutes`,
    view.trend.map((row) => ({
      label: row.period.label,
      value: (row.mttr.p50Seconds ?? 0) / 60,
      title: `${row.period.label}: ${humanDuration(row.mttr.p50Seconds)}`,
    })),
    'm',
  )}</div>
${htmlTable(
  [view.granularity, ...STATS_HEADER],
  view.trend.map((row) => [escapeHtml(row.period.label), ...statsCells(row).map(escapeHtml)]),
  'data-testid="trend-table"',
)}
<h2>By service</h2>
${groups(view.byService)}
<h2>By team</h2>
${groups(view.byTeam)}
<h2>By severity</h2>
${groups(view.bySeverity)}
<h2>Noisiest rules</h2>
${htmlTable(
  ['rule', 'group', 'alerts', 'alerts per week', 'never acknowledged'],
  view.noisyRules.map((rule) => [
    escapeHtml(rule.ruleName),
    escapeHtml(rule.groupName),
    String(rule.alerts),
    rule.alertsPerWeek.toFixed(1),
    `${Math.round(rule.neverAcknowledgedShare * 100)}%`,
  ]),
  'data-testid="rules-table"',
)}
<h2>SLO compliance</h2>
${htmlTable(
  ['SLO', 'service', 'objective', 'SLI', 'met', 'budget used', `${view.granularity}s met`],
  view.slos.map((slo) => [
    escapeHtml(slo.slo),
    escapeHtml(slo.service ?? '–'),
    pct(slo.objectivePercent, 2),
    pct(slo.sliPercent),
    slo.met === null
      ? '–'
      : `<span class="badge ${slo.met ? 'met' : 'bad'}">${slo.met ? 'met' : 'missed'}</span>`,
    slo.budgetConsumed === null ? '–' : `${Math.round(slo.budgetConsumed * 100)}%`,
    `${slo.periodsMet}/${slo.periodsWithData}`,
  ]),
  'data-testid="slos-table"',
)}`;
  return layout(`Report ${view.period.label}`, body, { section: '/reports' });
}
