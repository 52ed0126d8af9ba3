import { AlertNotification } from '../alerts/alert-notification';
import { renderSeriesPng } from '../charts/render-series-png';
import {
  alertTitle,
  displayedLabels,
  firingDurationMs,
  formatElapsed,
  formatInstant,
  isLinkableUrl,
  lastValueWithCondition,
  ruleReference,
  severityOf,
  changeLines,
  relatedAlertLines,
  sloBudgetLine,
  valueVersusThreshold,
} from './notification-format';

export interface EmailAlertMessage {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** `<...@domain>`, angle brackets included, stable for the alert and its state. */
  readonly messageId: string;
  /** Set on the resolved mail: the firing mail's id, so mail clients thread the two. */
  readonly inReplyTo?: string;
  readonly references?: readonly string[];
  /** The chart of the series, inline (mail clients strip SVG and `data:` images; a CID-attached PNG they show). */
  readonly attachments?: ReadonlyArray<{
    readonly filename: string;
    readonly content: Buffer;
    readonly cid: string;
  }>;
}

export interface EmailAlertMessageOptions {
  /** Right-hand side of the Message-IDs, e.g. `forewarn.example.com`. */
  readonly domain: string;
  /** Replaces the subject (a group's `[FIRING:3] ...`). */
  readonly subject?: string;
  /** Facts shown first, e.g. the list of a group's alerts. */
  readonly leadingFacts?: ReadonlyArray<{ readonly name: string; readonly value: string }>;
}

interface Fact {
  readonly name: string;
  readonly value: string;
}

interface Link {
  readonly label: string;
  readonly url: string;
}

const HEADER_COLORS: Readonly<Record<string, string>> = {
  critical: '#cf222e',
  warning: '#bc4c00',
  info: '#0969da',
};
const UNKNOWN_SEVERITY_COLOR = '#57606a';
const RESOLVED_COLOR = '#1a7f37';

/** The alert as one email; the resolved mail replies to the firing one. */
export function buildEmailAlertMessage(
  n: AlertNotification,
  opts: EmailAlertMessageOptions,
): EmailAlertMessage {
  const resolved = n.state === 'resolved';
  const subject = opts.subject ?? `[${resolved ? 'RESOLVED' : 'FIRING'}] ${oneLine(alertTitle(n))}`;
  const summary = n.annotations['summary'] || undefined;
  const description = n.annotations['description'] || undefined;
  const facts = [...(opts.leadingFacts ?? []), ...(resolved ? resolvedFacts(n) : firingFacts(n))];
  const links = alertLinks(n);
  const firingId = alertMessageId(n, 'firing', opts.domain);
  const chart = chartAttachment(n);
  const content = {
    text: renderText(subject, summary, facts, description, links),
    html: renderHtml(n, subject, summary, facts, description, links, chart !== undefined),
    ...(chart === undefined ? {} : { attachments: [chart] }),
  };
  if (!resolved) {
    return { subject, ...content, messageId: firingId };
  }
  return {
    subject,
    ...content,
    messageId: alertMessageId(n, 'resolved', opts.domain),
    inReplyTo: firingId,
    references: [firingId],
  };
}

/** `<alert-${alertId}-${firedAtMs}-${state}@${domain}>`; characters not allowed in a Message-ID become `_`. */
export function alertMessageId(
  n: AlertNotification,
  state: AlertNotification['state'],
  domain: string,
): string {
  const local = `alert-${n.alertId}-${n.firedAtMs}-${state}`.replace(/[^A-Za-z0-9._-]/g, '_');
  const right = domain.replace(/[^A-Za-z0-9.-]/g, '_');
  return `<${local}@${right}>`;
}

function firingFacts(n: AlertNotification): Fact[] {
  return [
    { name: 'Value', value: valueVersusThreshold(n) },
    { name: 'Severity', value: severityOf(n) ?? 'none' },
    { name: 'Since', value: formatInstant(n.firedAtMs) },
    ...sloFacts(n),
    ...contextFacts(n),
    ...commonFacts(n),
  ];
}

function contextFacts(n: AlertNotification): Fact[] {
  const changes = changeLines(n);
  const related = relatedAlertLines(n);
  return [
    ...(changes.length === 0 ? [] : [{ name: 'Recent changes', value: changes.join('\n') }]),
    ...(related.length === 0 ? [] : [{ name: 'Also firing', value: related.join('\n') }]),
  ];
}

function sloFacts(n: AlertNotification): Fact[] {
  const line = sloBudgetLine(n);
  return line === undefined ? [] : [{ name: 'Error budget', value: line }];
}

function resolvedFacts(n: AlertNotification): Fact[] {
  const durationMs = firingDurationMs(n);
  return [
    { name: 'Last value', value: lastValueWithCondition(n) },
    { name: 'Severity', value: severityOf(n) ?? 'none' },
    ...(durationMs === undefined ? [] : [{ name: 'Duration', value: formatElapsed(durationMs) }]),
    { name: 'Fired', value: formatInstant(n.firedAtMs) },
    ...(n.resolvedAtMs === undefined ? [] : [{ name: 'Resolved', value: formatInstant(n.resolvedAtMs) }]),
    ...commonFacts(n),
  ];
}

