import * as calendar from './calendar';
import * as robustEstimate from './robust-estimate';

// Imports bound once: a call through the module system's live binding costs several times more per point.
const { DAY_MS, WEEK_MS, hourOfWeek } = calendar;
const { TimeDecay } = robustEstimate;

/**
 * How surprised the ensemble usually is at each hour of the day (UTC). Members without a daily profile (rolling median,
 * EWMA, CUSUM) are surprised by every daily peak; subtracting the habitual surprise of the hour leaves what is unusual
 * for that hour, so a learned cycle stops looking like an event while a real one still stands out. A cell counts once it
 * has seen two different days and forgets with a time constant of four weeks.
 *
 * Hours of the day rather than of the week: a cell learns seven times as fast, and scored better on NAB (73.1 against
 * 72.5). Weekends no longer need a weekly habit to stop alerting: the ensemble decides against the seasonal member's
 * band, whose profile knows the weekdays.
 */
export interface HabitState {
  hourly: HabitCell[];
}

interface HabitCell {
  weight: number;
  mean: number;
  lastMs: number;
  /** Distinct days learned from. */
  visits: number;
}

const READY_VISITS = 2;
const decayOver = new TimeDecay(4 * WEEK_MS);
const { floor } = Math;

export function newHabitState(): HabitState {
  return { hourly: Array.from({ length: 24 }, () => ({ weight: 0, mean: 0, lastMs: 0, visits: 0 })) };
}

/** `raw` less the habitual raw score of its hour (never below 0); learns `raw` when `learn` is true. */
export function observeHabit(state: HabitState, timestampMs: number, raw: number, learn: boolean): number {
  const cell = state.hourly[floor(hourOfWeek(timestampMs)) % 24] as HabitCell;
  const unusual = cell.visits < READY_VISITS ? raw : raw > cell.mean ? raw - cell.mean : 0;
  if (learn) {
    if (cell.weight === 0 || floor(timestampMs / DAY_MS) !== floor(cell.lastMs / DAY_MS)) {
      cell.visits += 1;
    }
    cell.weight = cell.weight * decayOver.over(timestampMs - cell.lastMs) + 1;
    cell.mean += (raw - cell.mean) / cell.weight;
    cell.lastMs = timestampMs;
  }
  return unusual;
}
