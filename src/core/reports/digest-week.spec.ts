import { InvalidInputError } from '../errors';
import { digestWeekAt, dueDigestWeek, parseDigestWeek } from './digest-week';

const at = (iso: string) => Date.parse(iso);
/** Monday 08:00 in the zone's offset given in hours (a fixed stand-in for the cron schedule). */
const mondayAtEight = (offsetHours: number) => (ms: number) => {
  const WEEK = 7 * 86_400_000;
  // 2026-11-23 is a Monday; its 08:00 local, stepped by whole weeks to the first at or after `ms`.
  const first = at('2026-11-23T08:00:00Z') - offsetHours * 3_600_000;
  return first + Math.ceil((ms - first) / WEEK) * WEEK;
};

describe('digestWeekAt', () => {
  it.each([
    ['2026-11-23T08:00:00Z', 'UTC', '2026-W47'],
    ['2026-11-22T23:59:59Z', 'UTC', '2026-W46'],
    ['2026-11-29T12:00:00Z', 'UTC', '2026-W47'],
    ['2026-11-22T23:30:00Z', 'Europe/Berlin', '2026-W47'],
    ['2027-01-04T08:00:00Z', 'UTC', '2026-W53'],
  ])('at %s in %s covers %s', (time, zone, week) => {
    expect(digestWeekAt(at(time), zone).label).toBe(week);
  });
});

describe('dueDigestWeek', () => {
  it.each([
    ['2026-11-23T07:59:59Z', 'UTC', 0, undefined],
    ['2026-11-23T08:00:00Z', 'UTC', 0, '2026-W47'],
    ['2026-11-27T12:00:00Z', 'UTC', 0, '2026-W47'],
    ['2026-11-29T23:59:59Z', 'UTC', 0, '2026-W47'],
    ['2026-11-30T00:00:00Z', 'UTC', 0, undefined],
    ['2026-11-23T06:59:59Z', 'Europe/Berlin', 1, undefined],
    ['2026-11-23T07:00:00Z', 'Europe/Berlin', 1, '2026-W47'],
  ])('at %s in %s (UTC%+d) is %s', (time, zone, offset, week) => {
    expect(dueDigestWeek(at(time), zone, mondayAtEight(offset))?.label).toBe(week);
  });
});

describe('parseDigestWeek', () => {
  it('takes an ISO week in the time zone', () => {
    expect(parseDigestWeek('2026-W47', 'Europe/Berlin')).toMatchObject({
      label: '2026-W47',
      startMs: at('2026-11-15T23:00:00Z'),
      endMs: at('2026-11-22T23:00:00Z'),
    });
  });

  it.each([
    ['2026-11', 'the digest is weekly: use an ISO week such as 2026-W47'],
    ['2026-W54', '2026 has ISO weeks 01 to 53'],
  ])('refuses %s naming the field', (text, message) => {
    expect(() => parseDigestWeek(text)).toThrow(InvalidInputError);
    expect(() => parseDigestWeek(text)).toThrow(`bad period "${text}"`);
    try {
      parseDigestWeek(text);
    } catch (error) {
      expect((error as InvalidInputError).problems).toEqual([{ where: 'period', message }]);
    }
  });
});
