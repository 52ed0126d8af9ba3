import { humanDuration } from '../reports/human-duration';
import { BudgetBurnDown } from '../slo/budget-burn-down';
import { SloStatus } from '../slo/evaluate-slo';
import { escapeHtml, htmlTable, layout, tile } from './layout';
import { lineChartSvg } from './svg-chart';
import { timeTag } from './time-html';

/**
 * `/slos` (every SLO: objective, SLI over its window, budget left, burn rates, status) and `/slos/:name` (the same
 * for one SLO, its error-budget burn-down over the window and the exhaustion forecast).
 */

/** What an SLO's row says about it: the worst of its budget, its firing burn-rate alerts and its forecast. */
export function sloState(status: SloStatus): { text: string; css: string } {
  if (status.problems.length > 0 || status.budget.kind === 'sli-problem') {
    return { text: 'SLI problem', css: 'firing' };
  }
  if (status.budget.kind === 'no-data') {
    return { text: 'no data', css: 'pending' };
  }
  if (status.budget.remainingRatio <= 0) {
    return { text: 'budget exhausted', css: 'firing' };
  }
  const firing = status.alerts.filter((row) => row.status === 'firing');
  if (firing.length > 0) {
    const severity = firing.some((row) => row.severity === 'critical') ? 'critical' : firing[0]?.severity;
    return { text: `burning (${severity ?? 'alert'})`, css: 'firing' };
  }
  if (status.exhaustion.status === 'decreasing' && status.exhaustion.severity !== undefined) {
    return {
      text: `runs out in ${humanDuration(status.exhaustion.timeToExhaustionMs / 1000)}`,
      css: 'pending',
    };
  }
  return { text: 'ok', css: 'resolved' };
}

const percent = (ratio: number | null, digits = 3): string =>
  ratio === null ? '–' : `${Number((ratio * 100).toFixed(digits))}%`;

function budgetLeft(status: SloStatus): string {
  if (status.budget.kind !== 'budget') {
    return '–';
  }
  const { remainingRatio, remainingMinutes } = status.budget;
  return remainingMinutes >= 0
    ? `${percent(remainingRatio, 1)} (${humanDuration(remainingMinutes * 60)})`
    : `${percent(remainingRatio, 1)} (overspent by ${humanDuration(-remainingMinutes * 60)})`;
}

function burnRates(status: SloStatus): string {
  return status.burnRates
    .map((entry) => `${entry.window}: ${entry.burnRate === null ? '–' : entry.burnRate.toFixed(2)}`)
    .join(', ');
}

const sloLink = (name: string) => `<a href="/slos/${encodeURIComponent(name)}">${escapeHtml(name)}</a>`;
const badge = (state: { text: string; css: string }) =>
  `<span class="badge ${state.css}">${escapeHtml(state.text)}</span>`;

export function sloListPage(statuses: readonly SloStatus[], nowMs: number): string {
  const rows = statuses.map((status) => [
    sloLink(status.slo),
    escapeHtml(status.service ?? '–'),
    `${status.objective}%`,
    escapeHtml(status.window),
    percent(status.sli),
    budgetLeft(status),
    escapeHtml(burnRates(status)),
    badge(sloState(status)),
  ]);
  const table =
    rows.length === 0
      ? '<p class="muted" data-testid="slos-empty">No SLO has been evaluated yet.</p>'
      : htmlTable(
          ['SLO', 'service', 'objective', 'window', 'SLI', 'budget left', 'burn rates', 'status'],
          rows,
          'data-testid="slos"',
        );
  const body = `<h1>SLOs</h1>
<p class="muted">As of ${timeTag(nowMs)}. <a href="/slos?format=json">JSON</a></p>
${table}`;
  return layout('SLOs', body);
}

function exhaustionText(status: SloStatus): string {
  const { exhaustion } = status;
  switch (exhaustion.status) {
    case 'insufficient-data':
      return 'Not enough recorded budget yet to forecast.';
    case 'exhausted':
      return 'The error budget is spent.';
    case 'not-decreasing':
      return 'The budget is not going down: no exhaustion expected.';
    case 'decreasing':
      return `At the current burn, the budget runs out in ${humanDuration(exhaustion.timeToExhaustionMs / 1000)}, at ${timeTag(exhaustion.exhaustionMs)}.`;
  }
}

export function sloDetailPage(
  status: SloStatus,
  burnDown: BudgetBurnDown,
  window: { startMs: number; untilMs: number },
): string {
  const chart = lineChartSvg({
    label: `${status.slo}: error budget left over its ${status.window} window, and the forecast`,
    fromMs: window.startMs,
    toMs: window.untilMs,
    series: [
      { name: 'budget left', points: burnDown.recorded },
      ...(burnDown.forecast.length === 0
        ? []
        : [{ name: 'forecast', points: burnDown.forecast, color: '#bf8700' }]),
    ],
    threshold: 0,
    unit: '%',
    formatTime: (ms) => new Date(ms).toISOString().slice(5, 16).replace('T', ' '),
    markers: [{ atMs: status.evaluatedAtMs, label: 'now', kind: 'now' }],
  });
  const windows = htmlTable(
    ['window', 'error ratio', 'burn rate', 'events'],
    status.burnRates.map((entry) => [
      escapeHtml(entry.window),
      percent(entry.errorRatio, 4),
      entry.burnRate === null ? '–' : entry.burnRate.toFixed(2),
      entry.events === null ? '–' : String(Math.round(entry.events)),
    ]),
    'data-testid="burn-rates"',
  );
  const alerts = htmlTable(
    ['severity', 'burn rate over', 'long window', 'short window', 'status'],
    status.alerts.map((row) => [
      escapeHtml(row.severity),
      String(row.burnRateThreshold),
      escapeHtml(row.longWindow),
      escapeHtml(row.shortWindow),
      escapeHtml(row.status),
    ]),
    'data-testid="alert-rows"',
  );
  const body = `<p><a href="/slos">All SLOs</a></p>
<h1>${escapeHtml(status.slo)} ${badge(sloState(status))}</h1>
<p class="muted">${escapeHtml(status.description ?? '')} Evaluated ${timeTag(status.evaluatedAtMs)}.
<a href="/slos/${encodeURIComponent(status.slo)}?format=json">JSON</a></p>
<section class="tiles" aria-label="Budget">
${tile('objective', 'objective', `${status.objective}%`)}
${tile('sli', `SLI over ${status.window}`, percent(status.sli))}
${tile('budget-left', 'budget left', budgetLeft(status))}
</section>
${status.problems.map((problem) => `<p class="firing">${escapeHtml(problem)}</p>`).join('\n')}
<h2>Error budget burn-down</h2>
<p data-testid="exhaustion">${exhaustionText(status)}</p>
<div class="chart" data-testid="burn-down-chart">${chart}</div>
<h2>Burn rates</h2>
${windows}
<h2>Burn-rate alerts</h2>
${alerts}`;
  return layout(`SLO ${status.slo}`, body);
}
