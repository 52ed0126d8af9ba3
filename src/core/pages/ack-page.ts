import { Labels } from '../model';
import { escapeHtml } from '../notifications/email-alert-message';

/**
 * The pages behind an email's Acknowledge link. GET shows what would be acknowledged and a button; only the POST
 * acknowledges, because mail scanners open (GET) every link in a mail.
 */

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)} · forewarn</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2328}
code{background:#f6f8fa;padding:.1rem .3rem;border-radius:4px}button{font:inherit;padding:.5rem 1.2rem;border:0;
border-radius:6px;background:#1f6feb;color:#fff;cursor:pointer}</style></head>
<body>${body}</body></html>`;
}

export interface AckPageAlert {
  readonly alertname: string;
  readonly labels: Labels;
  readonly summary?: string;
  readonly state: string;
}

function describe(alert: AckPageAlert): string {
  const labels = Object.entries(alert.labels)
    .filter(([name]) => name !== 'alertname')
    .map(([name, value]) => `<code>${escapeHtml(name)}=${escapeHtml(value)}</code>`)
    .join(' ');
  return `<h1>${escapeHtml(alert.alertname)}</h1>
<p>${alert.summary === undefined ? '' : `${escapeHtml(alert.summary)}<br>`}${labels}</p>
<p>State: <strong>${escapeHtml(alert.state)}</strong></p>`;
}

export function ackConfirmPage(alert: AckPageAlert): string {
  return page(
    `Acknowledge ${alert.alertname}`,
    `${describe(alert)}
<form method="post"><button type="submit">Acknowledge</button></form>`,
  );
}

export function ackDonePage(alert: AckPageAlert, by: string): string {
  return page(
    `Acknowledged ${alert.alertname}`,
    `${describe(alert)}
<p>Acknowledged by ${escapeHtml(by)}.</p>`,
  );
}

export function ackErrorPage(message: string): string {
  return page('Acknowledge link', `<h1>This link cannot be used</h1><p>${escapeHtml(message)}</p>`);
}
