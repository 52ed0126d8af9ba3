import { DAY_MS, HOURS_PER_WEEK, WEEK_MS, hourOfWeek } from './calendar';
import { timeDecayFor } from './robust-estimate';

/**
 * How surprised the ensemble usually is at each hour of the week, or of the day while weekly history is short (UTC).
 * Members without a daily or weekly profile (rolling median, EWMA, CUSUM, Holt-Winters' daily-only season) are
 * surprised by every daily peak and every weekend; subtracting the habitual surprise of the hour leaves what is unusual
 * for that hour, so a learned cycle stops looking like an event while a real one still stands out. An hour-of-week
 * cell counts once it has seen two different weeks, an hour-of-day cell once it has seen two different days; both
 * forget with a time constant of four weeks.
 */
export interface HabitState {
  weekly: HabitCell[];
  hourly: HabitCell[];
}

interface HabitCell {
  weight: number;
  mean: number;
  lastMs: number;
  /** Distinct weeks (weekly cells) or days (hourly cells) learned from. */
  visits: number;
}

const READY_VISITS = 2;
const decayOver = timeDecayFor(4 * WEEK_MS);

export function newHabitState(): HabitState {
  const cells = (count: number) =>
    Array.from({ length: count }, () => ({ weight: 0, mean: 0, lastMs: 0, visits: 0 }));
  return { weekly: cells(HOURS_PER_WEEK), hourly: cells(24) };
}

/** `raw` less the habitual raw score of its hour (never below 0); learns `raw` when `learn` is true. */
export function observeHabit(state: HabitState, timestampMs: number, raw: number, learn: boolean): number {
  const hour = Math.floor(hourOfWeek(timestampMs));
  const weekly = state.weekly[hour] as HabitCell;
  const hourly = state.hourly[hour % 24] as HabitCell;
  const habit = weekly.visits >= READY_VISITS ? weekly : hourly.visits >= READY_VISITS ? hourly : undefined;
  const unusual = habit === undefined ? raw : Math.max(0, raw - habit.mean);
  if (learn) {
    learnCell(weekly, timestampMs, raw, WEEK_MS);
    learnCell(hourly, timestampMs, raw, DAY_MS);
  }
  return unusual;
}

function learnCell(cell: HabitCell, timestampMs: number, raw: number, periodMs: number): void {
  if (cell.weight === 0 || Math.floor(timestampMs / periodMs) !== Math.floor(cell.lastMs / periodMs)) {
    cell.visits += 1;
  }
  cell.weight = cell.weight * decayOver(timestampMs - cell.lastMs) + 1;
  cell.mean += (raw - cell.mean) / cell.weight;
  cell.lastMs = timestampMs;
}
