/**
 * Alertmanager time intervals (`timeinterval/timeinterval.go`): parsing of the range syntax used in `routing.yaml`
 * (`monday:friday`, `-3:-1`, `january:march`, `2024:2025`, `09:00`) and `isInTimeInterval`. Time is a parameter.
 */

/** An inclusive range of weekdays (0 = Sunday), days of the month (negative: from the end), months or years. */
export interface InclusiveRange {
  readonly begin: number;
  readonly end: number;
}

/** Minutes since midnight, `startMinute` inclusive and `endMinute` exclusive (`24:00` is 1440). */
export interface TimeRange {
  readonly startMinute: number;
  readonly endMinute: number;
}

/** One entry of a named interval's `time_intervals` list. A missing field places no restriction. */
export interface TimeInterval {
  readonly times?: readonly TimeRange[];
  readonly weekdays?: readonly InclusiveRange[];
  readonly daysOfMonth?: readonly InclusiveRange[];
  readonly months?: readonly InclusiveRange[];
  readonly years?: readonly InclusiveRange[];
  /** IANA zone, e.g. `Europe/Berlin`. Without it the interval is read in UTC. */
  readonly location?: string;
}

export type ParsedRange = { ok: true; range: InclusiveRange } | { ok: false; message: string };

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** `monday`, `monday:friday` (names only, case-insensitive). */
export function parseWeekdayRange(text: string): ParsedRange {
  return parseRange(text, (member) => {
    const index = WEEKDAYS.indexOf(member);
    return index === -1 ? `${member} is not a valid weekday` : index;
  }).check((range) =>
    range.begin > range.end ? `start day cannot be after end day in "${text}"` : undefined,
  );
}

/** `1`, `1:15`, `-1`, `-7:-1`; negative days count from the end of the month (-1 is the last day). */
export function parseDayOfMonthRange(text: string): ParsedRange {
  return parseRange(text, parseInteger).check((range) => {
    for (const day of [range.begin, range.end]) {
      if (day === 0 || day < -31 || day > 31) {
        return `${day} is not a valid day of the month: out of range`;
      }
    }
    if (range.begin < 0 && range.end > 0) {
      return 'end day must be negative if start day is negative';
    }
    // Alertmanager's check: with a 28-day month the range must not be empty.
    const begin = range.begin < 0 ? 28 + range.begin : range.begin;
    const end = range.end < 0 ? 28 + range.end : range.end;
    return begin > end ? `end day ${range.end} is always before start day ${range.begin}` : undefined;
  });
}

/** `january`, `1`, `january:march`, `1:3`. */
export function parseMonthRange(text: string): ParsedRange {
  return parseRange(text, (member) => {
    const index = MONTHS.indexOf(member);
    if (index !== -1) {
      return index + 1;
    }
    const number = parseInteger(member);
    return typeof number === 'number' && number >= 1 && number <= 12
      ? number
      : `${member} is not a valid month`;
  }).check((range) =>
    range.begin > range.end
      ? `end month ${MONTHS[range.end - 1] ?? range.end} is before start month ${MONTHS[range.begin - 1] ?? range.begin}`
      : undefined,
  );
}

/** `2024`, `2024:2026`. */
export function parseYearRange(text: string): ParsedRange {
  return parseRange(text, (member) => {
    const number = parseInteger(member);
    return typeof number === 'number' && number < 0 ? `${member} is not a valid year` : number;
  }).check((range) =>
    range.begin > range.end ? `end year ${range.end} is before start year ${range.begin}` : undefined,
  );
}

const CLOCK_PATTERN = /^(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/;

/** `HH:MM` (00:00 to 24:00) as minutes since midnight; undefined when malformed. */
export function parseClockTime(text: string): number | undefined {
  if (!CLOCK_PATTERN.test(text)) {
    return undefined;
  }
  const [hours = 0, minutes = 0] = text.split(':').map(Number);
  return hours * 60 + minutes;
}

/** Whether `name` is a time zone `Intl` knows (IANA names and `UTC`). */
export function isValidTimeZone(name: string): boolean {
  try {
    zonedFormatter(name);
    return true;
  } catch (error) {
    if (error instanceof RangeError) {
      return false;
    }
    throw error;
  }
}

/** Whether `nowMs` falls in the interval: every restricting field must accept it (Alertmanager's `ContainsTime`). */
export function isInTimeInterval(interval: TimeInterval, nowMs: number): boolean {
  const at = zonedParts(nowMs, interval.location ?? 'UTC');
  if (interval.times !== undefined) {
    const minute = at.hour * 60 + at.minute;
    if (!interval.times.some((range) => minute >= range.startMinute && minute < range.endMinute)) {
      return false;
    }
  }
  if (interval.daysOfMonth !== undefined) {
    const days = daysInMonth(at.year, at.month);
    const inDays = interval.daysOfMonth.some((range) => {
      const begin = range.begin < 0 ? days + range.begin + 1 : range.begin;
      const end = range.end < 0 ? days + range.end + 1 : range.end;
      if (begin > days) {
        return false;
      }
      return at.day >= clamp(begin, -days, days) && at.day <= clamp(end, -days, days);
    });
    if (!inDays) {
      return false;
    }
  }
  return (
    inRanges(interval.months, at.month) &&
    inRanges(interval.weekdays, at.weekday) &&
    inRanges(interval.years, at.year)
  );
}

/** Whether `nowMs` falls in any of the entries (a named interval is a list of them). */
export function isInAnyTimeInterval(intervals: readonly TimeInterval[], nowMs: number): boolean {
  return intervals.some((interval) => isInTimeInterval(interval, nowMs));
}

function inRanges(ranges: readonly InclusiveRange[] | undefined, value: number): boolean {
  return ranges === undefined || ranges.some((range) => value >= range.begin && value <= range.end);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/** Calendar days of a month (1-based month). */
function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

interface ZonedParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly weekday: number;
  readonly hour: number;
  readonly minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAY_SHORT = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function zonedFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function zonedParts(nowMs: number, timeZone: string): ZonedParts {
  const parts = zonedFormatter(timeZone).formatToParts(new Date(nowMs));
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((entry) => entry.type === type)?.value ?? '';
  return {
    year: Number(part('year')),
    month: Number(part('month')),
    day: Number(part('day')),
    weekday: WEEKDAY_SHORT.indexOf(part('weekday')),
    hour: Number(part('hour')) % 24,
    minute: Number(part('minute')),
  };
}

function parseInteger(member: string): number | string {
  return /^[+-]?\d+$/.test(member) ? Number(member) : `${member} is not a number`;
}

/** `member` or `member:member`, lower-cased as Alertmanager does; then a range check. */
function parseRange(text: string, member: (text: string) => number | string) {
  const lower = text.trim().toLowerCase();
  const components = lower.split(':');
  let result: ParsedRange;
  if (components.length > 2) {
    result = { ok: false, message: `couldn't parse range ${text}, invalid format` };
  } else {
    const [first = '', second = first] = components;
    const begin = member(first);
    const end = member(second);
    if (typeof begin === 'string') {
      result = { ok: false, message: begin };
    } else if (typeof end === 'string') {
      result = { ok: false, message: end };
    } else {
      result = { ok: true, range: { begin, end } };
    }
  }
  return {
    check(rangeCheck: (range: InclusiveRange) => string | undefined): ParsedRange {
      if (!result.ok) {
        return result;
      }
      const message = rangeCheck(result.range);
      return message === undefined ? result : { ok: false, message };
    },
  };
}
