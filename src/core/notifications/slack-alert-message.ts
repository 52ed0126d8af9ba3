import { AlertNotification } from '../alerts/alert-notification';
import {
  alertNameOf,
  alertTitle,
  displayedLabels,
  firingDurationMs,
  formatElapsed,
  formatInstant,
  formatValue,
  isLinkableUrl,
  lastValueWithCondition,
  ruleReference,
  serviceOf,
  severityOf,
  truncate,
  changeLines,
  relatedAlertLines,
  sloBudgetLine,
  valueVersusThreshold,
} from './notification-format';

/** The few Block Kit shapes forewarn sends (https://docs.slack.dev/reference/block-kit/blocks). */
export interface SlackPlainText {
  readonly type: 'plain_text';
  readonly text: string;
  readonly emoji?: boolean;
}

/** `verbatim: true` stops Slack from auto-linking and auto-parsing mentions in user text. */
export interface SlackMrkdwn {
  readonly type: 'mrkdwn';
  readonly text: string;
  readonly verbatim?: boolean;
}

export interface SlackHeaderBlock {
  readonly type: 'header';
  readonly text: SlackPlainText;
}

export interface SlackSectionBlock {
  readonly type: 'section';
  readonly text?: SlackMrkdwn;
  readonly fields?: readonly SlackMrkdwn[];
}

export interface SlackContextBlock {
  readonly type: 'context';
  readonly elements: ReadonlyArray<SlackMrkdwn | SlackPlainText>;
}

export interface SlackButton {
  readonly type: 'button';
  readonly text: SlackPlainText;
  /** What `POST /slack/interactions` receives as `action_id` (see `parseSlackInteraction`). */
  readonly action_id: 'ack' | 'silence_1h' | 'open';
  /** The alert id the action applies to. */
  readonly value: string;
  readonly url?: string;
  readonly style?: 'primary' | 'danger';
}

export interface SlackActionsBlock {
  readonly type: 'actions';
  readonly elements: readonly SlackButton[];
}

export type SlackBlock = SlackHeaderBlock | SlackSectionBlock | SlackContextBlock | SlackActionsBlock;

