import { median } from 'simple-statistics';

/**
 * The usual shape of a day, learned from the days before a window: for each slot of the day (a point's distance
 * from the newest point, modulo a day), the median of the values at that slot over the `days` days that end where
 * the window starts. Every slot gets exactly one value from each of those days, so a slot is never a median of
 * more days than its neighbours (which would make the profile step where the count changes), and one unusual day
 * (a weekend among weekdays, last week's incident) does not move the shape.
 */
export interface DailyProfile {
  /** Slots per day. */
  readonly slots: number;
  /** Median value by slot; slot 0 is the newest point's time of day. */
  readonly values: Float64Array;
}

/**
 * `values` are evenly spaced, the newest last; `windowLength` of them form the window, and the `days × slots`
 * before it teach the profile. Needs `values.length ≥ windowLength + days × slots`.
 */
export function dailyProfile(
  values: ArrayLike<number>,
  slots: number,
  days: number,
  windowLength: number,
): DailyProfile {
  const last = values.length - 1;
  const end = last - windowLength;
  const profile = new Float64Array(slots);
  const column = new Array<number>(days);
  for (let slot = 0; slot < slots; slot += 1) {
    // The index i ≤ end nearest to `end` with (last − i) ≡ slot (mod slots), then one day earlier each time.
    const first = end - ((((end - last + slot) % slots) + slots) % slots);
    for (let day = 0; day < days; day += 1) {
      column[day] = values[first - day * slots] ?? NaN;
    }
    profile[slot] = median(column);
  }
  return { slots, values: profile };
}

/** The profile's value for the point `stepsFromNewest` after the newest (negative: before it). */
export function profileAt(profile: DailyProfile, stepsFromNewest: number): number {
  const slot = ((-stepsFromNewest % profile.slots) + profile.slots) % profile.slots;
  return profile.values[slot] ?? NaN;
}
