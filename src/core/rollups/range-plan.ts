import { ROLLUP_WIDTHS_MS, bucketStartMs, ceilToMs, floorToMs } from './rollup-buckets';

/** A run of whole buckets of one level: those starting in `[fromMs, toMs)`, i.e. the samples in `(fromMs, toMs]`. */
export interface RollupSegment {
  readonly widthMs: number;
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * How to read `(startMs, endMs]` from rollups: raw samples in `(startMs, rollupFromMs]` and `(rollupToMs, endMs]`,
 * and between them the segments, contiguous and in time order, each as coarse as its alignment allows.
 */
export interface RangePlan {
  readonly startMs: number;
  readonly endMs: number;
  readonly rollupFromMs: number;
  readonly rollupToMs: number;
  readonly segments: readonly RollupSegment[];
}

/**
 * The plan for `(startMs, endMs]` with the given level widths (coarsest first, each dividing the previous): the
 * coarsest level covers the whole buckets in the middle, finer levels the partial head and tail, raw samples what
 * is left (less than the finest width at each end). Undefined when not even one bucket of the finest level fits.
 */
export function planRange(
  startMs: number,
  endMs: number,
  widthsMs: readonly number[] = ROLLUP_WIDTHS_MS,
): RangePlan | undefined {
  const segments = planSegments(startMs, endMs, widthsMs);
  const first = segments[0];
  const last = segments[segments.length - 1];
  if (first === undefined || last === undefined) {
    return undefined;
  }
  return { startMs, endMs, rollupFromMs: first.fromMs, rollupToMs: last.toMs, segments };
}

function planSegments(startMs: number, endMs: number, widthsMs: readonly number[]): RollupSegment[] {
  const [widthMs, ...finer] = widthsMs;
  if (widthMs === undefined) {
    return [];
  }
  const fromMs = ceilToMs(startMs, widthMs);
  const toMs = floorToMs(endMs, widthMs);
  if (fromMs >= toMs) {
    return planSegments(startMs, endMs, finer);
  }
  return [
    ...planSegments(startMs, fromMs, finer),
    { widthMs, fromMs, toMs },
    ...planSegments(toMs, endMs, finer),
  ];
}

/**
 * Where the rollups of a plan stop being exact when samples at `earliestDirtyMs` and later may not be rolled up
 * yet (undefined: everything is rolled up): the start of the segment's bucket that holds that sample. Buckets ending
 * at or before it are used; raw samples cover the rest, up to `endMs`.
 */
export function rolledUpUntilMs(plan: RangePlan, earliestDirtyMs: number | undefined): number {
  if (earliestDirtyMs === undefined || earliestDirtyMs > plan.rollupToMs) {
    return plan.rollupToMs;
  }
  for (const segment of plan.segments) {
    if (earliestDirtyMs <= segment.toMs) {
      return Math.max(plan.rollupFromMs, bucketStartMs(earliestDirtyMs, segment.widthMs));
    }
  }
  return plan.rollupToMs;
}
