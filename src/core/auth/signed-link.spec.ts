import { createHmac } from 'node:crypto';
import { LinkClaims, signLink, verifyLink } from './signed-link';

const SECRET = 'link-secret';
const EXPIRES_MS = Date.UTC(2024, 5, 1, 12, 0, 0);
const CLAIMS: LinkClaims = { action: 'ack', subjectId: 'alert-42', expiresMs: EXPIRES_MS };
const BEFORE_EXPIRY = EXPIRES_MS - 3_600_000;

const b64 = (text: string): string => Buffer.from(text).toString('base64url');

/** The token format written out independently of the code under test. */
function handMadeToken(secret: string, claimsJson: string): string {
  const body = b64(claimsJson);
  const mac = createHmac('sha256', secret).update(`forewarn-link.v1.${body}`).digest('base64url');
  return `${body}.${mac}`;
}

describe(signLink.name, () => {
  it('writes base64url JSON claims and an HMAC over them', () => {
    const token = signLink(SECRET, CLAIMS);
    expect(token).toBe(handMadeToken(SECRET, `{"a":"ack","s":"alert-42","e":${EXPIRES_MS}}`));
  });

  it('is safe in a URL without escaping', () => {
    const token = signLink(SECRET, { ...CLAIMS, subjectId: 'ünïcode/+?&= id' });
    expect(encodeURIComponent(token)).toBe(token);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  });
});

describe(verifyLink.name, () => {
  const token = signLink(SECRET, CLAIMS);

  it('returns the claims of a link it signed', () => {
    const claims = { ...CLAIMS, subjectId: 'ünïcode/+?&= id' };
    expect(verifyLink(SECRET, signLink(SECRET, claims), BEFORE_EXPIRY)).toEqual({ ok: true, claims });
  });

  it.each([
    ['an hour before expiry', BEFORE_EXPIRY, 'ok'],
    ['1 ms before expiry', EXPIRES_MS - 1, 'ok'],
    ['at expiry', EXPIRES_MS, 'expired'],
    ['a day after expiry', EXPIRES_MS + 86_400_000, 'expired'],
  ])('%s: %s', (_case, nowMs, outcome) => {
    const result = verifyLink(SECRET, token, nowMs);
    expect(result).toEqual(
      outcome === 'ok' ? { ok: true, claims: CLAIMS } : { ok: false, reason: 'expired' },
    );
  });

  const [body = '', signature = ''] = token.split('.');
  const flipLowBits = (char: string): string => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    return alphabet[alphabet.indexOf(char) ^ 1] ?? char;
  };

  it.each([
    ['the wrong secret', 'other-secret', token],
    ['no configured secret', '', handMadeToken('', `{"a":"ack","s":"alert-42","e":${EXPIRES_MS}}`)],
    [
      'another subject under the old signature',
      SECRET,
      `${b64(`{"a":"ack","s":"alert-43","e":${EXPIRES_MS}}`)}.${signature}`,
    ],
    [
      'a later expiry under the old signature',
      SECRET,
      `${b64(`{"a":"ack","s":"alert-42","e":${EXPIRES_MS * 2}}`)}.${signature}`,
    ],
    [
      'a changed signature character',
      SECRET,
      `${body}.${signature.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`,
    ],
    [
      'another spelling of the same signature bytes',
      SECRET,
      `${body}.${signature.slice(0, -1)}${flipLowBits(signature.slice(-1))}`,
    ],
  ])('refuses %s as bad-signature', (_case, secret, received) => {
    expect(verifyLink(secret, received, BEFORE_EXPIRY)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('says bad-signature rather than expired for a forged expired link', () => {
    expect(verifyLink('other-secret', token, EXPIRES_MS + 1)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it.each([
    ['an empty token', ''],
    ['one part', body],
    ['three parts', `${token}.x`],
    ['a short signature', `${body}.${signature.slice(1)}`],
    ['padding', `${token}=`],
    ['standard base64 characters', `${body.replace(/./, '+')}.${signature}`],
    ['surrounding space', ` ${token}`],
  ])('refuses %s as malformed', (_case, received) => {
    expect(verifyLink(SECRET, received, BEFORE_EXPIRY)).toEqual({ ok: false, reason: 'malformed' });
  });

  it.each([
    ['not JSON', 'ack alert-42'],
    ['no subject', `{"a":"ack","e":${EXPIRES_MS}}`],
    ['an empty action', `{"a":"","s":"alert-42","e":${EXPIRES_MS}}`],
    ['a fractional expiry', `{"a":"ack","s":"alert-42","e":1.5}`],
    ['an expiry as text', `{"a":"ack","s":"alert-42","e":"${EXPIRES_MS}"}`],
    ['an unknown claim', `{"a":"ack","s":"alert-42","e":${EXPIRES_MS},"admin":true}`],
  ])('refuses correctly signed claims with %s as malformed', (_case, claimsJson) => {
    expect(verifyLink(SECRET, handMadeToken(SECRET, claimsJson), BEFORE_EXPIRY)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});
