import {
  InclusiveRange,
  ParsedRange,
  TimeInterval,
  isInAnyTimeInterval,
  isInTimeInterval,
  isValidTimeZone,
  parseClockTime,
  parseDayOfMonthRange,
  parseMonthRange,
  parseWeekdayRange,
  parseYearRange,
} from './time-interval';

// Cases from Alertmanager timeinterval/timeinterval_test.go (TestContainsTime, TestYamlUnmarshal,
// TestTimeIntervalComplete, TestParseTimeString). Times are written as there, in Go's RFC822Z layout.

const MONTH_ABBR = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `02 Jan 06 15:04 +0000` to epoch ms. */
function rfc822z(text: string): number {
  const match = /^(\d{1,2}) (\w{3}) (\d{2}) (\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text);
  if (match === null) {
    throw new Error(`bad time ${text}`);
  }
  const [, day, month, year, hour, minute, sign, offsetHours, offsetMinutes] = match;
  const offset = (Number(offsetHours) * 60 + Number(offsetMinutes)) * (sign === '-' ? -1 : 1);
  const local = Date.UTC(
    2000 + Number(year),
    MONTH_ABBR.indexOf(month!),
    Number(day),
    Number(hour),
    Number(minute),
  );
  return local - offset * 60_000;
}

function ranges(parse: (text: string) => ParsedRange, texts: readonly string[]): InclusiveRange[] {
  return texts.map((text) => {
    const parsed = parse(text);
    if (!parsed.ok) {
      throw new Error(parsed.message);
    }
    return parsed.range;
  });
}

interface Spec {
  times?: [string, string][];
  weekdays?: string[];
  days_of_month?: string[];
  months?: string[];
  years?: string[];
  location?: string;
  /** Built directly, skipping validation, as Alertmanager's test does. */
  rawDaysOfMonth?: InclusiveRange[];
}

function interval(spec: Spec): TimeInterval {
  return {
    times: spec.times?.map(([start, end]) => ({
      startMinute: parseClockTime(start)!,
      endMinute: parseClockTime(end)!,
    })),
    weekdays: spec.weekdays && ranges(parseWeekdayRange, spec.weekdays),
    daysOfMonth:
      spec.rawDaysOfMonth ?? (spec.days_of_month && ranges(parseDayOfMonthRange, spec.days_of_month)),
    months: spec.months && ranges(parseMonthRange, spec.months),
    years: spec.years && ranges(parseYearRange, spec.years),
    location: spec.location,
  };
}

describe('isInTimeInterval', () => {
  it.each<[string, Spec, string[], string[]]>([
    ['no restrictions', {}, ['02 Jan 06 15:04 +0000', '03 Jan 07 10:04 +0000'], []],
    [
      '9am to 5pm, monday to friday',
      { times: [['09:00', '17:00']], weekdays: ['monday:friday'] },
      ['04 May 20 15:04 +0000', '05 May 20 10:04 +0000', '09 Jun 20 09:04 +0000'],
      ['03 May 20 15:04 +0000', '04 May 20 08:59 +0000', '05 May 20 05:00 +0000', '04 May 20 17:00 +0000'],
    ],
    [
      'Easter 2020',
      { days_of_month: ['4:6'], months: ['4'], years: ['2020'] },
      ['04 Apr 20 15:04 +0000', '05 Apr 20 00:00 +0000', '06 Apr 20 23:05 +0000'],
      [
        '03 May 18 15:04 +0000',
        '03 Apr 20 23:59 +0000',
        '04 Jun 20 23:59 +0000',
        '06 Apr 19 23:59 +0000',
        '07 Apr 20 00:00 +0000',
      ],
    ],
    [
      'last 3 days of each month',
      { days_of_month: ['-3:-1'] },
      [
        '31 Jan 20 15:04 +0000',
        '30 Jan 20 15:04 +0000',
        '29 Jan 20 15:04 +0000',
        '30 Jun 20 00:00 +0000',
        '29 Feb 20 23:05 +0000',
        '26 Feb 21 00:00 +0000',
      ],
      [
        '03 May 18 15:04 +0000',
        '27 Jan 20 15:04 +0000',
        '28 Jan 20 23:59 +0000',
        '25 Feb 21 23:59 +0000',
        '03 Apr 20 23:59 +0000',
        '07 Apr 20 00:00 +0000',
        '01 Mar 20 00:00 +0000',
      ],
    ],
    [
      'out-of-bound days are clamped to the month',
      { months: ['6'], rawDaysOfMonth: [{ begin: -31, end: 31 }] },
      ['30 Jun 20 00:00 +0000', '01 Jun 20 00:00 +0000'],
      ['31 May 20 00:00 +0000', '01 Jul 20 00:00 +0000'],
    ],
    [
      'AEST 9am to 5pm, monday to friday',
      { times: [['09:00', '17:00']], weekdays: ['monday:friday'], location: 'Australia/Sydney' },
      ['06 Apr 21 13:00 +1000'],
      ['06 Apr 21 13:00 +0000'],
    ],
    [
      'Sydney during daylight saving time',
      {
        times: [['09:00', '17:00']],
        weekdays: ['monday:friday'],
        months: ['11'],
        location: 'Australia/Sydney',
      },
      ['01 Nov 21 09:00 +1100', '31 Oct 21 22:00 +0000'],
      ['31 Oct 21 21:00 +0000'],
    ],
    [
      'last week of the first quarter, not saturday, business hours, some years',
      {
        weekdays: ['monday:friday', 'sunday'],
        months: ['january:march'],
        days_of_month: ['-7:-1'],
        years: ['2020:2025', '2030:2035'],
        times: [['09:00', '17:00']],
      },
      [
        '27 Jan 21 09:00 +0000',
        '28 Jan 21 16:59 +0000',
        '29 Jan 21 13:00 +0000',
        '31 Mar 25 13:00 +0000',
        '31 Jan 35 13:00 +0000',
      ],
      ['30 Jan 21 13:00 +0000', '01 Apr 21 13:00 +0000', '30 Jan 26 13:00 +0000', '31 Jan 35 17:01 +0000'],
    ],
    [
      'complete: weekday lists, day lists and a positive-to-negative range',
      {
        weekdays: ['monday:wednesday', 'saturday', 'sunday'],
        times: [['13:00', '15:00']],
        days_of_month: ['1', '10', '20:-1'],
        years: ['2020:2023'],
        months: ['january:march'],
      },
      ['10 Jan 21 13:00 +0000', '30 Jan 21 14:24 +0000'],
      ['09 Jan 21 13:00 +0000', '20 Jan 21 12:59 +0000', '02 Feb 21 13:00 +0000'],
    ],
    [
      'a begin day after the end of the month is skipped',
      { days_of_month: ['30:31'], months: ['february'] },
      [],
      ['28 Feb 21 13:00 +0000', '29 Feb 24 13:00 +0000'],
    ],
    [
      'until midnight with 24:00',
      { times: [['22:00', '24:00']] },
      ['01 Jan 24 23:59 +0000', '01 Jan 24 22:00 +0000'],
      ['01 Jan 24 00:00 +0000', '01 Jan 24 21:59 +0000'],
    ],
  ])('%s', (_name, spec, inside, outside) => {
    const parsed = interval(spec);
    for (const time of inside) {
      expect([time, isInTimeInterval(parsed, rfc822z(time))]).toEqual([time, true]);
    }
    for (const time of outside) {
      expect([time, isInTimeInterval(parsed, rfc822z(time))]).toEqual([time, false]);
    }
  });

  it('is in a named interval when any entry contains the time', () => {
    const weekend = [interval({ weekdays: ['saturday'] }), interval({ weekdays: ['sunday'] })];
    expect(isInAnyTimeInterval(weekend, rfc822z('03 May 20 15:04 +0000'))).toBe(true); // Sunday
    expect(isInAnyTimeInterval(weekend, rfc822z('04 May 20 15:04 +0000'))).toBe(false); // Monday
    expect(isInAnyTimeInterval([], rfc822z('04 May 20 15:04 +0000'))).toBe(false);
  });
});

