import { createHmac } from 'node:crypto';
import { SlackSignedRequest, verifySlackSignature } from './verify-slack-signature';

/** The worked example in Slack's "Verifying requests from Slack" documentation. */
const DOC_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const DOC_TIMESTAMP = '1531420618';
const DOC_BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
  '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
  '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
  '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const DOC_SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const DOC_NOW_MS = Number(DOC_TIMESTAMP) * 1_000;

const docRequest: SlackSignedRequest = {
  timestamp: DOC_TIMESTAMP,
  signature: DOC_SIGNATURE,
  rawBody: DOC_BODY,
};

/** Signs independently of the code under test, so the scheme is checked rather than echoed. */
function sign(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

describe(verifySlackSignature.name, () => {
  it("accepts Slack's documented example", () => {
    expect(verifySlackSignature(DOC_SECRET, docRequest, DOC_NOW_MS)).toEqual({ ok: true });
  });

  it('accepts the raw body as a Buffer', () => {
    const request = { ...docRequest, rawBody: Buffer.from(DOC_BODY) };
    expect(verifySlackSignature(DOC_SECRET, request, DOC_NOW_MS)).toEqual({ ok: true });
  });

  it.each([
    ['signed now', 0, true],
    ['signed 299 s ago', 299_000, true],
    ['signed exactly 5 min ago', 300_000, true],
    ['signed 5 min 1 s ago', 301_000, false],
    ['signed an hour ago', 3_600_000, false],
    ['signed exactly 5 min in the future', -300_000, true],
    ['signed 5 min 1 s in the future', -301_000, false],
  ])('%s: accepted %s', (_case, ageMs, accepted) => {
    const result = verifySlackSignature(DOC_SECRET, docRequest, DOC_NOW_MS + ageMs);
    expect(result).toEqual(accepted ? { ok: true } : { ok: false, reason: 'stale-timestamp' });
  });

  it.each<[string, Partial<SlackSignedRequest>]>([
    ['no timestamp', { timestamp: undefined }],
    ['an empty timestamp', { timestamp: '' }],
    ['no signature', { signature: undefined }],
    ['an empty signature', { signature: '' }],
    ['a fractional timestamp', { timestamp: '1531420618.5' }],
    ['a timestamp that is not a number', { timestamp: 'yesterday' }],
    ['a negative timestamp', { timestamp: '-1531420618' }],
  ])('refuses %s as missing-headers', (_case, change) => {
    const result = verifySlackSignature(DOC_SECRET, { ...docRequest, ...change }, DOC_NOW_MS);
    expect(result).toEqual({ ok: false, reason: 'missing-headers' });
  });

  it.each<[string, string, Partial<SlackSignedRequest>]>([
    ['the wrong secret', 'another-secret', {}],
    ['a changed body', DOC_SECRET, { rawBody: DOC_BODY.replace('roadrunner', 'coyote') }],
    ['a changed timestamp', DOC_SECRET, { timestamp: String(Number(DOC_TIMESTAMP) + 1) }],
    ['upper-case hex', DOC_SECRET, { signature: `v0=${DOC_SIGNATURE.slice(3).toUpperCase()}` }],
    ['another version prefix', DOC_SECRET, { signature: DOC_SIGNATURE.replace('v0=', 'v1=') }],
    ['a truncated signature', DOC_SECRET, { signature: DOC_SIGNATURE.slice(0, -2) }],
    ['a signature with trailing text', DOC_SECRET, { signature: `${DOC_SIGNATURE}00` }],
    ['bare hex without the prefix', DOC_SECRET, { signature: DOC_SIGNATURE.slice(3) }],
    ['multi-byte characters of the same length', DOC_SECRET, { signature: DOC_SIGNATURE.replace(/.$/, 'é') }],
  ])('refuses %s as bad-signature', (_case, secret, change) => {
    const result = verifySlackSignature(secret, { ...docRequest, ...change }, DOC_NOW_MS);
    expect(result).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses everything when no signing secret is configured, even a request signed with an empty key', () => {
    const request = { ...docRequest, signature: sign('', DOC_TIMESTAMP, DOC_BODY) };
    expect(verifySlackSignature('', request, DOC_NOW_MS)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('checks the timestamp before the signature, so a replayed genuine request is reported as stale', () => {
    const tenMinutesLater = DOC_NOW_MS + 600_000;
    expect(verifySlackSignature(DOC_SECRET, docRequest, tenMinutesLater)).toEqual({
      ok: false,
      reason: 'stale-timestamp',
    });
  });

  it('accepts a fresh request signed with another secret by the same scheme', () => {
    const timestamp = '1700000000';
    const body = 'payload=%7B%7D';
    const request = { timestamp, signature: sign('s3cret', timestamp, body), rawBody: body };
    expect(verifySlackSignature('s3cret', request, 1_700_000_012_345)).toEqual({ ok: true });
  });
});
