import { median } from 'simple-statistics';
import { theilSen } from 'src/core/slo/exhaustion-forecast';

/**
 * Theil–Sen (median pairwise slope, then median intercept) without listing all n²/2 slopes, for long lookbacks:
 * 6h of 15s scrapes is 1,440 points and a million slopes per evaluation with the pairwise version.
 *
 * The k-th smallest slope is found by bisection on the slope value t. How many slopes are ≤ t is an inversion count:
 * with points sorted by x, the pair i < j has slope ≤ t exactly when u = y − t·x has u_i ≥ u_j, which one merge
 * sort of u counts in O(n log n). Once at most n slopes lie in the bracket, those pairs are the ones whose order by
 * u differs between its two ends; they are listed and the exact one is picked. Up to rounding in the comparisons the
 * result equals `theilSen`, which it defers to for small inputs where the pairwise version is as fast.
 */

/** Up to this many points listing every pair is about as fast, and is the reference implementation. */
const PAIRWISE_LIMIT = 200;
/** Past this the bracket is narrower than rounding: a tie cluster (collinear points, a stuck value). */
const MAX_BISECTIONS = 100;

export function theilSenLine(points: ReadonlyArray<readonly [x: number, y: number]>): {
  m: number;
  b: number;
} {
  if (points.length <= PAIRWISE_LIMIT) {
    return theilSen(points);
  }
  const sorted = [...points].sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  const xs = Float64Array.from(sorted, ([x]) => x);
  const ys = Float64Array.from(sorted, ([, y]) => y);
  const pairs = pairsWithDistinctX(xs);
  if (pairs === 0) {
    throw new RangeError('theilSenLine needs at least 2 points with distinct x');
  }
  const m = medianSlope(new SlopeCounter(xs, ys), pairs);
  return { m, b: median(sorted.map(([x, y]) => y - m * x)) };
}

/** Pairs of points with different x (xs sorted). */
function pairsWithDistinctX(xs: Float64Array): number {
  return (xs.length * (xs.length - 1)) / 2 - pairsWithin(xs.length, (i) => xs[i] === xs[i - 1]);
}

/** Pairs inside runs of consecutive indices where `same(i)` says that i continues the run of i − 1. */
function pairsWithin(length: number, same: (i: number) => boolean): number {
  let pairs = 0;
  let run = 1;
  for (let i = 1; i <= length; i += 1) {
    if (i < length && same(i)) {
      run += 1;
    } else {
      pairs += (run * (run - 1)) / 2;
      run = 1;
    }
  }
  return pairs;
}

/** Points sorted by (x, y), and how many of their distinct-x pairs have a slope ≤ t. */
class SlopeCounter {
  /** Repeated points tie on u at every t but have no slope. */
  private readonly duplicatePairs: number;

  constructor(
    readonly xs: Float64Array,
    readonly ys: Float64Array,
  ) {
    this.duplicatePairs = pairsWithin(xs.length, (i) => xs[i] === xs[i - 1] && ys[i] === ys[i - 1]);
  }

  atMost(t: number): number {
    return countInversions(this.xs.map((x, i) => at(this.ys, i) - t * x)) - this.duplicatePairs;
  }
}

/** Slopes in (lo, hi]: `below` of all slopes are ≤ lo and `upTo` are ≤ hi. */
interface Bracket {
  lo: number;
  hi: number;
  below: number;
  upTo: number;
}

/** The median of the `pairs` distinct-x slopes: the mean of the two middle ones when `pairs` is even. */
function medianSlope(counter: SlopeCounter, pairs: number): number {
  const low = Math.floor((pairs - 1) / 2);
  const high = Math.floor(pairs / 2);
  // One bracket serves both middle ranks until a midpoint falls between them.
  const shared = narrow(counter, everySlope(counter, pairs), low, high);
  const lower = slopeOfRank(counter, narrow(counter, shared, low, low), low);
  return low === high ? lower : (lower + slopeOfRank(counter, narrow(counter, shared, high, high), high)) / 2;
}

/** A bracket around all slopes: none is steeper than the y range over the smallest x gap. */
function everySlope({ xs, ys }: SlopeCounter, pairs: number): Bracket {
  let minGap = Infinity;
  let minY = at(ys, 0);
  let maxY = minY;
  for (let i = 1; i < xs.length; i += 1) {
    const gap = at(xs, i) - at(xs, i - 1);
    if (gap > 0 && gap < minGap) {
      minGap = gap;
    }
    minY = Math.min(minY, at(ys, i));
    maxY = Math.max(maxY, at(ys, i));
  }
  const bound = (maxY - minY) / minGap + 1;
  return { lo: -bound, hi: bound, below: 0, upTo: pairs };
}

