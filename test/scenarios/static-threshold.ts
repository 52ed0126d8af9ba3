import { Sample } from 'src/core/forecast/forecast-model';
import { alertOnsets } from './alert-onsets';
import { ThresholdDirection } from './metric-families';

export interface StaticThreshold {
  direction: ThresholdDirection;
  threshold: number;
  forMs: number;
}

/**
 * The static threshold a careful operator would set: the lowest (for `above`; highest for `below`) level at which
 * `value > threshold for forMs` never fires on the clean data. With evaluations one step apart, an alert needs every
 * point of a window spanning `forMs` past the threshold, so the answer is the largest window minimum (smallest window
 * maximum for `below`). Assumes evenly spaced points.
 */
export function tuneStaticThreshold(
  clean: readonly Sample[],
  rule: { direction: ThresholdDirection; forMs: number },
): StaticThreshold {
  const stepMs = (clean[1]?.[0] ?? 0) - (clean[0]?.[0] ?? 0);
  const window = Math.round(rule.forMs / stepMs) + 1;
  const sign = rule.direction === 'above' ? 1 : -1;
  const values = clean.map(([, value]) => sign * value);
  return { ...rule, threshold: sign * maxOfWindowMinima(values, window) };
}

export function staticAlerts(
  points: readonly Sample[],
  { direction, threshold, forMs }: StaticThreshold,
): number[] {
  const past =
    direction === 'above' ? (value: number) => value > threshold : (value: number) => value < threshold;
  return alertOnsets(
    points.map(([tsMs]) => tsMs),
    points.map(([, value]) => past(value)),
    forMs,
  );
}

/** Sliding-window minimum with a monotonic deque: O(n). */
function maxOfWindowMinima(values: readonly number[], window: number): number {
  const deque: number[] = [];
  let best = -Infinity;
  values.forEach((value, index) => {
    while (deque.length > 0 && (values[deque[deque.length - 1] ?? 0] ?? 0) >= value) {
      deque.pop();
    }
    deque.push(index);
    if ((deque[0] ?? 0) <= index - window) {
      deque.shift();
    }
    if (index >= window - 1) {
      best = Math.max(best, values[deque[0] ?? 0] ?? -Infinity);
    }
  });
  return best;
}
