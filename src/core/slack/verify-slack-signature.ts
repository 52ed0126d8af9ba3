/**
 * Slack's v0 request signing (https://docs.slack.dev/authentication/verifying-requests-from-slack):
 * `X-Slack-Signature` is `v0=` + hex HMAC-SHA256 of `v0:{X-Slack-Request-Timestamp}:{raw body}` keyed by the app's
 * signing secret. The timestamp window stops a captured request from being replayed later.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's replay window: a request signed more than 5 minutes before or after now is refused. */
export const SLACK_REPLAY_WINDOW_MS = 5 * 60_000;

const VERSION = 'v0';

export interface SlackSignedRequest {
  /** The `X-Slack-Request-Timestamp` header: unix seconds. */
  readonly timestamp: string | undefined;
  /** The `X-Slack-Signature` header: `v0=<64 hex digits>`. */
  readonly signature: string | undefined;
  /** The body exactly as received. Parsing and re-encoding it would change the signed bytes. */
  readonly rawBody: string | Buffer;
}

/**
 * Why a request was refused, for logs; the HTTP answer is the same for all three.
 * `missing-headers` also covers a timestamp that is not whole seconds, since there is no time to check.
 */
export type SlackSignatureFailure = 'missing-headers' | 'stale-timestamp' | 'bad-signature';

export type SlackSignatureCheck =
  { readonly ok: true } | { readonly ok: false; readonly reason: SlackSignatureFailure };

/** Checks a request against Slack's signature. Never throws: every bad input is a refusal with a reason. */
export function verifySlackSignature(
  signingSecret: string,
  request: SlackSignedRequest,
  nowMs: number,
): SlackSignatureCheck {
  const { timestamp, signature, rawBody } = request;
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) {
    return { ok: false, reason: 'missing-headers' };
  }
  if (Math.abs(nowMs - Number(timestamp) * 1_000) > SLACK_REPLAY_WINDOW_MS) {
    return { ok: false, reason: 'stale-timestamp' };
  }
  // An empty key would let anyone compute a valid signature; a missing secret must refuse, not accept.
  if (signingSecret === '') {
    return { ok: false, reason: 'bad-signature' };
  }
  const expected = Buffer.from(`${VERSION}=${slackSignatureHex(signingSecret, timestamp, rawBody)}`);
  const received = Buffer.from(signature);
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
    return { ok: false, reason: 'bad-signature' };
  }
  return { ok: true };
}

function slackSignatureHex(signingSecret: string, timestamp: string, rawBody: string | Buffer): string {
  return createHmac('sha256', signingSecret).update(`${VERSION}:${timestamp}:`).update(rawBody).digest('hex');
}
