import { humanDuration } from '../reports/human-duration';
import { formatMatchers } from '../routing/label-matchers';
import { alertMatchers } from '../silences/silence-request';
import { IncidentDetail, incidentTimeline } from './incident-detail';
import { escapeHtml, htmlTable, layout } from './layout';
import { ChartMarker, lineChartSvg } from './svg-chart';
import { isoTime as iso, timeTag as time } from './time-html';

/**
 * `/incidents/:id`: the page behind a notification's link. An open, unacknowledged incident has an Acknowledge
 * button, and each firing alert a Silence 1h button (a form post: it needs an admin token, and the SameSite=Strict cookie keeps other sites from sending it). The watched series (from the alert's latest notification)
 * with its threshold or band, onset, acknowledgement, resolution and deploy markers; the timeline of state changes and
 * notifications with their delivery status; the linked context (runbook, dashboard, rule, related incidents).
 */
const HOUR = 3_600_000;

/**
 * Silence 1h on a firing alert: the silences page's form, filled in with an equality matcher for each of the alert's
 * labels (the same silence as Slack's button), so it is checked, audited and listed like any other.
 */
function silenceButton(incident: IncidentDetail, alert: IncidentDetail['alerts'][number]): string {
  const matchers = formatMatchers(alertMatchers(alert.labels));
  const comment = `Silence 1h pressed on the page of incident "${incident.title}"`;
  return `<form class="actions" method="post" action="/silences"><input type="hidden" name="matchers" value="${escapeHtml(matchers)}"><input type="hidden" name="duration" value="1h"><input type="hidden" name="comment" value="${escapeHtml(comment)}"><button type="submit" aria-label="Silence ${escapeHtml(alert.ruleName)} for 1 hour">Silence 1h</button></form>`;
}

function state(incident: IncidentDetail): { text: string; css: string } {
  if (incident.resolvedAtMs !== null) {
    return { text: 'resolved', css: 'resolved' };
  }
  return incident.acknowledged === null
    ? { text: 'firing', css: 'firing' }
    : { text: 'acknowledged', css: 'pending' };
}

function chart(incident: IncidentDetail, nowMs: number): string {
  const withChart = incident.alerts.find((alert) => (alert.notification.chart?.points.length ?? 0) > 1);
  const points = withChart?.notification.chart?.points ?? [];
  const first = points[0]?.[0];
  const last = points[points.length - 1]?.[0];
  if (withChart === undefined || first === undefined || last === undefined) {
    return '<p class="muted">No series was recorded with this incident’s notifications.</p>';
  }
  const toMs = Math.max(last, Math.min(nowMs, (incident.resolvedAtMs ?? nowMs) + HOUR / 2));
  const markers: ChartMarker[] = [
    { atMs: incident.startedAtMs, label: 'onset', kind: 'onset' },
    ...(incident.acknowledged === null
      ? []
      : [{ atMs: incident.acknowledged.atMs, label: 'ack', kind: 'ack' as const }]),
    ...(incident.resolvedAtMs === null
      ? []
      : [{ atMs: incident.resolvedAtMs, label: 'resolved', kind: 'resolve' as const }]),
    ...incident.deploys.map((deploy) => ({
      atMs: deploy.atMs,
      label: deploy.version ?? 'deploy',
      kind: 'deploy' as const,
    })),
  ];
  const band = withChart.notification.band;
  const svg = lineChartSvg({
    label: `${withChart.ruleName}: the watched value from ${iso(first)} to ${iso(toMs)}, with threshold and markers`,
    fromMs: first,
    toMs,
    series: [{ name: withChart.ruleName, points }],
    ...(withChart.notification.threshold === undefined
      ? {}
      : { threshold: withChart.notification.threshold.value }),
    ...(band === undefined ? {} : { band: points.map(([ms]) => [ms, band.lower, band.upper] as const) }),
    markers,
  });
  return `<div class="chart" data-testid="incident-chart">${svg}</div>`;
}