export interface SlackMessage {
  /** Fallback text: shown in notifications and by clients that cannot render blocks. mrkdwn, escaped. */
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

// Block Kit limits (characters).
const HEADER_MAX = 150;
const SECTION_TEXT_MAX = 3000;
const FIELD_MAX = 2000;
const CONTEXT_ELEMENT_MAX = 2000;
const FALLBACK_TEXT_MAX = 4000;

const SEVERITY_EMOJI: Readonly<Record<string, string>> = {
  critical: ':red_circle:',
  warning: ':large_orange_circle:',
  info: ':large_blue_circle:',
};
const UNKNOWN_SEVERITY_EMOJI = ':white_circle:';
export const RESOLVED_EMOJI = ':white_check_mark:';

/**
 * Escapes the three characters Slack's mrkdwn treats as control characters, so user text can't form
 * links or mentions (`<@U123>`, `<!channel>`). https://docs.slack.dev/messaging/formatting-message-text#escaping
 */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The alert as one Slack message. The resolved rendering replaces the firing one (chat.update). */
export function buildSlackAlertMessage(n: AlertNotification): SlackMessage {
  const resolved = n.state === 'resolved';
  const blocks: SlackBlock[] = [headerBlock(n)];
  const summary = n.annotations['summary'];
  if (summary) {
    blocks.push(mrkdwnSection(`*${escapeSlackText(oneLine(summary))}*`));
  }
  blocks.push({ type: 'section', fields: resolved ? resolvedFields(n) : firingFields(n) });
  const description = n.annotations['description'];
  if (description) {
    blocks.push(mrkdwnSection(escapeSlackText(description)));
  }
  if (!resolved) {
    blocks.push(...linkedContextBlocks(n));
  }
  blocks.push(contextBlock(n));
  if (!resolved) {
    blocks.push(actionsBlock(n));
  }
  return { text: fallbackText(n), blocks };
}

/** What changed just before (deploys, with links) and what else fires for the service. */
export function linkedContextBlocks(n: AlertNotification): SlackSectionBlock[] {
  const blocks: SlackSectionBlock[] = [];
  const changes = n.context?.changes ?? [];
  if (changes.length > 0) {
    const lines = changeLines(n).map((line, index) => {
      const url = changes[index]?.url;
      const link = url === undefined ? undefined : slackLink(url, 'details');
      return `• ${escapeSlackText(line)}${link === undefined ? '' : ` ${link}`}`;
    });
    blocks.push(mrkdwnSection(`*Recent changes*\n${lines.join('\n')}`));
  }
  const related = n.context?.relatedAlerts ?? [];
  if (related.length > 0) {
    const lines = relatedAlertLines(n).map((line, index) => {
      const link = slackLink(related[index]?.alertUrl, 'open');
      return `• ${escapeSlackText(line)}${link === undefined ? '' : ` ${link}`}`;
    });
    blocks.push(mrkdwnSection(`*Also firing for this service*\n${lines.join('\n')}`));
  }
  return blocks;
}

/** Acknowledge, Silence 1h (both handled at `POST /slack/interactions`) and Open (a link to the alert page). */
export function actionsBlock(n: AlertNotification): SlackActionsBlock {
  const button = (text: string, action_id: SlackButton['action_id'], extra: Partial<SlackButton> = {}) => ({
    type: 'button' as const,
    text: { type: 'plain_text' as const, text },
    action_id,
    value: n.incidentId ?? n.alertId,
    ...extra,
  });
  return {
    type: 'actions',
    elements: [
      button('Acknowledge', 'ack', { style: 'primary' }),
      button('Silence 1h', 'silence_1h'),
      ...(isLinkableUrl(n.alertUrl) ? [button('Open', 'open', { url: n.alertUrl })] : []),
    ],
  };
}

/** A short message for the alert's thread, e.g. `Resolved after 4m 30s. Last value 0.31.` */
export function buildSlackThreadReply(n: AlertNotification): SlackMessage {
  const text = n.state === 'resolved' ? resolvedReply(n) : firingReply(n);
  const emoji = n.state === 'resolved' ? RESOLVED_EMOJI : severityEmoji(n);
  const escaped = escapeSlackText(text);
  return { text: escaped, blocks: [mrkdwnSection(`${emoji} ${escaped}`)] };
}

function resolvedReply(n: AlertNotification): string {
  const durationMs = firingDurationMs(n);
  const after = durationMs === undefined ? '' : ` after ${formatElapsed(durationMs)}`;
  return `Resolved${after}. Last value ${formatValue(n.value)}.`;
}

function firingReply(n: AlertNotification): string {
  return `Firing since ${formatInstant(n.firedAtMs)}. Value ${valueVersusThreshold(n)}.`;
}

export function severityEmoji(n: AlertNotification): string {
  return emojiOfSeverity(severityOf(n));
}

export function emojiOfSeverity(severity: string | undefined): string {
  return (severity !== undefined ? SEVERITY_EMOJI[severity] : undefined) ?? UNKNOWN_SEVERITY_EMOJI;
}

/** Header blocks are plain text: Slack does not parse links or mentions in them, so no escaping is needed. */
function headerBlock(n: AlertNotification): SlackHeaderBlock {
  const prefix = n.state === 'resolved' ? `${RESOLVED_EMOJI} RESOLVED · ` : `${severityEmoji(n)} `;
  const service = serviceOf(n);
  const title = service === undefined ? alertNameOf(n) : `${alertNameOf(n)} · ${service}`;
  return {
    type: 'header',
    text: { type: 'plain_text', text: truncate(oneLine(prefix + title), HEADER_MAX), emoji: true },
  };
}

function firingFields(n: AlertNotification): SlackMrkdwn[] {
  return compact([
    field('Value', valueVersusThreshold(n)),
    field('Severity', severityOf(n) ?? 'none'),
    field('Since', formatInstant(n.firedAtMs)),
    optionalField('Error budget', sloBudgetLine(n)),
    labelsField(n),
  ]);
}

function resolvedFields(n: AlertNotification): SlackMrkdwn[] {
  const durationMs = firingDurationMs(n);
  return compact([
    field('Last value', lastValueWithCondition(n)),
    field('Severity', severityOf(n) ?? 'none'),
    durationMs === undefined ? undefined : field('Duration', formatElapsed(durationMs)),
    field('Fired', formatInstant(n.firedAtMs)),
    n.resolvedAtMs === undefined ? undefined : field('Resolved', formatInstant(n.resolvedAtMs)),
    labelsField(n),
  ]);
}

function optionalField(title: string, value: string | undefined): SlackMrkdwn | undefined {
  return value === undefined ? undefined : field(title, value);
}

function field(title: string, value: string): SlackMrkdwn {
  return mrkdwn(`*${title}*\n${escapeSlackText(value)}`, FIELD_MAX);
}

function labelsField(n: AlertNotification): SlackMrkdwn | undefined {
  const labels = displayedLabels(n);
  if (labels.length === 0) {
    return undefined;
  }
  // Code spans can't contain backticks; a look-alike keeps the value readable.
  const lines = labels.map(
    ([name, value]) => `\`${escapeSlackText(`${name}=${value}`).replace(/`/g, 'ˋ')}\``,
  );
  return mrkdwn(`*Labels*\n${lines.join('\n')}`, FIELD_MAX);
}

