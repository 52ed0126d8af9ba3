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

const { floor } = Math;

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
  const { sorted } = window;
  const n = sorted.length;
  if (n === 0) {
    return NaN;
  }
  const half = n >> 1;
  return n % 2 === 1
    ? (sorted[half] as number)
    : ((sorted[half - 1] as number) + (sorted[half] as number)) / 2;
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
  // The (n − 1) / 2-th smallest deviation, and for an even n the mean of it and the next.
  const split = lowerBound(sorted, center);
  const aboveLength = n - split;
  const k = (n - 1) >> 1;
  // Bisect on how many of the k + 1 smallest deviations lie below `center`.
  let low = k + 1 - aboveLength > 0 ? k + 1 - aboveLength : 0;
  let high = k + 1 < split ? k + 1 : split;
  while (low < high) {
    const fromBelow = (low + high) >>> 1;
    const fromAbove = k + 1 - fromBelow;
    if (
      fromAbove > 0 &&
      (sorted[split + fromAbove - 1] as number) - center > center - (sorted[split - 1 - fromBelow] as number)
    ) {
      low = fromBelow + 1;
    } else {
      high = fromBelow;
    }
  }
  const fromAbove = k + 1 - low;
  const lastBelow = low > 0 ? center - (sorted[split - low] as number) : -Infinity;
  const lastAbove = fromAbove > 0 ? (sorted[split + fromAbove - 1] as number) - center : -Infinity;
  const kth = lastBelow > lastAbove ? lastBelow : lastAbove;
  if (n % 2 === 1) {
    return kth;
  }
  // The next smallest is the nearer of the next deviation below and the next above.
  const nextBelow = low < split ? center - (sorted[split - 1 - low] as number) : Infinity;
  const nextAbove = fromAbove < aboveLength ? (sorted[split + fromAbove] as number) - center : Infinity;
  return (kth + (nextBelow < nextAbove ? nextBelow : nextAbove)) / 2;
}

/** The value at quantile `p` of the window (linear interpolation between order statistics). */
export function rollingQuantile(window: RollingWindow, p: number): number {
  const { sorted } = window;
  const position = p * (sorted.length - 1);
  const low = floor(position);
  const high = low + 1 < sorted.length ? low + 1 : sorted.length - 1;
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

/**
 * Replaces one occurrence of `leaving` by `value`: two binary searches, then a plain copy of the values between the
 * two positions one place over.
 */
function replaceSorted(sorted: number[], leaving: number, value: number): void {
  const from = lowerBound(sorted, leaving);
  const to = lowerBound(sorted, value);
  if (value >= leaving) {
    // Values in (from, to) are below `value`: they move one place down, and `value` goes after them.
    const last = to - 1 > from ? to - 1 : from;
    for (let i = from; i < last; i++) {
      sorted[i] = sorted[i + 1] as number;
    }
    sorted[last] = value;
  } else {
    // Values in [to, from) are at least `value`: they move one place up, and `value` goes before them.
    for (let i = from; i > to; i--) {
      sorted[i] = sorted[i - 1] as number;
    }
    sorted[to] = value;
  }
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
