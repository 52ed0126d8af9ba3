/** Calendar shapes shared by the metric families (UTC; day 0 of `dayOfWeek` is Monday). */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

export function hourOfDay(tsMs: number): number {
  return (((tsMs % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
}

export function dayOfWeek(tsMs: number): number {
  // 1970-01-01 was a Thursday.
  return (Math.floor(tsMs / DAY_MS) + 3) % 7;
}

/**
 * User-driven load in [0.15, 1] on weekdays: a trough at 04:00, a broad afternoon peak at 16:00. Weekends carry
 * 75% (Saturday) and 60% (Sunday) of it.
 */
export function userLoad(tsMs: number): number {
  const x = (1 - Math.cos((2 * Math.PI * (hourOfDay(tsMs) - 4)) / 24)) / 2;
  const daily = 0.15 + 0.85 * x ** 0.7;
  const weekly = [1, 1, 1, 1, 1, 0.75, 0.6][dayOfWeek(tsMs)] ?? 1;
  return daily * weekly;
}

/** A trapezoid: 0 outside [startHour, endHour), rising and falling linearly over `rampHours` at each end. */
export function dailyWindow(tsMs: number, startHour: number, endHour: number, rampHours: number): number {
  const hour = hourOfDay(tsMs);
  if (hour < startHour || hour >= endHour) {
    return 0;
  }
  return Math.min(1, (hour - startHour) / rampHours, (endHour - hour) / rampHours);
}
