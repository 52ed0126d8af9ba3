import { newHabitState, observeHabit } from './habitual-surprise';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 2024-01-01 00:00 UTC. */
const START = Date.UTC(2024, 0, 1);

/** Learns `days` of raw scores every 15 minutes; returns what was left of each after the habit. */
function learn(
  state: ReturnType<typeof newHabitState>,
  days: number,
  rawAt: (t: number) => number,
): number[] {
  const unusual: number[] = [];
  for (let t = START; t < START + days * DAY; t += HOUR / 4) {
    unusual.push(observeHabit(state, t, rawAt(t), true));
  }
  return unusual;
}

describe('habitual surprise', () => {
  it('takes off the usual raw score of the hour of day once two days have been seen', () => {
    const state = newHabitState();
    // Every day the 14:00 hour is surprising (0.6) and the rest is not (0.1).
    const unusual = learn(state, 3, (t) => (new Date(t).getUTCHours() === 14 ? 0.6 : 0.1));
    expect(unusual[14 * 4]).toBe(0.6);
    expect(unusual[(48 + 14) * 4]).toBeCloseTo(0, 9);
  });

  it('takes off the habit of the hour of day on every weekday: weekends are left to the band', () => {
    const state = newHabitState();
    // Saturdays 10:00 are surprising (0.6), every other hour is not (0.1): the 10:00 habit is their mean.
    const saturdayTen = (t: number) => new Date(t).getUTCDay() === 6 && new Date(t).getUTCHours() === 10;
    learn(state, 14, (t) => (saturdayTen(t) ? 0.6 : 0.1));
    const saturday = START + 19 * DAY + 10 * HOUR;
    const friday = START + 18 * DAY + 10 * HOUR;
    expect(observeHabit(state, saturday, 0.6, false)).toBeCloseTo(observeHabit(state, friday, 0.6, false), 9);
    expect(observeHabit(state, friday, 0.6, false)).toBeGreaterThan(0.35);
  });

  it('learns nothing from learn=false points', () => {
    const state = newHabitState();
    learn(state, 3, () => 0.2);
    const before = JSON.stringify(state);
    expect(observeHabit(state, START + 3 * DAY + 14 * HOUR, 0.9, false)).toBeCloseTo(0.7, 9);
    expect(JSON.stringify(state)).toBe(before);
  });
});