function contextBlock(n: AlertNotification): SlackContextBlock {
  const links = [
    slackLink(n.alertUrl, 'Open alert'),
    slackLink(n.runbookUrl, 'Runbook'),
    slackLink(n.dashboardUrl, 'Dashboard'),
  ].filter((link): link is string => link !== undefined);
  const elements: SlackMrkdwn[] = [];
  if (links.length > 0) {
    elements.push(mrkdwn(links.join('  ·  '), CONTEXT_ELEMENT_MAX));
  }
  elements.push(mrkdwn(`Rule ${escapeSlackText(ruleReference(n))}`, CONTEXT_ELEMENT_MAX));
  return { type: 'context', elements };
}

/** `<url|label>`, or nothing for a missing or non-http(s) URL. `|` and `>` would end the link early. */
function slackLink(url: string | undefined, label: string): string | undefined {
  if (!isLinkableUrl(url) || url.length > CONTEXT_ELEMENT_MAX / 2) {
    return undefined;
  }
  const safeUrl = escapeSlackText(url).replace(/\|/g, '%7C');
  return `<${safeUrl}|${label}>`;
}

function fallbackText(n: AlertNotification): string {
  if (n.state === 'resolved') {
    const durationMs = firingDurationMs(n);
    const after = durationMs === undefined ? '' : ` after ${formatElapsed(durationMs)}`;
    return truncateEscaped(
      `${RESOLVED_EMOJI} [RESOLVED] ${escapeSlackText(alertTitle(n))}${after}`,
      FALLBACK_TEXT_MAX,
    );
  }
  const summary = n.annotations['summary'];
  const suffix = summary ? `: ${oneLine(summary)}` : '';
  return truncateEscaped(
    `${severityEmoji(n)} [FIRING] ${escapeSlackText(alertTitle(n) + suffix)}`,
    FALLBACK_TEXT_MAX,
  );
}

export function mrkdwnSection(text: string): SlackSectionBlock {
  return { type: 'section', text: mrkdwn(text, SECTION_TEXT_MAX) };
}

function mrkdwn(text: string, max: number): SlackMrkdwn {
  return { type: 'mrkdwn', text: truncateEscaped(text, max), verbatim: true };
}

/** Truncates already-escaped text without cutting an `&amp;`-style entity in half. */
function truncateEscaped(text: string, max: number): string {
  if (text.length <= max) {
    return text;
  }
  let cut = text.slice(0, max - 1);
  const ampersand = cut.lastIndexOf('&');
  if (ampersand !== -1 && !cut.slice(ampersand).includes(';')) {
    cut = cut.slice(0, ampersand);
  }
  return `${cut}…`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function compact<T>(items: ReadonlyArray<T | undefined>): T[] {
  return items.filter((item): item is T => item !== undefined);
}
