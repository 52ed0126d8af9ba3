import { InvalidInputError } from '../errors';
import { calendarMonthAt, calendarMonthsBetween, localMidnightMs, wallTime } from '../slo/calendar-window';

/**
 * Report periods in a time zone: ISO weeks (`2026-W47`, Monday 00:00 local to the next Monday), calendar months
 * (`2026-11`) and quarters (`2026-Q4`). A period is `[startMs, endMs)`. Days are local days, so a week with a DST
 * change is 167 or 169 hours long.
 */
export interface ReportPeriod {
  readonly label: string;
  readonly startMs: number;
  readonly endMs: number;
}

export type Granularity = 'week' | 'month';

/** A period given by name, with the granularity its trend is shown in. */
export interface NamedPeriod extends ReportPeriod {
  readonly kind: 'week' | 'month' | 'quarter';
  readonly granularity: Granularity;
}

const DAY_MS = 86_400_000;

/** Day of the week of a calendar date, ISO numbering shifted to 0 (Monday 0 ... Sunday 6). */
function isoWeekday(year: number, month: number, day: number): number {
  return (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
}

/** The ISO year and week of a calendar date: the week of its Thursday. */
function isoWeekOf(year: number, month: number, day: number): { year: number; week: number } {
  const thursday = new Date(Date.UTC(year, month - 1, day + 3 - isoWeekday(year, month, day)));
  const isoYear = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(isoYear, 0, 1)) / DAY_MS / 7) + 1;
  return { year: isoYear, week };
}

function weeksInIsoYear(year: number): number {
  return isoWeekOf(year, 12, 28).week;
}

function weekLabel(year: number, week: number): string {
  return `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}

/** ISO week `week` of ISO year `year`: from local midnight of its Monday. */
export function isoWeek(year: number, week: number, timeZone = 'UTC'): ReportPeriod {
  const mondayOfWeek1 = 4 - isoWeekday(year, 1, 4);
  const day = mondayOfWeek1 + 7 * (week - 1);
  return {
    label: weekLabel(year, week),
    startMs: localMidnightMs(year, 1, day, timeZone),
    endMs: localMidnightMs(year, 1, day + 7, timeZone),
  };
}

/** The ISO week containing `ms` in `timeZone`. */
export function isoWeekAt(ms: number, timeZone = 'UTC'): ReportPeriod {
  const wall = wallTime(ms, timeZone);
  const { year, week } = isoWeekOf(wall.year, wall.month, wall.day);
  return isoWeek(year, week, timeZone);
}

/** The periods of a granularity that start in `[fromMs, toMs)` (and the one containing `fromMs`), oldest first. */
export function periodsBetween(
  granularity: Granularity,
  fromMs: number,
  toMs: number,
  timeZone = 'UTC',
): ReportPeriod[] {
  if (granularity === 'month') {
    return calendarMonthsBetween(fromMs, toMs, timeZone).map((month) => ({
      label: month.month,
      startMs: month.startMs,
      endMs: month.endMs,
    }));
  }
  const periods: ReportPeriod[] = [];
  for (let week = isoWeekAt(fromMs, timeZone); week.startMs < toMs; week = isoWeekAt(week.endMs, timeZone)) {
    periods.push(week);
  }
  return periods;
}

/** The period (of any granularity) that contains `ms`. */
export function periodAt(granularity: Granularity, ms: number, timeZone = 'UTC'): ReportPeriod {
  if (granularity === 'week') {
    return isoWeekAt(ms, timeZone);
  }
  const month = calendarMonthAt(ms, timeZone);
  return { label: month.month, startMs: month.startMs, endMs: month.endMs };
}

const WEEK = /^(\d{4})-W(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;

/**
 * Parses a period name: `2026-W47` (ISO week), `2026-11` (month) or `2026-Q4` (quarter). The granularity is the one
 * its trend is shown in: weeks for a week, months for a quarter, and weeks for a month. Bad names throw an
 * InvalidInputError naming `field` and the accepted forms.
 */
export function parseReportPeriod(text: string, timeZone = 'UTC', field = 'period'): NamedPeriod {
  const week = WEEK.exec(text);
  if (week !== null) {
    const year = Number(week[1]);
    const number = Number(week[2]);
    if (number < 1 || number > weeksInIsoYear(year)) {
      throw badPeriod(text, field, `${year} has ISO weeks 01 to ${weeksInIsoYear(year)}`);
    }
    return { ...isoWeek(year, number, timeZone), kind: 'week', granularity: 'week' };
  }
  const month = MONTH.exec(text);
  if (month !== null) {
    const number = Number(month[2]);
    if (number < 1 || number > 12) {
      throw badPeriod(text, field, 'months are 01 to 12');
    }
    const start = localMidnightMs(Number(month[1]), number, 1, timeZone);
    const end = localMidnightMs(Number(month[1]), number + 1, 1, timeZone);
    return { label: text, startMs: start, endMs: end, kind: 'month', granularity: 'week' };
  }
  const quarter = QUARTER.exec(text);
  if (quarter !== null) {
    const firstMonth = (Number(quarter[2]) - 1) * 3 + 1;
    return {
      label: text,
      startMs: localMidnightMs(Number(quarter[1]), firstMonth, 1, timeZone),
      endMs: localMidnightMs(Number(quarter[1]), firstMonth + 3, 1, timeZone),
      kind: 'quarter',
      granularity: 'month',
    };
  }
  throw badPeriod(text, field, 'use an ISO week (2026-W47), a month (2026-11) or a quarter (2026-Q4)');
}

/** The `count` ISO weeks up to and including the week of `nowMs`: the default range of the reports page. */
export function lastWeeks(count: number, nowMs: number, timeZone = 'UTC'): ReportPeriod {
  const current = isoWeekAt(nowMs, timeZone);
  let first = current;
  for (let index = 1; index < count; index += 1) {
    first = isoWeekAt(first.startMs - 1, timeZone);
  }
  return { label: `last ${count} weeks`, startMs: first.startMs, endMs: current.endMs };
}

/** The period of the same kind just before a named period (`2026-W47` → `2026-W46`, `2026-01` → `2025-12`). */
export function previousPeriod(period: NamedPeriod, timeZone = 'UTC'): NamedPeriod {
  const before = period.startMs - 1;
  switch (period.kind) {
    case 'week':
      return { ...isoWeekAt(before, timeZone), kind: 'week', granularity: 'week' };
    case 'month':
      return parseReportPeriod(periodAt('month', before, timeZone).label, timeZone);
    case 'quarter': {
      const wall = wallTime(before, timeZone);
      return parseReportPeriod(`${wall.year}-Q${Math.ceil(wall.month / 3)}`, timeZone);
    }
  }
}

function badPeriod(text: string, field: string, hint: string): InvalidInputError {
  return new InvalidInputError(`bad ${field} "${text}"`, [{ where: field, message: hint }]);
}
