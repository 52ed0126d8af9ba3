import { StormSummary, StormSummaryIncident } from '../dispatch/storm-summary';
import { formatElapsed, truncate } from './notification-format';
import {
  RESOLVED_EMOJI,
  SlackMessage,
  emojiOfSeverity,
  escapeSlackText,
  mrkdwnSection,
} from './slack-alert-message';

/** Incidents listed in a summary; the rest are counted. Keeps the list inside one section (3,000 characters). */
export const SUMMARY_LISTED_MAX = 20;
const TITLE_MAX = 80;

/** `37 incidents opened, 2 resolved in the last 2m`. */
export function stormSummaryHeadline(summary: StormSummary, nowMs: number): string {
  const opened = summary.incidents.filter((incident) => incident.status === 'firing').length;
  const resolved = summary.incidents.length - opened;
  const counts = [
    opened === 0 ? undefined : `${opened} incident${opened === 1 ? '' : 's'} opened`,
    resolved === 0
      ? undefined
      : `${resolved} ${opened === 0 ? `incident${resolved === 1 ? '' : 's'} ` : ''}resolved`,
  ].filter((part): part is string => part !== undefined);
  return `${counts.join(', ')} in the last ${formatElapsed(Math.max(1000, nowMs - summary.sinceMs))}`;
}

/** One Slack message for a storm: the headline, then one line per incident with a link to its page. */
export function buildSlackStormSummary(summary: StormSummary, nowMs: number): SlackMessage {
  const headline = stormSummaryHeadline(summary, nowMs);
  const lines = summary.incidents.slice(0, SUMMARY_LISTED_MAX).map(incidentLine);
  const rest = summary.incidents.length - SUMMARY_LISTED_MAX;
  return {
    text: escapeSlackText(headline),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `:rotating_light: ${headline}`, emoji: true } },
      mrkdwnSection([...lines, ...(rest > 0 ? [`… and ${rest} more`] : [])].join('\n')),
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'Sent as one message: too many new incidents were waiting for this channel to post each on its own.',
          },
        ],
      },
    ],
  };
}

function incidentLine(incident: StormSummaryIncident): string {
  const emoji = incident.status === 'resolved' ? RESOLVED_EMOJI : emojiOfSeverity(incident.severity);
  const title = escapeSlackText(truncate(incident.title, TITLE_MAX)).replace(/\|/g, '¦');
  const state =
    incident.status === 'resolved'
      ? 'resolved'
      : `${incident.alerts} alert${incident.alerts === 1 ? '' : 's'}`;
  return `${emoji} <${incident.incidentUrl}|${title}> · ${state}`;
}