describe('range parsing', () => {
  it.each<[string, (text: string) => ParsedRange, string, InclusiveRange | string]>([
    ['weekday range', parseWeekdayRange, 'monday:friday', { begin: 1, end: 5 }],
    ['weekday, any case', parseWeekdayRange, 'Sunday', { begin: 0, end: 0 }],
    [
      'weekdays reversed',
      parseWeekdayRange,
      'friday:monday',
      'start day cannot be after end day in "friday:monday"',
    ],
    ['invalid weekdays', parseWeekdayRange, 'blurgsday:flurgsday', 'blurgsday is not a valid weekday'],
    ['numeric weekdays', parseWeekdayRange, '1:3', '1 is not a valid weekday'],
    ['negative weekdays', parseWeekdayRange, '-2:-1', '-2 is not a valid weekday'],
    [
      'too many colons',
      parseWeekdayRange,
      'monday:tuesday:friday',
      "couldn't parse range monday:tuesday:friday, invalid format",
    ],
    ['day 0', parseDayOfMonthRange, '0', '0 is not a valid day of the month: out of range'],
    ['day -50', parseDayOfMonthRange, '-50:-20', '-50 is not a valid day of the month: out of range'],
    ['day 50', parseDayOfMonthRange, '1:50', '50 is not a valid day of the month: out of range'],
    ['positive to negative', parseDayOfMonthRange, '1:-1', { begin: 1, end: -1 }],
    [
      'negative to positive',
      parseDayOfMonthRange,
      '-15:5',
      'end day must be negative if start day is negative',
    ],
    ['always empty', parseDayOfMonthRange, '10:-25', 'end day -25 is always before start day 10'],
    ['months any case', parseMonthRange, 'January:december', { begin: 1, end: 12 }],
    ['numeric months', parseMonthRange, '3:5', { begin: 3, end: 5 }],
    ['month 13', parseMonthRange, '13', '13 is not a valid month'],
    ['invalid start month', parseMonthRange, 'martius:june', 'martius is not a valid month'],
    ['invalid end month', parseMonthRange, 'march:junius', 'junius is not a valid month'],
    [
      'months reversed',
      parseMonthRange,
      'december:january',
      'end month january is before start month december',
    ],
    ['years', parseYearRange, '2020:2022', { begin: 2020, end: 2022 }],
    ['years reversed', parseYearRange, '2022:2020', 'end year 2020 is before start year 2022'],
  ])('%s', (_name, parse, text, expected) => {
    expect(parse(text)).toEqual(
      typeof expected === 'string' ? { ok: false, message: expected } : { ok: true, range: expected },
    );
  });

  it.each<[string, number | undefined]>([
    ['00:00', 0],
    ['01:35', 95],
    ['17:39', 1059],
    ['24:00', 1440],
    ['24:01', undefined],
    ['01:99', undefined],
    ['9:00', undefined],
  ])('clock %s', (text, minutes) => {
    expect(parseClockTime(text)).toBe(minutes);
  });

  it.each<[string, boolean]>([
    ['Europe/Berlin', true],
    ['UTC', true],
    ['Australia/Sydney', true],
    ['Mars/Olympus', false],
  ])('time zone %s', (name, valid) => {
    expect(isValidTimeZone(name)).toBe(valid);
  });
});
