/**
 * Bucket arithmetic of the rollup levels. Buckets are left-open like PromQL ranges: the bucket starting at `b`
 * holds the samples with `b < ts <= b + width`, so a range `(start, end]` whose ends are bucket boundaries is
 * exactly a run of whole buckets.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Widths of the rollup levels, coarsest first. Each width divides the next coarser one. */
export const ROLLUP_WIDTHS_MS: readonly number[] = [DAY_MS, HOUR_MS, 5 * MINUTE_MS, MINUTE_MS];

/** Start of the bucket of `widthMs` that holds a sample at `tsMs` (whole milliseconds). */
export function bucketStartMs(tsMs: number, widthMs: number): number {
  return Math.floor((tsMs - 1) / widthMs) * widthMs;
}

/** The largest multiple of `widthMs` at or before `tMs`. */
export function floorToMs(tMs: number, widthMs: number): number {
  return Math.floor(tMs / widthMs) * widthMs;
}

/** The smallest multiple of `widthMs` at or after `tMs`. */
export function ceilToMs(tMs: number, widthMs: number): number {
  return Math.ceil(tMs / widthMs) * widthMs;
}
