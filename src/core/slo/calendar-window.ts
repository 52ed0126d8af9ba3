import { SloWindow } from '../rules/rule-file.schema';
import { BudgetResult, SliCounts, budgetStatus, errorBudgetRatio } from './error-budget';

/**
 * The SLO window at an evaluation time: a rolling window is the `ms` before `nowMs`; a calendar month runs from the
 * start of the current month in the given IANA time zone (via Intl) to `nowMs`. Time zones with DST give months of
 * 30 or 31 days ± 1 hour. An unknown time zone throws Intl's RangeError.
 */

export interface SloWindowBounds {
  /** Start of the window (inclusive). */
  readonly startMs: number;
  /** End of the window: the evaluation time. */
  readonly endMs: number;
  /** Length of the whole window: the rolling window, or the whole calendar month (for budget minutes). */
  readonly periodMs: number;
}

/** A calendar month in a time zone: `[startMs, endMs)` and its `YYYY-MM` name. */
export interface CalendarMonth {
  readonly month: string;
  readonly startMs: number;
  readonly endMs: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** The wall-clock time at `ms` in `timeZone` (month 1-12). */
export function wallTime(ms: number, timeZone: string): WallTime {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((entry) => entry.type === type)?.value ?? NaN);
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
    second: part('second'),
  };
}

/** Offset of the time zone from UTC at `ms` (local minus UTC), in ms. */
function zoneOffsetMs(ms: number, timeZone: string): number {
  const wall = wallTime(ms, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The instant of local midnight starting the 1st of `month` (1-12, may overflow into the next year). */
function startOfMonthMs(year: number, month: number, timeZone: string): number {
  return localMidnightMs(year, month, 1, timeZone);
}

/** The instant of local midnight starting a day (month 1-12; day and month may overflow, as in `Date.UTC`). */
export function localMidnightMs(year: number, month: number, day: number, timeZone: string): number {
  const wallAsUtc = Date.UTC(year, month - 1, day);
  const guess = wallAsUtc - zoneOffsetMs(wallAsUtc, timeZone);
  // The offset at the guess may differ from the offset at the real instant (a DST change in between).
  return wallAsUtc - zoneOffsetMs(guess, timeZone);
}

/** The calendar month containing `nowMs` in `timeZone`. */
export function calendarMonthAt(nowMs: number, timeZone = 'UTC'): CalendarMonth {
  const { year, month } = wallTime(nowMs, timeZone);
  return monthOf(year, month, timeZone);
}

function monthOf(year: number, month: number, timeZone: string): CalendarMonth {
  return {
    month: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`,
    startMs: startOfMonthMs(year, month, timeZone),
    endMs: startOfMonthMs(year, month + 1, timeZone),
  };
}

/** The SLO window at `nowMs`. `timeZone` only matters for a calendar month. */
export function sloWindowBounds(window: SloWindow, nowMs: number, timeZone = 'UTC'): SloWindowBounds {
  if (window.type === 'rolling') {
    return { startMs: nowMs - window.ms, endMs: nowMs, periodMs: window.ms };
  }
  const month = calendarMonthAt(nowMs, timeZone);
  return { startMs: month.startMs, endMs: nowMs, periodMs: month.endMs - month.startMs };
}

/** The calendar months overlapping `[fromMs, toMs)`, oldest first. */
export function calendarMonthsBetween(fromMs: number, toMs: number, timeZone = 'UTC'): CalendarMonth[] {
  const months: CalendarMonth[] = [];
  if (toMs <= fromMs) {
    return months;
  }
  let { year, month } = wallTime(fromMs, timeZone);
  for (;;) {
    const current = monthOf(year, month, timeZone);
    if (current.startMs >= toMs) {
      return months;
    }
    months.push(current);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

/** One month of budget history. */
export interface MonthBudget {
  readonly month: CalendarMonth;
  readonly budget: BudgetResult;
  /** Whether the month met the objective (error ratio at most the budget); undefined without a ratio. */
  readonly objectiveMet?: boolean;
}

/**
 * Budget spent month by month, from each month's counts (undefined: no data). Budget minutes use each month's own
 * length.
 */
export function monthlyBudgetHistory(
  months: ReadonlyArray<{ readonly month: CalendarMonth; readonly counts: SliCounts | undefined }>,
  objectivePercent: number,
): MonthBudget[] {
  errorBudgetRatio(objectivePercent); // throws on a bad objective even when no month has data
  return months.map(({ month, counts }) => {
    const budget: BudgetResult =
      counts === undefined
        ? { kind: 'no-data' }
        : budgetStatus(counts, objectivePercent, month.endMs - month.startMs);
    return budget.kind === 'budget'
      ? { month, budget, objectiveMet: budget.consumedRatio <= 1 }
      : { month, budget };
  });
}
