import { medianSorted } from 'simple-statistics';

/**
 * The last `capacity` values, kept twice: in arrival order (a ring, to know which value leaves) and sorted (for
 * order statistics). A new value costs two binary searches and a shift of the sorted array, O(capacity) memory moves
 * but no allocation and no re-sorting; the median and the MAD are then O(1) and O(log capacity).
 */
export interface RollingWindow {
  capacity: number;
  /** Arrival order; `next` is where the next value goes once the ring is full. */
  ring: number[];
  next: number;
  sorted: number[];
}

export function newRollingWindow(capacity: number): RollingWindow {
  return { capacity, ring: [], next: 0, sorted: [] };
}

export function pushRolling(window: RollingWindow, value: number): void {
  const { ring, sorted } = window;
  if (ring.length < window.capacity) {
    ring.push(value);
    sorted.push(value);
    shiftIn(sorted, sorted.length - 1, value);
    return;
  }
  const leaving = ring[window.next] as number;
  ring[window.next] = value;
  window.next = (window.next + 1) % window.capacity;
  replaceSorted(sorted, leaving, value);
}

export function rollingMedian(window: RollingWindow): number {
  return medianSorted(window.sorted);
}

/**
 * Median absolute deviation from `center`, exactly: the deviations below and above `center` are two sorted sequences
 * read off the sorted window, and their median is found by the k-th-of-two-sorted-arrays bisection.
 */
export function rollingMad(window: RollingWindow, center: number): number {
  const { sorted } = window;
  const n = sorted.length;
  if (n === 0) {
    return 0;
  }
  const split = lowerBound(sorted, center);
  const below = (i: number) => center - (sorted[split - 1 - i] as number);
  const above = (i: number) => (sorted[split + i] as number) - center;
  const lower = kthOfTwo(below, split, above, n - split, (n - 1) >> 1);
  if (n % 2 === 1) {
    return lower;
  }
  return (lower + kthOfTwo(below, split, above, n - split, n >> 1)) / 2;
}

/** The value at quantile `p` of the window (linear interpolation between order statistics). */
export function rollingQuantile(window: RollingWindow, p: number): number {
  const { sorted } = window;
  const position = p * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  const a = sorted[low] as number;
  return a + (position - low) * ((sorted[high] as number) - a);
}

/** Moves `value`, just written at index `from`, left to its sorted place. */
function shiftIn(sorted: number[], from: number, value: number): void {
  let i = from;
  while (i > 0 && (sorted[i - 1] as number) > value) {
    sorted[i] = sorted[i - 1] as number;
    i -= 1;
  }
  sorted[i] = value;
}

/** Replaces one occurrence of `leaving` by `value`, shifting only the values between the two positions. */
function replaceSorted(sorted: number[], leaving: number, value: number): void {
  let i = lowerBound(sorted, leaving);
  if (value >= leaving) {
    while (i + 1 < sorted.length && (sorted[i + 1] as number) < value) {
      sorted[i] = sorted[i + 1] as number;
      i += 1;
    }
  } else {
    while (i > 0 && (sorted[i - 1] as number) > value) {
      sorted[i] = sorted[i - 1] as number;
      i -= 1;
    }
  }
  sorted[i] = value;
}

/** First index whose value is ≥ `value`. */
function lowerBound(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as number) < value) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  return low;
}

/** The k-th smallest (0-based) of the union of two ascending sequences given by accessors and lengths. */
function kthOfTwo(
  a: (i: number) => number,
  aLength: number,
  b: (i: number) => number,
  bLength: number,
  k: number,
): number {
  // Binary search on how many of the k+1 smallest come from `a`.
  let low = Math.max(0, k + 1 - bLength);
  let high = Math.min(k + 1, aLength);
  while (low < high) {
    const fromA = (low + high) >>> 1;
    const fromB = k + 1 - fromA;
    if (fromA < aLength && fromB > 0 && b(fromB - 1) > a(fromA)) {
      low = fromA + 1;
    } else {
      high = fromA;
    }
  }
  const fromA = low;
  const fromB = k + 1 - fromA;
  const lastA = fromA > 0 ? a(fromA - 1) : -Infinity;
  const lastB = fromB > 0 ? b(fromB - 1) : -Infinity;
  return Math.max(lastA, lastB);
}