function commonFacts(n: AlertNotification): Fact[] {
  const labels = displayedLabels(n).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  return [
    { name: 'Rule', value: ruleReference(n) },
    { name: 'Expression', value: n.expr },
    ...(labels.length === 0 ? [] : [{ name: 'Labels', value: labels.join('\n') }]),
  ];
}

function alertLinks(n: AlertNotification): Link[] {
  const links: Array<{ label: string; url: string | undefined }> = [
    { label: 'Open alert', url: n.alertUrl },
    ...(n.state === 'firing' ? [{ label: 'Acknowledge', url: n.ackUrl }] : []),
    { label: 'Runbook', url: n.runbookUrl },
    { label: 'Dashboard', url: n.dashboardUrl },
  ];
  return links.filter((link): link is Link => link.url !== undefined && link.url !== '');
}

function renderText(
  subject: string,
  summary: string | undefined,
  facts: readonly Fact[],
  description: string | undefined,
  links: readonly Link[],
): string {
  const width =
    Math.max(...facts.map((fact) => fact.name.length), ...links.map((link) => link.label.length)) + 2;
  const row = (name: string, value: string): string =>
    `${`${name}:`.padEnd(width)}${value.split('\n').join(`\n${' '.repeat(width)}`)}`;
  const sections = [
    subject,
    summary,
    facts.map((fact) => row(fact.name, fact.value)).join('\n'),
    description,
    links.length === 0 ? undefined : links.map((link) => row(link.label, link.url)).join('\n'),
  ];
  return `${sections.filter((section) => section !== undefined).join('\n\n')}\n`;
}

/** HTML-escapes user data for element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function htmlLines(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, '<br>');
}

function renderHtml(
  n: AlertNotification,
  subject: string,
  summary: string | undefined,
  facts: readonly Fact[],
  description: string | undefined,
  links: readonly Link[],
  withChart: boolean,
): string {
  const severity = severityOf(n);
  const color =
    n.state === 'resolved'
      ? RESOLVED_COLOR
      : ((severity !== undefined ? HEADER_COLORS[severity] : undefined) ?? UNKNOWN_SEVERITY_COLOR);
  const cell = 'padding:6px 12px 6px 0;vertical-align:top;border-top:1px solid #d8dee4';
  const rows = facts
    .map(
      (fact) =>
        `<tr><th align="left" style="${cell};color:#57606a;font-weight:normal;white-space:nowrap">${escapeHtml(fact.name)}</th>` +
        `<td style="${cell};font-family:Menlo,Consolas,monospace;font-size:13px">${htmlLines(fact.value)}</td></tr>`,
    )
    .join('\n');
  const linkHtml = links
    .map((link) =>
      isLinkableUrl(link.url)
        ? `<a href="${escapeHtml(link.url)}" style="color:#0969da;margin-right:16px">${escapeHtml(link.label)}</a>`
        : `<span style="margin-right:16px">${escapeHtml(link.label)}: ${escapeHtml(link.url)}</span>`,
    )
    .join('\n');
  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:16px;background:#f6f8fa;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1f2328">',
    '<table role="presentation" cellpadding="0" cellspacing="0" width="100%" style="max-width:680px;background:#ffffff;border:1px solid #d0d7de;border-collapse:separate">',
    `<tr><td style="padding:12px 16px;background:${color};color:#ffffff;font-size:18px;font-weight:bold">` +
      `${n.state === 'resolved' ? 'RESOLVED' : 'FIRING'}: ${escapeHtml(alertTitle(n))}</td></tr>`,
    '<tr><td style="padding:16px">',
    summary === undefined
      ? ''
      : `<p style="margin:0 0 12px;font-size:16px;font-weight:bold">${htmlLines(summary)}</p>`,
    withChart
      ? `<p style="margin:0 0 12px"><img src="cid:${CHART_CID}" width="560" height="200" alt="${escapeHtml(chartAlt(n))}" style="display:block;max-width:100%;height:auto;border:1px solid #d8dee4"></p>`
      : '',
    `<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:14px">\n${rows}\n</table>`,
    description === undefined
      ? ''
      : `<p style="margin:12px 0 0;font-size:14px">${htmlLines(description)}</p>`,
    linkHtml === '' ? '' : `<p style="margin:16px 0 0;font-size:14px">${linkHtml}</p>`,
    '</td></tr></table>',
    '</body></html>',
    '',
  ]
    .filter((line, index, all) => line !== '' || index === all.length - 1)
    .join('\n');
}

const CHART_CID = 'chart@forewarn';
const CHART_MIN_POINTS = 2;

function chartAlt(n: AlertNotification): string {
  return (
    `Chart of ${n.expr} over the last hours` +
    (n.threshold === undefined ? '' : `, threshold ${n.threshold.value}`)
  );
}

/** The series as a PNG (pure JavaScript) with its threshold and the onset marked; none with too few points. */
function chartAttachment(
  n: AlertNotification,
): { filename: string; content: Buffer; cid: string } | undefined {
  const points = n.chart?.points ?? [];
  if (points.length < CHART_MIN_POINTS) {
    return undefined;
  }
  const content = renderSeriesPng({
    samples: points,
    ...(n.threshold === undefined ? {} : { threshold: n.threshold.value }),
    onsetMs: n.firedAtMs,
  });
  return { filename: 'chart.png', content, cid: CHART_CID };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
