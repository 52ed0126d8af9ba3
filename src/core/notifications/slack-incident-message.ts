import { IncidentNotification } from '../dispatch/incident-notification';
import { formatElapsed } from './notification-format';
import { incidentAlertLines, incidentChange, incidentSubject } from './incident-lines';
import {
  RESOLVED_EMOJI,
  SlackBlock,
  SlackMessage,
  actionsBlock,
  buildSlackAlertMessage,
  buildSlackThreadReply,
  escapeSlackText,
  linkedContextBlocks,
  mrkdwnSection,
  severityEmoji,
} from './slack-alert-message';

/**
 * The one Slack message of an incident, updated in place on every change. An incident of one alert is shown as that
 * alert; a larger one lists its alerts, with the linked context of the first. Buttons act on the incident.
 */
export function buildSlackIncidentMessage(n: IncidentNotification): SlackMessage {
  const [first] = n.alerts;
  if (first === undefined) {
    throw new Error(`incident ${n.incidentId} notification has no alerts`);
  }
  const lead = { ...first, incidentId: n.incidentId };
  if (n.alerts.length === 1) {
    return buildSlackAlertMessage(lead);
  }
  const resolved = n.status === 'resolved';
  const subject = incidentSubject(n);
  const emoji = resolved ? RESOLVED_EMOJI : severityEmoji(lead);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `${emoji} ${subject}`.slice(0, 150), emoji: true } },
    mrkdwnSection(
      incidentAlertLines(n)
        .map((line) => `• ${escapeSlackText(line)}`)
        .join('\n'),
    ),
  ];
  if (!resolved) {
    blocks.push(...linkedContextBlocks(lead), actionsBlock({ ...lead, alertUrl: n.incidentUrl }));
  }
  return { text: escapeSlackText(subject), blocks };
}

/** The thread reply for a later notification of the incident: what changed, or that it still fires. */
export function buildSlackIncidentReply(n: IncidentNotification, nowMs: number): SlackMessage {
  const [first] = n.alerts;
  if (n.alerts.length === 1 && first !== undefined) {
    return buildSlackThreadReply(first);
  }
  const change = incidentChange(n);
  const text =
    n.status === 'resolved'
      ? `All ${n.alerts.length} alerts resolved after ${formatElapsed((n.resolvedAtMs ?? nowMs) - n.startedAtMs)}.`
      : change !== undefined
        ? `${change}. ${incidentSubject(n)}.`
        : `Still firing after ${formatElapsed(nowMs - n.startedAtMs)}: ${incidentSubject(n)}.`;
  const escaped = escapeSlackText(text);
  return { text: escaped, blocks: [mrkdwnSection(escaped)] };
}
