import { learnRange, newValueRange, recordExcess } from './value-range';

describe('value range', () => {
  it.each([
    [[], 5, 0],
    [[3, 3, 3], 9, 0], // flat: no width to measure a record against
    [[10, 20], 15, 0],
    [[10, 20], 22, 0.2],
    [[10, 20], 5, 0.5],
    [[10, 20, 20], 20, 0],
  ])('after %j, %p lies %p range widths outside', (learned, value, excess) => {
    const range = newValueRange();
    learned.forEach((v) => learnRange(range, v));
    expect(recordExcess(range, value)).toBeCloseTo(excess, 12);
  });
});
