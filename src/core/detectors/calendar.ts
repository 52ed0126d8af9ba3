/** UTC calendar arithmetic on epoch milliseconds for the seasonal profiles. */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;
export const HOURS_PER_WEEK = 168;

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
/** 1970-01-01 was a Thursday. */
const EPOCH_WEEKDAY = 4;

const { floor } = Math;

/** The last timestamp asked about and its answer (a typed array: writing it allocates nothing). */
const last = new Float64Array([NaN, 0]);

/**
 * Hours since Sunday 00:00 UTC, with the fraction: [0, 168). Remembers its last answer: the models of one detector
 * ask it about the same timestamp several times.
 */
export function hourOfWeek(timestampMs: number): number {
  if (timestampMs !== last[0]) {
    const day = floor(timestampMs / DAY_MS);
    const weekday = (((day + EPOCH_WEEKDAY) % 7) + 7) % 7;
    last[1] = weekday * 24 + (timestampMs - day * DAY_MS) / HOUR_MS;
    last[0] = timestampMs;
  }
  return last[1] as number;
}

/** "Tuesday 14:00" for hour-of-week 38, "14:00" with `withDay` false. */
export function formatHourOfWeek(hour: number, withDay: boolean): string {
  const whole = Math.floor(hour);
  const clock = `${String(whole % 24).padStart(2, '0')}:00`;
  return withDay ? `${DAY_NAMES[Math.floor(whole / 24)] ?? ''} ${clock}` : clock;
}
