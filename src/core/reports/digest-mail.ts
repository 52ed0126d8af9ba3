import { escapeHtml } from '../notifications/email-alert-message';
import { DigestContent, DigestTable } from './digest-content';
import { textTable } from './report-text';

/** The weekly digest as a multipart mail. Its Message-ID is stable per week, so a resent digest is the same mail. */
export interface DigestMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** `<digest-2026-W47@forewarn.example.com>`. */
  readonly messageId: string;
}

/** `<digest-{week}@domain>`. */
export function digestMessageId(period: string, domain: string): string {
  return `<digest-${period}@${domain.replace(/[^A-Za-z0-9.-]/g, '_')}>`;
}

function sections(content: DigestContent): Array<{ title: string; table: DigestTable; empty: string }> {
  return [
    { title: 'SLO compliance', table: content.slos, empty: 'No SLOs are loaded.' },
    { title: `MTTR against ${content.previousPeriod}`, table: content.mttr, empty: '' },
    { title: 'Noisiest rules', table: content.noisyRules, empty: 'No alerts this week.' },
  ];
}

function renderText(content: DigestContent): string {
  const lines = [content.subject, content.range, '', content.summary];
  for (const { title, table, empty } of sections(content)) {
    lines.push('', title, ...(table.rows.length === 0 ? [empty] : textTable(table.header, table.rows)));
  }
  lines.push('', `Full report: ${content.reportUrl}`, '');
  return lines.join('\n');
}

const CELL = 'padding:4px 12px 4px 0;border-top:1px solid #d8dee4;white-space:nowrap';

function htmlTable({ header, rows }: DigestTable): string {
  const row = (cells: readonly string[], tag: 'th' | 'td') =>
    `<tr>${cells
      .map(
        (cell, index) =>
          `<${tag} align="${index === 0 ? 'left' : 'right'}" style="${CELL}${tag === 'th' ? ';color:#57606a;font-weight:normal' : ''}">${escapeHtml(cell)}</${tag}>`,
      )
      .join('')}</tr>`;
  return [
    '<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:14px">',
    row(header, 'th'),
    ...rows.map((cells) => row(cells, 'td')),
    '</table>',
  ].join('\n');
}

function renderHtml(content: DigestContent): string {
  const body = sections(content).map(
    ({ title, table, empty }) =>
      `<h2 style="margin:20px 0 8px;font-size:16px">${escapeHtml(title)}</h2>\n` +
      (table.rows.length === 0 ? `<p style="margin:0">${escapeHtml(empty)}</p>` : htmlTable(table)),
  );
  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${escapeHtml(content.subject)}</title></head>`,
    '<body style="margin:0;padding:16px;background:#f6f8fa;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1f2328">',
    '<table role="presentation" cellpadding="0" cellspacing="0" width="100%" style="max-width:720px;background:#ffffff;border:1px solid #d0d7de">',
    `<tr><td style="padding:12px 16px;background:#24292f;color:#ffffff;font-size:18px;font-weight:bold">Weekly digest ${escapeHtml(content.period)}` +
      ` <span style="font-weight:normal;font-size:14px">${escapeHtml(content.range)}</span></td></tr>`,
    '<tr><td style="padding:16px">',
    `<p style="margin:0;font-size:15px">${escapeHtml(content.summary)}</p>`,
    ...body,
    `<p style="margin:20px 0 0;font-size:14px"><a href="${escapeHtml(content.reportUrl)}" style="color:#0969da">Open the full report</a></p>`,
    '</td></tr></table>',
    '</body></html>',
    '',
  ].join('\n');
}

/** The digest mail of `content`; `domain` is the right-hand side of its Message-ID (PUBLIC_URL's host). */
export function buildDigestMail(content: DigestContent, domain: string): DigestMail {
  return {
    subject: content.subject,
    text: renderText(content),
    html: renderHtml(content),
    messageId: digestMessageId(content.period, domain),
  };
}
