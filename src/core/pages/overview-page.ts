import { humanDuration } from '../reports/human-duration';
import { escapeHtml, htmlTable, layout, tile } from './layout';
import { Overview, SEVERITIES } from './overview';
import { timeTag } from './time-html';

/** `/`: what fires now by service and severity, rules with errors, failing receivers; the same as `?format=json`. */
function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, id: string, empty: string) {
  return rows.length === 0
    ? `<p class="muted" data-testid="${id}-empty">${escapeHtml(empty)}</p>`
    : htmlTable(header, rows, `data-testid="${id}"`);
}

const badge = (css: string, text: string) =>
  `<span class="badge ${escapeHtml(css)}">${escapeHtml(text)}</span>`;

export function overviewPage(view: Overview, nowMs: number): string {
  const { firing } = view;
  const body = `<h1>Overview</h1>
<p class="muted">As of ${timeTag(nowMs)}. <a href="/?format=json">JSON</a></p>
<section class="tiles" aria-label="Now">
${tile('firing-incidents', 'incidents firing', String(firing.incidents))}
${tile('firing-alerts', 'alerts firing', String(firing.alerts))}
${tile('firing-critical', 'critical', String(firing.bySeverity.critical))}
${tile('unacknowledged', 'not acknowledged', String(firing.unacknowledged))}
${tile('rule-errors', 'rules with errors', String(view.ruleErrors.length))}
${tile('failing-receivers', 'failing receivers', String(view.failingReceivers.length))}
</section>
<h2>Firing by service</h2>
${table(
  ['service', ...SEVERITIES, 'incidents', 'alerts'],
  firing.byService.map((row) => [
    escapeHtml(row.service),
    ...SEVERITIES.map((severity) => String(row.bySeverity[severity])),
    String(row.incidents),
    String(row.alerts),
  ]),
  'by-service',
  'Nothing is firing.',
)}
<h2>Firing now</h2>
${table(
  ['incident', 'severity', 'service', 'firing for', 'alerts', 'acknowledged'],
  firing.list.map((incident) => [
    `<a href="${escapeHtml(incident.url)}">${escapeHtml(incident.title)}</a>`,
    incident.severity === null ? '–' : badge(incident.severity, incident.severity),
    escapeHtml(incident.service ?? '–'),
    `<span title="since ${escapeHtml(new Date(incident.startedAtMs).toISOString())}">${escapeHtml(humanDuration((nowMs - incident.startedAtMs) / 1000))}</span>`,
    String(incident.alerts.length) +
      (incident.alerts.some((alert) => alert.muted !== null)
        ? ` <span class="muted">(${incident.alerts.filter((alert) => alert.muted !== null).length} muted)</span>`
        : ''),
    incident.acknowledgedAtMs === null ? badge('firing', 'no') : timeTag(incident.acknowledgedAtMs),
  ]),
  'firing-table',
  'Nothing is firing.',
)}
<h2>Rules with errors</h2>
${table(
  ['rule', 'problem', 'message', 'since'],
  view.ruleErrors.map((error) => [
    `<code>${escapeHtml(error.where)}</code>`,
    badge('bad', error.kind === 'load' ? 'failed to load' : 'evaluation failed'),
    `<span class="wrap">${escapeHtml(error.message)}</span>`,
    error.atMs === null ? '–' : timeTag(error.atMs),
  ]),
  'rule-errors-table',
  'Every rule loaded, and every rule’s last evaluation succeeded.',
)}
<h2>Failing receivers</h2>
<p class="muted">Deliveries since ${timeTag(Date.parse(view.deliveriesSince))} that failed for good, or are still pending after retries.</p>
${table(
  ['receiver', 'integration', 'failed', 'stuck pending', 'delivered', 'last error'],
  view.failingReceivers.map((entry) => [
    escapeHtml(entry.receiver),
    `<code>${escapeHtml(entry.integration)}</code>`,
    String(entry.failed),
    String(entry.stuck),
    String(entry.delivered),
    entry.lastFailure === undefined
      ? '–'
      : `${escapeHtml(entry.lastFailure.error)} <span class="muted">(${timeTag(Date.parse(entry.lastFailure.at))})</span>`,
  ]),
  'receivers-table',
  'Every receiver delivered what it was sent.',
)}`;
  return layout('Overview', body, { section: '/' });
}
