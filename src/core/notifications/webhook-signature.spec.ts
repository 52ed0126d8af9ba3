import { createHmac } from 'node:crypto';
import { signWebhookBody, verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from './webhook-signature';

const SECRET = 'whsec_test';
const BODY = '{"version":"4","status":"firing"}\n';
const SENT_MS = Date.UTC(2024, 2, 1, 12, 0, 0, 750);
const SENT_S = '1709294400';

/** What a receiver in any language computes, written without the code under test. */
function hmacHex(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message).digest('hex');
}

describe(signWebhookBody.name, () => {
  it('signs "<unix seconds>.<body>" and writes t and v1', () => {
    expect(signWebhookBody(SECRET, BODY, SENT_MS)).toBe(
      `t=${SENT_S},v1=${hmacHex(SECRET, `${SENT_S}.${BODY}`)}`,
    );
  });

  it('signs a Buffer body like the same string', () => {
    expect(signWebhookBody(SECRET, Buffer.from(BODY), SENT_MS)).toBe(signWebhookBody(SECRET, BODY, SENT_MS));
  });

  it('names the header it is sent in', () => {
    expect(WEBHOOK_SIGNATURE_HEADER).toBe('X-Forewarn-Signature');
  });
});

describe(verifyWebhookSignature.name, () => {
  const header = signWebhookBody(SECRET, BODY, SENT_MS);

  it('accepts its own signature', () => {
    expect(verifyWebhookSignature(SECRET, header, BODY, SENT_MS)).toEqual({ ok: true });
  });

  it.each([
    ['received 4 min 59 s later', 299_000, true],
    ['received 5 min later', 300_000, true],
    ['received 5 min 1 s later', 301_000, false],
    ['received 5 min early (clock skew)', -300_000, true],
    ['received 6 min early', -360_000, false],
  ])('%s: accepted %s', (_case, delayMs, accepted) => {
    // The header carries whole seconds, so measure from the second it names.
    const result = verifyWebhookSignature(SECRET, header, BODY, Number(SENT_S) * 1_000 + delayMs);
    expect(result).toEqual(accepted ? { ok: true } : { ok: false, reason: 'stale-timestamp' });
  });

  it('takes a custom tolerance', () => {
    const tenSecondsLater = Number(SENT_S) * 1_000 + 10_000;
    expect(verifyWebhookSignature(SECRET, header, BODY, tenSecondsLater, 5_000)).toEqual({
      ok: false,
      reason: 'stale-timestamp',
    });
  });

  it.each([
    ['the wrong secret', 'other', header, BODY],
    ['a changed body', SECRET, header, BODY.replace('firing', 'resolved')],
    ['a changed time', SECRET, header.replace(`t=${SENT_S}`, `t=${Number(SENT_S) + 1}`), BODY],
    ['a truncated signature', SECRET, header.slice(0, -1), BODY],
    ['an empty signature', SECRET, `t=${SENT_S},v1=`, BODY],
    ['no configured secret', '', `t=${SENT_S},v1=${hmacHex('', `${SENT_S}.${BODY}`)}`, BODY],
  ])('refuses %s as bad-signature', (_case, secret, received, body) => {
    expect(verifyWebhookSignature(secret, received, body, SENT_MS)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('accepts any matching v1, so senders can rotate secrets, and ignores unknown keys', () => {
    const v1 = hmacHex(SECRET, `${SENT_S}.${BODY}`);
    const rotating = `t=${SENT_S}, v1=${hmacHex('old-secret', `${SENT_S}.${BODY}`)}, v1=${v1}, v2=future`;
    expect(verifyWebhookSignature(SECRET, rotating, BODY, SENT_MS)).toEqual({ ok: true });
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['no time', `v1=${'0'.repeat(64)}`],
    ['no v1', `t=${SENT_S}`],
    ['a fractional time', `t=${SENT_S}.5,v1=${'0'.repeat(64)}`],
    ['two times', `t=${SENT_S},t=${SENT_S},v1=${'0'.repeat(64)}`],
    ['a part without =', `t=${SENT_S},v1`],
    ['a bare hex signature', 'abcdef'],
  ])('refuses %s as malformed', (_case, received) => {
    expect(verifyWebhookSignature(SECRET, received, BODY, SENT_MS)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});
