import { formatMatchers } from '../routing/label-matchers';
import { Silence, SilenceState, silenceState } from '../routing/silence';
import {
  EMPTY_SILENCE_FORM,
  SilenceFormErrors,
  SilenceFormField,
  SilenceFormValues,
} from '../silences/silence-form';
import { escapeHtml, htmlTable, layout } from './layout';

/**
 * `/silences`: active, pending and recently expired silences with what each mutes, a form to create one and an
 * Expire button on each that can still mute. Both are form posts that need an admin token; the SameSite=Strict
 * sign-in cookie keeps other sites from sending them (as the incident page's Acknowledge button).
 */
export interface SilenceRow extends Silence {
  readonly createdAtMs: number;
  /** Firing alerts it mutes now. */
  readonly alertsMuted: number;
  /** Notifications it has held back so far. */
  readonly notificationsMuted: number;
}

export interface SilencesPageInput {
  /** Silences not over yet, and the most recently ended ones. */
  readonly silences: readonly SilenceRow[];
  /** How many silences have ended in all (`silences` holds the latest of them). */
  readonly expiredTotal: number;
  readonly nowMs: number;
  /** The signed-in token, the author of new silences. */
  readonly author: string;
  readonly form?: SilenceFormValues;
  readonly errors?: SilenceFormErrors;
  /** The silence just created or expired, highlighted. */
  readonly changedId?: string;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const time = (ms: number) => `<time datetime="${iso(ms)}">${escapeHtml(iso(ms).replace('T', ' '))}</time>`;

const LABELS: Readonly<Record<SilenceFormField, string>> = {
  matchers: 'Matchers',
  startsAt: 'Starts (empty: now)',
  duration: 'Duration',
  comment: 'Comment',
};
const HINTS: Readonly<Record<SilenceFormField, string>> = {
  matchers: 'service="checkout",severity=~"warn.*"',
  startsAt: '2026-12-08T18:00:00Z',
  duration: '2h',
  comment: 'why, and a ticket',
};

function field(
  name: SilenceFormField,
  values: SilenceFormValues,
  errors: SilenceFormErrors | undefined,
): string {
  const problems = errors?.fields[name] ?? [];
  const errorId = `${name}-error`;
  const invalid = problems.length > 0 ? ` aria-invalid="true" aria-describedby="${errorId}"` : '';
  const required = name === 'startsAt' ? '' : ' required';
  const size = name === 'matchers' || name === 'comment' ? 36 : 14;
  return `<label>${escapeHtml(LABELS[name])}<input name="${name}" value="${escapeHtml(values[name])}" placeholder="${escapeHtml(HINTS[name])}" size="${size}"${required}${invalid}>${
    problems.length === 0
      ? ''
      : `<span class="field-error" id="${errorId}" data-testid="${errorId}">${problems.map(escapeHtml).join('; ')}</span>`
  }</label>`;
}

function createForm(input: SilencesPageInput): string {
  const values = input.form ?? EMPTY_SILENCE_FORM;
  const general = input.errors?.general ?? [];
  const refused =
    input.errors === undefined
      ? ''
      : `<p role="alert" class="badge bad" data-testid="form-error">The silence was not created; fix the fields marked below.${
          general.length === 0 ? '' : ` ${general.map(escapeHtml).join('; ')}`
        }</p>`;
  return `<h2>New silence</h2>
${refused}
<form class="filters" method="post" action="/silences" aria-label="New silence" data-testid="silence-form">
${field('matchers', values, input.errors)}
${field('startsAt', values, input.errors)}
${field('duration', values, input.errors)}
${field('comment', values, input.errors)}
<button type="submit">Create silence</button>
</form>
<p class="muted">Created by <strong>${escapeHtml(input.author)}</strong> (the signed-in token; creating and expiring need the
<code>admin</code> scope). Matchers use Alertmanager's syntax; the same checks as <code>POST /api/v1/silences</code> apply.</p>`;
}

function table(rows: readonly SilenceRow[], state: SilenceState, input: SilencesPageInput): string {
  return htmlTable(
    ['matchers', 'starts', 'ends', 'created by', 'comment', 'alerts muted now', 'notifications muted', ''],
    rows.map((silence) => [
      `<code>${escapeHtml(formatMatchers(silence.matchers))}</code>${silence.id === input.changedId ? ' <span class="badge ok">just changed</span>' : ''}`,
      time(silence.startsAt),
      time(silence.endsAt),
      escapeHtml(silence.createdBy),
      escapeHtml(silence.comment),
      `<span data-testid="alerts-muted">${silence.alertsMuted}</span>`,
      String(silence.notificationsMuted),
      state === 'expired'
        ? ''
        : `<form method="post" action="/silences/${encodeURIComponent(silence.id)}/expire"><button type="submit" class="secondary" aria-label="Expire silence ${escapeHtml(formatMatchers(silence.matchers))}">Expire</button></form>`,
    ]),
    `data-testid="${state}-silences"`,
    `No ${state} silences.`,
  );
}

export function silencesPage(input: SilencesPageInput): string {
  const by = (state: SilenceState) =>
    input.silences.filter((silence) => silenceState(silence, input.nowMs) === state);
  const expired = by('expired');
  const body = `<h1>Silences</h1>
<p class="muted">A silence mutes notifications of every alert all its matchers accept, from its start to its end;
the alert goes on firing, and shows in the <a href="/alerts?state=silenced">alert history</a>. Also in the API:
<code>GET /api/v1/silences</code>.</p>
${createForm(input)}
<h2>Active</h2>
${table(by('active'), 'active', input)}
<h2>Pending</h2>
${table(by('pending'), 'pending', input)}
<h2>Expired</h2>
<p class="muted" data-testid="expired-count">Showing ${expired.length} of ${input.expiredTotal} expired, the most recently ended first.</p>
${table(expired, 'expired', input)}`;
  return layout('Silences', body, { section: '/silences' });
}
