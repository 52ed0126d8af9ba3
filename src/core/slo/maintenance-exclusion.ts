import { SeriesSamples } from '../model';
import { kahanSum } from '../promql/kahan-sum';
import { SliCounts } from './error-budget';
import { SliSeries, increaseBetween } from './window-counts';

/**
 * Leaving maintenance windows (and other `exclude:` time intervals) out of an SLO's counts: the window is cut into
 * the pieces between the excluded intervals, and each piece's increase is computed as Prometheus would for that
 * range (`increaseBetween`, extrapolated to the piece's ends), then summed. Events inside an excluded interval
 * neither spend nor earn budget.
 */

/** A time interval `[startMs, endMs)`. */
export interface TimeInterval {
  readonly startMs: number;
  readonly endMs: number;
}

/** `[startMs, endMs)` minus the excluded intervals (any order, may overlap): the included pieces, in time order. */
export function includedIntervals(
  startMs: number,
  endMs: number,
  excluded: readonly TimeInterval[],
): TimeInterval[] {
  const cuts = excluded
    .filter(
      (interval) => interval.endMs > startMs && interval.startMs < endMs && interval.endMs > interval.startMs,
    )
    .sort((a, b) => a.startMs - b.startMs);
  const pieces: TimeInterval[] = [];
  let cursor = startMs;
  for (const cut of cuts) {
    if (cut.startMs > cursor) {
      pieces.push({ startMs: cursor, endMs: cut.startMs });
    }
    cursor = Math.max(cursor, cut.endMs);
  }
  if (cursor < endMs) {
    pieces.push({ startMs: cursor, endMs });
  }
  return pieces;
}

/** Total length of the excluded intervals within `[startMs, endMs)`, overlaps counted once. */
export function excludedMs(startMs: number, endMs: number, excluded: readonly TimeInterval[]): number {
  const included = includedIntervals(startMs, endMs, excluded);
  return Math.max(0, endMs - startMs) - included.reduce((sum, piece) => sum + piece.endMs - piece.startMs, 0);
}

/**
 * `sum(increase(series[windowMs]))` at `nowMs` without the excluded intervals. Undefined (no data) when no piece has
 * an increase (for example, the whole window is excluded).
 */
export function increaseExcluding(
  series: readonly SeriesSamples[],
  windowMs: number,
  nowMs: number,
  excluded: readonly TimeInterval[],
): number | undefined {
  const increases = includedIntervals(nowMs - windowMs, nowMs, excluded).flatMap((piece) => {
    const increase = increaseBetween(series, piece.startMs, piece.endMs);
    return increase === undefined ? [] : [increase];
  });
  return increases.length === 0 ? undefined : kahanSum(increases);
}

/** `sliCountsOverWindow` without the excluded intervals; a missing good/bad increase counts as 0 events. */
export function sliCountsExcluding(
  sli: SliSeries,
  windowMs: number,
  nowMs: number,
  excluded: readonly TimeInterval[],
): SliCounts | undefined {
  const total = increaseExcluding(sli.total, windowMs, nowMs, excluded);
  if (total === undefined) {
    return undefined;
  }
  if ('good' in sli) {
    return { good: increaseExcluding(sli.good, windowMs, nowMs, excluded) ?? 0, total };
  }
  return { bad: increaseExcluding(sli.bad, windowMs, nowMs, excluded) ?? 0, total };
}
