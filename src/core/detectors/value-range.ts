/** The smallest and largest value learned: a new record is evidence of its own, whatever the models expect. */
export interface ValueRange {
  count: number;
  min: number;
  max: number;
}

export function newValueRange(): ValueRange {
  return { count: 0, min: 0, max: 0 };
}

/** How far `value` lies outside the range, as a fraction of the range's width; 0 inside it or while it is flat. */
export function recordExcess(range: ValueRange, value: number): number {
  const width = range.max - range.min;
  if (range.count === 0 || width <= 0) {
    return 0;
  }
  return Math.max(0, value - range.max, range.min - value) / width;
}

export function learnRange(range: ValueRange, value: number): void {
  if (range.count === 0) {
    range.min = value;
    range.max = value;
  } else if (value < range.min) {
    range.min = value;
  } else if (value > range.max) {
    range.max = value;
  }
  range.count += 1;
}
