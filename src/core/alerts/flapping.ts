import { AlertTransition } from './alert-state';

export const FLAP_WINDOW_MS = 3_600_000;

/** Firing times of a rule's alerts within the last hour, updated with this evaluation's transitions. */
export function recentFirings(
  previous: readonly number[],
  transitions: readonly AlertTransition[],
  nowMs: number,
): number[] {
  const since = nowMs - FLAP_WINDOW_MS;
  const kept = previous.filter((ts) => ts > since);
  for (const transition of transitions) {
    if (transition.kind === 'firing') {
      kept.push(nowMs);
    }
  }
  return kept;
}

/** A rule flaps when its alerts fired (and so resolved in between) more than `threshold` times in the last hour. */
export function isFlapping(firingsLastHour: readonly number[], threshold: number): boolean {
  return firingsLastHour.length > threshold;
}
