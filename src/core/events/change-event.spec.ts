import { parseChangeEvent } from './change-event';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

describe('parseChangeEvent', () => {
  it('takes a deploy with its time, or stamps it with now', () => {
    expect(
      parseChangeEvent(
        {
          service: 'checkout',
          version: 'v1.4.2',
          commit: 'abc123',
          url: 'https://ci.example.com/1',
          author: 'ana',
          at: '2026-11-26T11:50:00Z',
        },
        NOW,
      ),
    ).toEqual({
      ok: true,
      event: {
        service: 'checkout',
        version: 'v1.4.2',
        commit: 'abc123',
        url: 'https://ci.example.com/1',
        author: 'ana',
        atMs: NOW - 600_000,
      },
    });
    expect(parseChangeEvent({ service: 'checkout' }, NOW)).toEqual({
      ok: true,
      event: { service: 'checkout', atMs: NOW },
    });
  });

  it.each([
    [{}, 'service'],
    [{ service: ' ' }, 'service'],
    [{ service: 'x', url: 'javascript:alert(1)' }, 'url'],
    [{ service: 'x', at: 'yesterday' }, 'at'],
    [{ service: 'x', deployer: 'ana' }, 'body'],
  ])('rejects %j naming %s', (body, where) => {
    const result = parseChangeEvent(body, NOW);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((problem) => problem.where)).toContain(where);
  });
});