/** Bisects while more than n slopes are in the bracket and a midpoint keeps ranks low..high inside it. */
function narrow(counter: SlopeCounter, start: Bracket, low: number, high: number): Bracket {
  const bracket = { ...start };
  for (let step = 0; step < MAX_BISECTIONS && bracket.upTo - bracket.below > counter.xs.length; step += 1) {
    const mid = bracket.lo + (bracket.hi - bracket.lo) / 2;
    if (mid <= bracket.lo || mid >= bracket.hi) {
      break;
    }
    const count = counter.atMost(mid);
    if (count > high) {
      bracket.hi = mid;
      bracket.upTo = count;
    } else if (count <= low) {
      bracket.lo = mid;
      bracket.below = count;
    } else {
      break;
    }
  }
  return bracket;
}

/** The k-th smallest (0-based) slope, from a bracket that holds it. */
function slopeOfRank({ xs, ys }: SlopeCounter, { lo, hi, below, upTo }: Bracket, k: number): number {
  const bracketed = slopesBetween(xs, ys, lo, hi, xs.length);
  if (bracketed.length < upTo - below) {
    // A tie cluster: every slope in the bracket is the same value up to rounding.
    return bracketed[0] ?? hi;
  }
  bracketed.sort((p, q) => p - q);
  return bracketed[k - below] ?? hi;
}

/** Point indices ordered by y − t·x, as just after t: ties (slope exactly t) put the larger x first. */
function orderAt(xs: Float64Array, ys: Float64Array, t: number): Int32Array {
  const u = xs.map((x, i) => at(ys, i) - t * x);
  return Int32Array.from(xs, (_, i) => i).sort(
    (i, j) => at(u, i) - at(u, j) || at(xs, j) - at(xs, i) || i - j,
  );
}

/** Slopes of the pairs whose order differs between `orderAt(lo)` and `orderAt(hi)`, i.e. in (lo, hi]; at most `limit`. */
function slopesBetween(xs: Float64Array, ys: Float64Array, lo: number, hi: number, limit: number): number[] {
  const hiOrder = orderAt(xs, ys, hi);
  const hiRank = new Int32Array(xs.length);
  hiOrder.forEach((point, rank) => {
    hiRank[point] = rank;
  });
  const slopes: number[] = [];
  countInversions(
    Float64Array.from(orderAt(xs, ys, lo), (point) => hiRank[point] ?? 0),
    (greater, smaller) => {
      const i = hiOrder[greater] ?? 0;
      const j = hiOrder[smaller] ?? 0;
      slopes.push((at(ys, i) - at(ys, j)) / (at(xs, i) - at(xs, j)));
      return slopes.length < limit;
    },
  );
  return slopes;
}

/**
 * Pairs a < b with seq[a] ≥ seq[b], by bottom-up merge sort that uses `seq` as scratch space. `onPair` sees each
 * such pair's values until it returns false.
 */
function countInversions(seq: Float64Array, onPair?: (greater: number, smaller: number) => boolean): number {
  let src: Float64Array = seq;
  let dst: Float64Array = new Float64Array(seq.length);
  let count = 0;
  let listing = onPair !== undefined;
  for (let width = 1; width < src.length; width *= 2) {
    for (let start = 0; start < src.length; start += 2 * width) {
      const mid = Math.min(start + width, src.length);
      const end = Math.min(start + 2 * width, src.length);
      let a = start;
      let b = mid;
      let out = start;
      while (a < mid && b < end) {
        const right = at(src, b);
        if (at(src, a) < right) {
          dst[out++] = at(src, a++);
          continue;
        }
        count += mid - a;
        for (let c = a; listing && c < mid; c += 1) {
          listing = onPair?.(at(src, c), right) ?? false;
        }
        dst[out++] = right;
        b += 1;
      }
      while (a < mid) {
        dst[out++] = at(src, a++);
      }
      while (b < end) {
        dst[out++] = at(src, b++);
      }
    }
    [src, dst] = [dst, src];
  }
  return count;
}

/** Read at an index known to be in range (one array type keeps the hot loops monomorphic). */
function at(array: Float64Array, index: number): number {
  return array[index] ?? NaN;
}
