import { IncidentNotification } from '../dispatch/incident-notification';
import { EmailAlertMessage, buildEmailAlertMessage } from './email-alert-message';
import { incidentAlertLines, incidentChange, incidentSubject } from './incident-lines';

/**
 * The mail of one incident notification. Every mail of an incident threads under its first one: the first has
 * Message-ID `<incident-{id}@domain>`, later ones reply to it. Ids are stable, so a resent mail is recognisably the same.
 */
export function buildEmailIncidentMessage(n: IncidentNotification, domain: string): EmailAlertMessage {
  const [first] = n.alerts;
  if (first === undefined) {
    throw new Error(`incident ${n.incidentId} notification has no alerts`);
  }
  const change = incidentChange(n);
  const grouped = n.alerts.length > 1;
  const mail = buildEmailAlertMessage(
    { ...first, incidentId: n.incidentId },
    {
      domain,
      ...(grouped ? { subject: incidentSubject(n) } : {}),
      leadingFacts: [
        ...(grouped ? [{ name: 'Alerts', value: incidentAlertLines(n).join('\n') }] : []),
        ...(change !== undefined && n.sequence > 0 ? [{ name: 'Changed', value: change }] : []),
        { name: 'Incident', value: n.incidentUrl },
      ],
    },
  );
  const root = incidentMessageId(n.incidentId, 0, domain);
  if (n.sequence === 0) {
    return { ...mail, messageId: root, inReplyTo: undefined, references: undefined };
  }
  return {
    ...mail,
    messageId: incidentMessageId(n.incidentId, n.sequence, domain),
    inReplyTo: root,
    references: [root],
  };
}

/** `<incident-{id}@domain>` for the first mail of an incident, `<incident-{id}-{n}@domain>` for the n-th after it. */
export function incidentMessageId(incidentId: string, sequence: number, domain: string): string {
  const right = domain.replace(/[^A-Za-z0-9.-]/g, '_');
  return `<incident-${incidentId}${sequence === 0 ? '' : `-${sequence}`}@${right}>`;
}
