import { parseHistoryFilters, parseHistoryTime, showingText } from './alert-history-filters';

const NOW = Date.UTC(2026, 11, 8, 12, 0, 0);
const HOUR = 3_600_000;

describe('parseHistoryTime', () => {
  it.each([
    ['24h', NOW - 24 * HOUR],
    ['7d', NOW - 7 * 24 * HOUR],
    ['2026-12-01', Date.UTC(2026, 11, 1)],
    ['2026-12-01T08:00', Date.UTC(2026, 11, 1, 8)],
    ['2026-12-01T08:00:30Z', Date.UTC(2026, 11, 1, 8, 0, 30)],
    ['2026-12-01T08:00+01:00', Date.UTC(2026, 11, 1, 7)],
  ])('reads %s', (text, ms) => {
    expect(parseHistoryTime(text, NOW)).toBe(ms);
  });

  it.each(['yesterday', '2026-13-45', '12/01/2026', ''])('refuses "%s"', (text) => {
    expect(parseHistoryTime(text, NOW)).toBeUndefined();
  });
});

describe('parseHistoryFilters', () => {
  it('defaults to the last 7 days, every state, the first 50', () => {
    expect(parseHistoryFilters({ rule: ' ', service: '' }, NOW)).toEqual({
      ok: true,
      filters: { fromMs: NOW - 7 * 24 * HOUR, toMs: NOW, limit: 50, page: 1 },
    });
  });

  it('keeps rule, service, state, range and page', () => {
    expect(
      parseHistoryFilters(
        {
          rule: 'CheckoutLatencyHigh',
          service: 'checkout',
          state: 'silenced',
          from: '2026-12-01',
          to: '2026-12-02',
          limit: '10',
          page: '3',
        },
        NOW,
      ),
    ).toEqual({
      ok: true,
      filters: {
        rule: 'CheckoutLatencyHigh',
        service: 'checkout',
        state: 'silenced',
        fromMs: Date.UTC(2026, 11, 1),
        toMs: Date.UTC(2026, 11, 2),
        limit: 10,
        page: 3,
      },
    });
  });

  it('names every bad field at once', () => {
    const result = parseHistoryFilters(
      { state: 'sleeping', from: 'last week', to: '1h', limit: '5000', page: '0' },
      NOW,
    );
    expect(result.ok || result.problems.map((problem) => problem.where)).toEqual([
      'state',
      'from',
      'limit',
      'page',
    ]);
  });

  it('wants from before to', () => {
    const result = parseHistoryFilters({ from: '1h', to: '2h' }, NOW);
    expect(result.ok || result.problems).toEqual([{ where: 'from', message: 'from must be before to' }]);
  });
});

describe('showingText', () => {
  it.each([
    [1, 50, 50, 120, 'Showing 1–50 of 120'],
    [3, 50, 20, 120, 'Showing 101–120 of 120'],
    [1, 50, 0, 0, 'Showing 0 of 0'],
  ])('page %i of %i rows showing %i of %i: %s', (page, limit, shown, total, text) => {
    expect(showingText({ page, limit }, shown, total)).toBe(text);
  });
});
