import { escapeHtml } from '../notifications/email-alert-message';

/**
 * The frame of every forewarn page: one inline stylesheet (no external assets, no scripts needed), a navigation
 * bar of plain links, a skip link and visible focus rings for keyboard use, and tables that scroll sideways on small
 * screens instead of overflowing.
 */
const NAV: ReadonlyArray<[string, string]> = [
  ['/', 'Overview'],
  ['/slos', 'SLOs'],
  ['/reports', 'Reports'],
  ['/alerts', 'Alert history'],
  ['/silences', 'Silences'],
];

const STYLE = `
*{box-sizing:border-box}body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
a{color:#0969da}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible{outline:3px solid #bf8700;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:2}
header{background:#24292f;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
header a{color:#fff;text-decoration:none;padding:.25rem .5rem;border-radius:4px}header a[aria-current=page]{background:#57606a}
header strong{margin-right:1rem}main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.75rem}
.tile{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:.75rem}.tile .value{font-size:1.4rem;font-weight:600}
.tile .label{color:#57606a;font-size:.85rem}
.scroll{overflow-x:auto;background:#fff;border:1px solid #d0d7de;border-radius:6px}
table{border-collapse:collapse;width:100%}th,td{padding:.4rem .6rem;border-bottom:1px solid #d0d7de;text-align:right;white-space:nowrap}
th:first-child,td:first-child{text-align:left}thead th{background:#f6f8fa;font-weight:600}
form.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:end;margin-bottom:1rem}
label{display:flex;flex-direction:column;font-size:.85rem;color:#57606a}
input[aria-invalid=true]{border-color:#cf222e;outline:1px solid #cf222e}.cell-wrap{display:inline-block;white-space:normal;text-align:left;min-width:12rem;max-width:18rem;overflow-wrap:break-word}.field-error{color:#a40e26;font-size:.8rem;max-width:24rem;white-space:normal}
input,select,button{font:inherit;padding:.35rem .5rem;border:1px solid #d0d7de;border-radius:6px;background:#fff}
button{background:#1f6feb;color:#fff;border-color:#1f6feb;cursor:pointer}button.secondary{background:#fff;color:#1f2328;border-color:#d0d7de}
.chart{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:.5rem}.chart svg{width:100%;height:auto;display:block}
.badge{display:inline-block;padding:0 .5rem;border-radius:1rem;font-size:.8rem;font-weight:600;background:#eaeef2}
.wrap{white-space:normal}.critical,.bad,.firing,.failed{background:#ffebe9;color:#a40e26}.warning,.pending{background:#fff8c5;color:#7d4e00}
.ok,.resolved,.delivered,.met{background:#dafbe1;color:#116329}.muted{color:#57606a}
ol.timeline{list-style:none;padding:0;margin:0;background:#fff;border:1px solid #d0d7de;border-radius:6px}
ol.timeline li{padding:.4rem .75rem;border-bottom:1px solid #d0d7de}.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0}
@media (max-width:40rem){main{padding:.5rem}h1{font-size:1.25rem}}
`;

export interface PageOptions {
  /** The navigation entry of this page (`/reports`), marked as current. */
  readonly section?: string;
}

export function layout(title: string, body: string, options: PageOptions = {}): string {
  const nav = NAV.map(
    ([href, text]) =>
      `<a href="${href}"${href === options.section ? ' aria-current="page"' : ''}>${escapeHtml(text)}</a>`,
  ).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)} · forewarn</title><style>${STYLE}</style></head>
<body><a class="skip" href="#main">Skip to content</a>
<header><strong>forewarn</strong><nav aria-label="Main">${nav}</nav></header>
<main id="main">${body}</main></body></html>`;
}

/** A table with a caption-less header row; cells are HTML already escaped by the caller. */
export function htmlTable(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  attributes = '',
  empty = 'Nothing in this period.',
): string {
  if (rows.length === 0) {
    return `<p class="muted">${escapeHtml(empty)}</p>`;
  }
  const head = header.map((title) => `<th scope="col">${escapeHtml(title)}</th>`).join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${row.map((cell, index) => (index === 0 ? `<th scope="row">${cell}</th>` : `<td>${cell}</td>`)).join('')}</tr>`,
    )
    .join('\n');
  return `<div class="scroll"><table${attributes === '' ? '' : ` ${attributes}`}><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** A filter's drop-down: `all` (empty) and the options, with `chosen` selected. */
export function select(
  name: string,
  label: string,
  options: readonly string[],
  chosen: string | undefined,
): string {
  const items = ['', ...options]
    .map(
      (option) =>
        `<option value="${escapeHtml(option)}"${option === (chosen ?? '') ? ' selected' : ''}>${escapeHtml(option === '' ? 'all' : option)}</option>`,
    )
    .join('');
  return `<label>${escapeHtml(label)}<select name="${name}">${items}</select></label>`;
}

/** A number tile: `value` (text, escaped here) with its label; `id` is the value's `data-testid`. */
export function tile(id: string, label: string, value: string): string {
  return `<div class="tile"><div class="value" data-testid="${id}">${escapeHtml(value)}</div><div class="label">${escapeHtml(label)}</div></div>`;
}

export { escapeHtml };
