import { TimeInterval, isInAnyTimeInterval } from './time-interval';

/**
 * The concrete stretches `[startMs, endMs)` during which a named time interval (a list of Alertmanager
 * `time_intervals` entries: business hours, maintenance windows, holidays) holds within a window. Membership can
 * only change on a minute boundary (times are `HH:MM`; days change at a midnight, which is a minute boundary in every
 * IANA zone), so each minute is tested once. Whole UTC days are memoised per interval list: a 28-day SLO window
 * costs one day of work per evaluation after the first.
 */

export interface TimeSpan {
  readonly startMs: number;
  readonly endMs: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const dayCache = new WeakMap<readonly TimeInterval[], Map<number, TimeSpan[]>>();

function scan(intervals: readonly TimeInterval[], fromMs: number, toMs: number): TimeSpan[] {
  const spans: TimeSpan[] = [];
  let openAt: number | undefined;
  for (let ts = fromMs; ts < toMs; ts += MINUTE_MS) {
    const inside = isInAnyTimeInterval(intervals, ts);
    if (inside && openAt === undefined) {
      openAt = ts;
    } else if (!inside && openAt !== undefined) {
      spans.push({ startMs: openAt, endMs: ts });
      openAt = undefined;
    }
  }
  if (openAt !== undefined) {
    spans.push({ startMs: openAt, endMs: toMs });
  }
  return spans;
}

function daySpans(intervals: readonly TimeInterval[], dayStartMs: number): TimeSpan[] {
  let days = dayCache.get(intervals);
  if (days === undefined) {
    days = new Map();
    dayCache.set(intervals, days);
  }
  let spans = days.get(dayStartMs);
  if (spans === undefined) {
    spans = scan(intervals, dayStartMs, dayStartMs + DAY_MS);
    days.set(dayStartMs, spans);
  }
  return spans;
}

/** The spans of `intervals` within `[startMs, endMs)`, in time order, adjacent ones merged. */
export function intervalSpans(
  intervals: readonly TimeInterval[],
  startMs: number,
  endMs: number,
): TimeSpan[] {
  if (intervals.length === 0 || !(endMs > startMs)) {
    return [];
  }
  const from = Math.floor(startMs / MINUTE_MS) * MINUTE_MS;
  const spans: TimeSpan[] = [];
  for (let day = Math.floor(from / DAY_MS) * DAY_MS; day < endMs; day += DAY_MS) {
    for (const span of daySpans(intervals, day)) {
      const clipped = { startMs: Math.max(span.startMs, startMs), endMs: Math.min(span.endMs, endMs) };
      if (clipped.endMs <= clipped.startMs) {
        continue;
      }
      const last = spans[spans.length - 1];
      if (last !== undefined && last.endMs === clipped.startMs) {
        spans[spans.length - 1] = { startMs: last.startMs, endMs: clipped.endMs };
      } else {
        spans.push(clipped);
      }
    }
  }
  return spans;
}
