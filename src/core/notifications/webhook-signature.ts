/**
 * Signing of webhook bodies, so a receiver can tell forewarn's requests from forged or replayed ones.
 * forewarn sends the header `X-Forewarn-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed by
 * the receiver's shared secret. The same scheme as Stripe's: binding the time into the MAC lets a receiver refuse old
 * requests without storing any. Receivers verify with `verifyWebhookSignature` or the same few lines in any language.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_SIGNATURE_HEADER = 'X-Forewarn-Signature';

/** How far the signing time may be from the receiver's clock by default. */
export const WEBHOOK_SIGNATURE_TOLERANCE_MS = 5 * 60_000;

export type WebhookSignatureFailure = 'malformed' | 'stale-timestamp' | 'bad-signature';

export type WebhookSignatureCheck =
  { readonly ok: true } | { readonly ok: false; readonly reason: WebhookSignatureFailure };

/** The value of the `X-Forewarn-Signature` header for a body sent at `timestampMs`. */
export function signWebhookBody(secret: string, body: string | Buffer, timestampMs: number): string {
  const t = String(Math.floor(timestampMs / 1_000));
  return `t=${t},v1=${signatureHex(secret, t, body)}`;
}

/**
 * Checks a received `X-Forewarn-Signature` header against the raw body. Never throws.
 * Any `v1` entry may match, so a sender can sign with an old and a new secret while rotating; other keys are ignored.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  body: string | Buffer,
  nowMs: number,
  toleranceMs = WEBHOOK_SIGNATURE_TOLERANCE_MS,
): WebhookSignatureCheck {
  const parsed = parseHeader(header ?? '');
  if (parsed === undefined) {
    return { ok: false, reason: 'malformed' };
  }
  if (Math.abs(nowMs - Number(parsed.t) * 1_000) > toleranceMs) {
    return { ok: false, reason: 'stale-timestamp' };
  }
  if (secret === '') {
    return { ok: false, reason: 'bad-signature' };
  }
  const expected = Buffer.from(signatureHex(secret, parsed.t, body));
  const matches = parsed.v1.some((candidate) => {
    const received = Buffer.from(candidate);
    return received.length === expected.length && timingSafeEqual(received, expected);
  });
  return matches ? { ok: true } : { ok: false, reason: 'bad-signature' };
}

/** `t=…,v1=…[,v1=…]`: one whole-seconds `t` and at least one `v1`, or undefined. */
function parseHeader(header: string): { t: string; v1: string[] } | undefined {
  let t: string | undefined;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator < 0) {
      return undefined;
    }
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === 't') {
      if (t !== undefined || !/^\d+$/.test(value)) {
        return undefined;
      }
      t = value;
    } else if (key === 'v1') {
      v1.push(value);
    }
  }
  return t === undefined || v1.length === 0 ? undefined : { t, v1 };
}

function signatureHex(secret: string, t: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
}
