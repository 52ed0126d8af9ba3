import { InvalidInputError } from '../errors';
import { isoWeekAt, lastWeeks, parseReportPeriod, periodsBetween, previousPeriod } from './report-period';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const utc = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString();

describe('parseReportPeriod', () => {
  it.each<[string, string, string, string, string]>([
    // 1 Jan 2026 is a Thursday, so week 1 starts on Monday 29 Dec 2025.
    ['2026-W01', 'UTC', '2025-12-29T00:00:00.000Z', '2026-01-05T00:00:00.000Z', 'week'],
    ['2026-W47', 'UTC', '2026-11-16T00:00:00.000Z', '2026-11-23T00:00:00.000Z', 'week'],
    // Berlin is UTC+1 in November: local midnight is 23:00Z the day before.
    ['2026-W47', 'Europe/Berlin', '2026-11-15T23:00:00.000Z', '2026-11-22T23:00:00.000Z', 'week'],
    // A year that starts on a Thursday has 53 weeks.
    ['2026-W53', 'UTC', '2026-12-28T00:00:00.000Z', '2027-01-04T00:00:00.000Z', 'week'],
    ['2026-11', 'UTC', '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z', 'week'],
    ['2026-Q4', 'UTC', '2026-10-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z', 'month'],
    ['2026-Q1', 'America/New_York', '2026-01-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z', 'month'],
  ])('%s in %s is [%s, %s) with a %s trend', (text, zone, start, end, granularity) => {
    const period = parseReportPeriod(text, zone);
    expect([iso(period.startMs), iso(period.endMs), period.granularity, period.label]).toEqual([
      start,
      end,
      granularity,
      text,
    ]);
  });

  it('gives the week of the end of daylight saving time its extra hour', () => {
    // DST ended in Berlin on Sunday 25 Oct 2026, in week 43.
    const week = parseReportPeriod('2026-W43', 'Europe/Berlin');
    expect(week.endMs - week.startMs).toBe(7 * DAY + HOUR);
  });

  it.each<[string, string]>([
    ['2026-W00', '2026 has ISO weeks 01 to 53'],
    ['2027-W53', '2027 has ISO weeks 01 to 52'],
    ['2026-13', 'months are 01 to 12'],
    ['last week', 'use an ISO week (2026-W47), a month (2026-11) or a quarter (2026-Q4)'],
    ['2026-Q5', 'use an ISO week (2026-W47), a month (2026-11) or a quarter (2026-Q4)'],
  ])('rejects %s: %s', (text, hint) => {
    expect(() => parseReportPeriod(text)).toThrow(InvalidInputError);
    try {
      parseReportPeriod(text);
    } catch (error) {
      expect((error as InvalidInputError).problems).toEqual([{ where: 'period', message: hint }]);
    }
  });
});

describe('isoWeekAt', () => {
  it.each<[string, string, string]>([
    ['2027-01-01T12:00:00Z', 'UTC', '2026-W53'],
    ['2026-11-22T23:30:00Z', 'UTC', '2026-W47'],
    // Already Monday 00:30 in Berlin.
    ['2026-11-22T23:30:00Z', 'Europe/Berlin', '2026-W48'],
    ['2025-12-31T00:00:00Z', 'UTC', '2026-W01'],
  ])('%s in %s is in %s', (at, zone, label) => {
    expect(isoWeekAt(utc(at), zone).label).toBe(label);
  });
});

describe('periodsBetween', () => {
  it('lists the weeks overlapping November 2026 (1 Nov is a Sunday)', () => {
    const weeks = periodsBetween('week', utc('2026-11-01T00:00:00Z'), utc('2026-12-01T00:00:00Z'));
    expect(weeks.map((week) => week.label)).toEqual([
      '2026-W44',
      '2026-W45',
      '2026-W46',
      '2026-W47',
      '2026-W48',
      '2026-W49',
    ]);
  });

  it('lists the months of a quarter', () => {
    const q4 = parseReportPeriod('2026-Q4');
    expect(periodsBetween('month', q4.startMs, q4.endMs).map((month) => month.label)).toEqual([
      '2026-10',
      '2026-11',
      '2026-12',
    ]);
  });
});

describe('previousPeriod', () => {
  it.each<[string, string]>([
    ['2026-W01', '2025-W52'],
    ['2026-W47', '2026-W46'],
    ['2026-01', '2025-12'],
    ['2026-Q1', '2025-Q4'],
    ['2026-Q3', '2026-Q2'],
  ])('before %s comes %s', (text, before) => {
    expect(previousPeriod(parseReportPeriod(text)).label).toBe(before);
  });
});

describe('lastWeeks', () => {
  it('covers this week and the 7 before it', () => {
    const range = lastWeeks(8, utc('2026-11-18T10:00:00Z'));
    expect([iso(range.startMs), iso(range.endMs)]).toEqual([
      '2026-09-28T00:00:00.000Z',
      '2026-11-23T00:00:00.000Z',
    ]);
  });
});
