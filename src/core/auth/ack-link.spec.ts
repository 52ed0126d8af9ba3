import { ACK_LINK_TTL_MS, ackUrl, verifyAckToken } from './ack-link';
import { signLink } from './signed-link';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const ID = '3f1c2a9e-5b7d-4c1e-9a2b-0d4e6f8a1b2c';

describe('acknowledge links', () => {
  const token = (url: string) => url.split('/ack/')[1] ?? '';

  it('carry the alert id and work until they expire', () => {
    const url = ackUrl('https://forewarn.example.com', 's3cret', ID, NOW);
    expect(url).toMatch(/^https:\/\/forewarn\.example\.com\/ack\/[A-Za-z0-9_.-]+$/);
    expect(verifyAckToken('s3cret', token(url), NOW + ACK_LINK_TTL_MS - 1)).toEqual({
      ok: true,
      alertId: ID,
    });
    expect(verifyAckToken('s3cret', token(url), NOW + ACK_LINK_TTL_MS)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuse another secret and tokens signed for another action', () => {
    const url = ackUrl('https://forewarn.example.com', 's3cret', ID, NOW);
    expect(verifyAckToken('other', token(url), NOW)).toEqual({ ok: false, reason: 'bad-signature' });
    const silence = signLink('s3cret', { action: 'silence', subjectId: ID, expiresMs: NOW + 1000 });
    expect(verifyAckToken('s3cret', silence, NOW)).toEqual({ ok: false, reason: 'not an acknowledge link' });
  });
});
