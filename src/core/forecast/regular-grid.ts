import { median } from 'simple-statistics';
import { Sample } from './forecast-model';

/** Evenly spaced values: slot i is at `startMs + i * stepMs`. */
export interface RegularGrid {
  startMs: number;
  stepMs: number;
  values: number[];
}

/**
 * Holt-Winters counts in steps, so scraped samples (jittered, with gaps) are put on a grid first. The step is the
 * median spacing; each point goes to its nearest slot (a later point wins a shared slot), and empty slots are
 * interpolated between their neighbours so that a gap neither bends the trend nor shifts the season.
 * Needs at least two points at distinct times, ascending.
 */
export function toRegularGrid(points: readonly Sample[]): RegularGrid {
  const gaps: number[] = [];
  for (let i = 1; i < points.length; i += 1) {
    const gap = (points[i]?.[0] ?? 0) - (points[i - 1]?.[0] ?? 0);
    if (gap > 0) {
      gaps.push(gap);
    }
  }
  const stepMs = median(gaps);
  const startMs = points[0]?.[0] ?? 0;
  const slotOf = (tsMs: number): number => Math.round((tsMs - startMs) / stepMs);
  const known = new Map<number, number>();
  for (const [tsMs, value] of points) {
    known.set(slotOf(tsMs), value);
  }
  const slots = [...known.keys()];
  const values: number[] = [];
  for (let i = 0; i + 1 < slots.length; i += 1) {
    const from = slots[i] ?? 0;
    const to = slots[i + 1] ?? 0;
    const fromValue = known.get(from) ?? 0;
    const toValue = known.get(to) ?? 0;
    for (let slot = from; slot < to; slot += 1) {
      values.push(fromValue + ((toValue - fromValue) * (slot - from)) / (to - from));
    }
  }
  values.push(known.get(slots[slots.length - 1] ?? 0) ?? 0);
  return { startMs, stepMs, values };
}
