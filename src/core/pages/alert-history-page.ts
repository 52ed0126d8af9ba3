import { AlertHistoryQuery, HISTORY_STATES, showingText } from '../history/alert-history-filters';
import { AlertHistory, HistoryAlert, HistoryMute } from '../history/alert-history';
import { escapeHtml, htmlTable, layout, select } from './layout';

/**
 * `/alerts`: every alert that fired, newest first, filtered by rule, service, state and time range, with what held
 * each back (silences, inhibition, time intervals) and when; a page at a time, saying how many match in all.
 */
export interface AlertHistoryPageInput {
  readonly history: AlertHistory;
  /** The filters as typed. */
  readonly query: AlertHistoryQuery;
  readonly rules: readonly string[];
  readonly services: readonly string[];
}

/** To the second: the page's times, a range's ends included, need no milliseconds. */
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const time = (ms: number) => `<time datetime="${iso(ms)}">${escapeHtml(iso(ms).replace('T', ' '))}</time>`;
const MUTE_BADGE: Readonly<Record<HistoryMute['kind'], string>> = {
  silenced: 'silenced',
  inhibited: 'inhibited',
  'time-interval': 'muted',
};

function link(query: AlertHistoryQuery, change: Partial<Record<keyof AlertHistoryQuery | 'format', string>>) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...query, ...change })) {
    if (value !== undefined && value !== '') {
      params.set(name, value);
    }
  }
  return escapeHtml(`/alerts?${params.toString()}`);
}

function mutes(alert: HistoryAlert): string {
  return alert.mutes
    .map(
      (mute) =>
        `<span class="badge pending" data-kind="${mute.kind}">${MUTE_BADGE[mute.kind]}</span> <span class="muted">${escapeHtml(mute.reason)}, ${time(mute.startedAtMs)} to ${mute.endedAtMs === null ? (alert.resolvedAtMs === null ? 'now' : time(alert.resolvedAtMs)) : time(mute.endedAtMs)}</span>`,
    )
    .join('<br>');
}

export function alertHistoryPage(input: AlertHistoryPageInput): string {
  const { history, query } = input;
  const { filters } = history;
  const labels = (alert: HistoryAlert) =>
    Object.entries(alert.labels)
      .filter(([name]) => name !== 'alertname')
      .map(([name, value]) => `<code>${escapeHtml(name)}=${escapeHtml(value)}</code>`)
      .join(' ');
  const pages = Math.max(1, Math.ceil(history.total / filters.limit));
  const pager = [
    filters.page > 1
      ? `<a href="${link(query, { page: String(filters.page - 1) })}" rel="prev">Newer</a>`
      : '',
    filters.page < pages
      ? `<a href="${link(query, { page: String(filters.page + 1) })}" rel="next">Older</a>`
      : '',
  ]
    .filter((item) => item !== '')
    .join(' · ');
  const body = `<h1>Alert history</h1>
<p class="muted">Every alert that fired between ${time(filters.fromMs)} and ${time(filters.toMs)} (UTC), newest first,
including the ones silenced, inhibited or muted by a time interval, which sent no notification while so.</p>
<form class="filters" method="get" action="/alerts" aria-label="Alert history filters">
${select('rule', 'Rule', input.rules, filters.rule)}
${select('service', 'Service', input.services, filters.service)}
${select('state', 'State', HISTORY_STATES, filters.state)}
<label>From<input name="from" value="${escapeHtml(query.from ?? '')}" placeholder="7d, 2026-12-01 or 2026-12-01T08:00Z" size="16"></label>
<label>To<input name="to" value="${escapeHtml(query.to ?? '')}" placeholder="now" size="16"></label>
<button type="submit">Show</button>
<a href="${link(query, { format: 'json' })}">JSON</a>
</form>
<p data-testid="showing">${escapeHtml(showingText(filters, history.alerts.length, history.total))}${pager === '' ? '' : ` · ${pager}`}</p>
${htmlTable(
  ['alert', 'labels', 'state', 'fired', 'resolved', 'held back', 'incident'],
  history.alerts.map((alert) => [
    escapeHtml(alert.ruleName),
    `<span class="cell-wrap">${labels(alert)}</span>`,
    `<span class="badge ${alert.state}">${alert.state}</span>`,
    time(alert.firedAtMs),
    alert.resolvedAtMs === null ? '–' : time(alert.resolvedAtMs),
    `<span class="cell-wrap">${mutes(alert) || '–'}</span>`,
    alert.incidentIds.map((id) => `<a href="/incidents/${encodeURIComponent(id)}">open</a>`).join(' '),
  ]),
  'data-testid="history-table"',
  'No alert matches these filters.',
)}`;
  return layout('Alert history', body, { section: '/alerts' });
}
