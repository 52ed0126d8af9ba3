/**
 * Signed, expiring tokens for links in mail, such as "Acknowledge": whoever holds the link may do that one action on
 * that one subject until it expires, without logging in. Nothing is stored; the token carries its own claims.
 * Format: `base64url(JSON claims) "." base64url(HMAC-SHA256)`, safe in a URL path or query without escaping.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export interface LinkClaims {
  /** What the link does, e.g. `ack`. A token for one action is refused by another's handler. */
  readonly action: string;
  /** What it acts on, e.g. an alert id. */
  readonly subjectId: string;
  /** Epoch ms after which the link no longer works. */
  readonly expiresMs: number;
}

export type LinkCheck =
  | { readonly ok: true; readonly claims: LinkClaims }
  | { readonly ok: false; readonly reason: 'malformed' | 'bad-signature' | 'expired' };

/** Keeps these MACs apart from any other use of the same secret: no other signer produces this prefix. */
const DOMAIN = 'forewarn-link.v1.';

/** Claims, then the 32 bytes of HMAC-SHA256 as 43 unpadded base64url characters. */
const TOKEN_SHAPE = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/;

const claimsSchema = z.strictObject({
  a: z.string().min(1),
  s: z.string().min(1),
  e: z.number().int(),
});

/** A token granting `claims.action` on `claims.subjectId` until `claims.expiresMs`. */
export function signLink(secret: string, claims: LinkClaims): string {
  const compact: z.infer<typeof claimsSchema> = {
    a: claims.action,
    s: claims.subjectId,
    e: claims.expiresMs,
  };
  const body = Buffer.from(JSON.stringify(compact)).toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

/**
 * Checks a token. The signature is checked before the claims are read, so `expired` is only ever said of a link
 * forewarn issued. Never throws.
 */
export function verifyLink(secret: string, token: string, nowMs: number): LinkCheck {
  const match = TOKEN_SHAPE.exec(token);
  if (match === null) {
    return { ok: false, reason: 'malformed' };
  }
  const [, body = '', signature = ''] = match;
  // TOKEN_SHAPE fixed the length, as timingSafeEqual needs. Comparing the text rather than the decoded bytes also
  // refuses the other spellings of the same bytes that base64url's spare bits allow.
  const expected = Buffer.from(mac(secret, body));
  if (secret === '' || !timingSafeEqual(Buffer.from(signature), expected)) {
    return { ok: false, reason: 'bad-signature' };
  }
  const claims = readClaims(body);
  if (claims === undefined) {
    return { ok: false, reason: 'malformed' };
  }
  return nowMs >= claims.expiresMs ? { ok: false, reason: 'expired' } : { ok: true, claims };
}

function readClaims(body: string): LinkClaims | undefined {
  try {
    const parsed = claimsSchema.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    return parsed.success
      ? { action: parsed.data.a, subjectId: parsed.data.s, expiresMs: parsed.data.e }
      : undefined;
  } catch {
    return undefined;
  }
}

function mac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(DOMAIN).update(body).digest('base64url');
}
