import {
  CalendarMonth,
  calendarMonthAt,
  calendarMonthsBetween,
  monthlyBudgetHistory,
  sloWindowBounds,
} from './calendar-window';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const utc = (iso: string): number => Date.parse(iso);

describe('sloWindowBounds', () => {
  it('gives a rolling window ending now', () => {
    const now = utc('2026-11-26T14:00:00Z');
    expect(sloWindowBounds({ type: 'rolling', ms: 28 * DAY }, now)).toEqual({
      startMs: now - 28 * DAY,
      endMs: now,
      periodMs: 28 * DAY,
    });
  });

  it.each<[string, string, string, number]>([
    // UTC: November has 30 days.
    ['2026-11-26T14:00:00Z', 'UTC', '2026-11-01T00:00:00Z', 30 * DAY],
    // Berlin in November is CET (+1): 1 Nov 00:00 local = 31 Oct 23:00Z; Nov has no DST change: 30 days.
    ['2026-11-26T14:00:00Z', 'Europe/Berlin', '2026-10-31T23:00:00Z', 30 * DAY],
    // 31 Oct 23:30Z is already 1 Nov 00:30 in Berlin.
    ['2026-10-31T23:30:00Z', 'Europe/Berlin', '2026-10-31T23:00:00Z', 30 * DAY],
    // …but still October in UTC: 1 Oct – 1 Nov, 31 days.
    ['2026-10-31T23:30:00Z', 'UTC', '2026-10-01T00:00:00Z', 31 * DAY],
    // October in Berlin: from 1 Oct 00:00 CEST (+2) = 30 Sep 22:00Z to 1 Nov 00:00 CET = 31 Oct 23:00Z: 31d + 1h
    // (DST ended on 25 Oct).
    ['2026-10-15T12:00:00Z', 'Europe/Berlin', '2026-09-30T22:00:00Z', 31 * DAY + HOUR],
    // March in New York: 1 Mar 00:00 EST (-5) = 05:00Z to 1 Apr 00:00 EDT (-4) = 04:00Z: 31d - 1h (DST on 8 Mar).
    ['2026-03-20T12:00:00Z', 'America/New_York', '2026-03-01T05:00:00Z', 31 * DAY - HOUR],
    // 1 Mar 03:00Z is 28 Feb 22:00 in New York: February (28 days in 2026), from 1 Feb 05:00Z.
    ['2026-03-01T03:00:00Z', 'America/New_York', '2026-02-01T05:00:00Z', 28 * DAY],
    // Kolkata (+5:30): 1 Jan 2026 00:00Z is 05:30 on 1 Jan; the month started 31 Dec 18:30Z.
    ['2026-01-01T00:00:00Z', 'Asia/Kolkata', '2025-12-31T18:30:00Z', 31 * DAY],
    // Exactly at the start of a month: the window is empty.
    ['2026-12-01T00:00:00Z', 'UTC', '2026-12-01T00:00:00Z', 31 * DAY],
    // Leap February 2028.
    ['2028-02-29T23:59:59Z', 'UTC', '2028-02-01T00:00:00Z', 29 * DAY],
  ])('calendar month at %s in %s starts %s and lasts %p ms', (now, timeZone, start, periodMs) => {
    expect(sloWindowBounds({ type: 'calendar', unit: 'month' }, utc(now), timeZone)).toEqual({
      startMs: utc(start),
      endMs: utc(now),
      periodMs,
    });
  });

  it('throws on an unknown time zone', () => {
    expect(() => sloWindowBounds({ type: 'calendar', unit: 'month' }, 0, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('calendarMonthAt / calendarMonthsBetween', () => {
  it('names the month', () => {
    expect(calendarMonthAt(utc('2026-10-31T23:30:00Z'), 'Europe/Berlin').month).toBe('2026-11');
    expect(calendarMonthAt(utc('2026-10-31T23:30:00Z')).month).toBe('2026-10');
  });

  it('lists the months overlapping a range, across a year end', () => {
    const months = calendarMonthsBetween(utc('2025-11-15T00:00:00Z'), utc('2026-02-01T00:00:00Z'));
    expect(months.map((entry) => [entry.month, entry.startMs, entry.endMs])).toEqual([
      ['2025-11', utc('2025-11-01T00:00:00Z'), utc('2025-12-01T00:00:00Z')],
      ['2025-12', utc('2025-12-01T00:00:00Z'), utc('2026-01-01T00:00:00Z')],
      // The range ends where February starts, so February is not included.
      ['2026-01', utc('2026-01-01T00:00:00Z'), utc('2026-02-01T00:00:00Z')],
    ]);
  });

  it('lists nothing for an empty range', () => {
    expect(calendarMonthsBetween(5, 5)).toEqual([]);
  });
});

describe('monthlyBudgetHistory', () => {
  const months = calendarMonthsBetween(utc('2026-09-01T00:00:00Z'), utc('2026-12-01T00:00:00Z'));
  const [september, october, november] = months as [CalendarMonth, CalendarMonth, CalendarMonth];

  it('gives each month its budget spent and whether it met the objective', () => {
    const history = monthlyBudgetHistory(
      [
        // 20 bad of 100 000: ratio 0.0002 → 0.2 of a 0.001 budget. September: 30 days → 43.2 budget minutes.
        { month: september, counts: { bad: 20, total: 100_000 } },
        // 300 bad of 200 000: ratio 0.0015 → 1.5 budgets, missed. October: 31 days → 44.64 minutes, -0.5 left.
        { month: october, counts: { good: 199_700, total: 200_000 } },
        { month: november, counts: undefined },
      ],
      99.9,
    );
    expect(history.map((entry) => [entry.month.month, entry.budget.kind, entry.objectiveMet])).toEqual([
      ['2026-09', 'budget', true],
      ['2026-10', 'budget', false],
      ['2026-11', 'no-data', undefined],
    ]);
    const [sep, oct] = history;
    expect(sep?.budget.kind === 'budget' && sep.budget.consumedRatio).toBeCloseTo(0.2, 9);
    expect(sep?.budget.kind === 'budget' && sep.budget.budgetMinutes).toBeCloseTo(43.2, 9);
    expect(oct?.budget.kind === 'budget' && oct.budget.consumedRatio).toBeCloseTo(1.5, 9);
    expect(oct?.budget.kind === 'budget' && oct.budget.budgetMinutes).toBeCloseTo(44.64, 9);
    // -0.5 × 44.64 = -22.32 minutes.
    expect(oct?.budget.kind === 'budget' && oct.budget.remainingMinutes).toBeCloseTo(-22.32, 9);
  });

  it('counts a month spending exactly its budget as met', () => {
    // 1 bad of 1000 at 99.9: consumed exactly 1.
    const [entry] = monthlyBudgetHistory([{ month: september, counts: { bad: 1, total: 1000 } }], 99.9);
    expect(entry?.objectiveMet).toBe(true);
  });

  it('rejects a bad objective even without data', () => {
    expect(() => monthlyBudgetHistory([{ month: september, counts: undefined }], 100)).toThrow(RangeError);
  });
});
