import { generateApiToken, grants, hashApiToken } from './api-token';

describe('api tokens', () => {
  it('generates distinct prefixed tokens and hashes them stably', () => {
    const a = generateApiToken();
    const b = generateApiToken();
    expect(a).toMatch(/^fw_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(hashApiToken(a)).toBe(hashApiToken(a));
    expect(hashApiToken(a)).not.toBe(hashApiToken(b));
    expect(hashApiToken(a)).not.toContain(a);
  });

  it.each([
    [['ingest'], 'ingest', true],
    [['read'], 'ingest', false],
    [['admin'], 'ingest', true],
    [['ingest', 'read'], 'read', true],
  ] as const)('scopes %j grant %s: %s', (scopes, needed, expected) => {
    expect(grants(scopes, needed)).toBe(expected);
  });
});
