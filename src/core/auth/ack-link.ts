import { LinkCheck, signLink, verifyLink } from './signed-link';

/** Acknowledge links in emails work for a day: long enough for an on-call shift, short enough to go stale. */
export const ACK_LINK_TTL_MS = 24 * 3_600_000;
const ACTION = 'ack';

/** `PUBLIC_URL/ack/<token>`: a signed link that acknowledges one alert until it expires. */
export function ackUrl(publicUrl: string, secret: string, alertId: string, nowMs: number): string {
  const token = signLink(secret, { action: ACTION, subjectId: alertId, expiresMs: nowMs + ACK_LINK_TTL_MS });
  return new URL(`/ack/${token}`, publicUrl).toString();
}

/** The alert id an acknowledge token is for, or why it cannot be used. */
export function verifyAckToken(
  secret: string,
  token: string,
  nowMs: number,
): { ok: true; alertId: string } | { ok: false; reason: string } {
  const check: LinkCheck = verifyLink(secret, token, nowMs);
  if (!check.ok) {
    return { ok: false, reason: check.reason };
  }
  return check.claims.action === ACTION
    ? { ok: true, alertId: check.claims.subjectId }
    : { ok: false, reason: 'not an acknowledge link' };
}