function context(incident: IncidentDetail): string {
  const notification = incident.alerts[0]?.notification ?? {};
  const links = [
    notification.runbookUrl === undefined
      ? ''
      : `<li><a href="${escapeHtml(notification.runbookUrl)}">Runbook</a></li>`,
    notification.dashboardUrl === undefined
      ? ''
      : `<li><a href="${escapeHtml(notification.dashboardUrl)}">Dashboard</a></li>`,
    notification.ruleFile === undefined
      ? ''
      : `<li>Rule <code>${escapeHtml(notification.groupName ?? '')}/${escapeHtml(notification.ruleName ?? '')}</code> in <code>${escapeHtml(notification.ruleFile)}</code>${notification.expr === undefined ? '' : `: <code>${escapeHtml(notification.expr)}</code>`}</li>`,
    ...incident.related.map(
      (other) =>
        `<li>Also open: <a href="/incidents/${encodeURIComponent(other.id)}">${escapeHtml(other.title)}</a> since ${time(other.startedAtMs)}</li>`,
    ),
    ...incident.deploys.map(
      (deploy) =>
        `<li>Deploy ${deploy.url === null ? escapeHtml(deploy.version ?? '') : `<a href="${escapeHtml(deploy.url)}">${escapeHtml(deploy.version ?? deploy.url)}</a>`}${deploy.author === null ? '' : ` by ${escapeHtml(deploy.author)}`} at ${time(deploy.atMs)}</li>`,
    ),
  ].filter((item) => item !== '');
  return links.length === 0
    ? '<p class="muted">No linked context.</p>'
    : `<ul data-testid="context">${links.join('')}</ul>`;
}

export function incidentPage(incident: IncidentDetail, nowMs: number): string {
  const current = state(incident);
  const summary = incident.alerts.find((alert) => alert.notification.annotations?.summary !== undefined)
    ?.notification.annotations?.summary;
  const timeline = incidentTimeline(incident)
    .map(
      (entry) =>
        `<li data-kind="${entry.kind}">${time(entry.atMs)} ${entry.status === undefined ? '' : `<span class="badge ${escapeHtml(entry.status)}">${escapeHtml(entry.kind)}</span> `}${escapeHtml(entry.text)}</li>`,
    )
    .join('\n');
  const body = `<h1>${escapeHtml(incident.title)}</h1>
<p><span class="badge ${current.css}" data-testid="state">${current.text}</span>
${incident.severity === null ? '' : `<span class="badge ${escapeHtml(incident.severity)}">${escapeHtml(incident.severity)}</span>`}
${incident.service === null ? '' : `service <strong>${escapeHtml(incident.service)}</strong>`}
${incident.team === null ? '' : `team <strong>${escapeHtml(incident.team)}</strong>`}</p>
${summary === undefined ? '' : `<p>${escapeHtml(summary)}</p>`}
${
  incident.resolvedAtMs === null && incident.acknowledged === null
    ? `<form class="actions" method="post" action="/incidents/${encodeURIComponent(incident.id)}/ack"><button type="submit">Acknowledge</button></form>`
    : ''
}
<section class="tiles" aria-label="Times">
<div class="tile"><div class="value">${time(incident.startedAtMs)}</div><div class="label">started</div></div>
<div class="tile"><div class="value" data-testid="time-to-ack">${incident.acknowledged === null ? 'not yet' : humanDuration((incident.acknowledged.atMs - incident.startedAtMs) / 1000)}</div><div class="label">time to acknowledge${incident.acknowledged === null ? '' : ` (${escapeHtml(incident.acknowledged.by)})`}</div></div>
<div class="tile"><div class="value" data-testid="duration">${humanDuration(((incident.resolvedAtMs ?? nowMs) - incident.startedAtMs) / 1000)}</div><div class="label">${incident.resolvedAtMs === null ? 'open for' : 'time to resolve'}</div></div>
</section>
<h2>Series</h2>
${chart(incident, nowMs)}
<h2>Alerts</h2>
${htmlTable(
  ['alert', 'labels', 'state', 'fired', 'resolved', ''],
  incident.alerts.map((alert) => [
    escapeHtml(alert.ruleName),
    Object.entries(alert.labels)
      .filter(([name]) => name !== 'alertname')
      .map(([name, value]) => `<code>${escapeHtml(name)}=${escapeHtml(value)}</code>`)
      .join(' '),
    `<span class="badge ${alert.state}">${alert.state}</span>${alert.muted === null ? '' : ` <span class="muted">${escapeHtml(alert.muted)}</span>`}`,
    time(alert.firedAtMs),
    alert.resolvedAtMs === null ? '–' : time(alert.resolvedAtMs),
    alert.state === 'firing' ? silenceButton(incident, alert) : '',
  ]),
  'data-testid="alerts-table"',
)}
<h2>Timeline</h2>
<ol class="timeline" data-testid="timeline">${timeline}</ol>
<h2>Context</h2>
${context(incident)}`;
  return layout(incident.title, body);
}
