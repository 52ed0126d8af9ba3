import { Sample } from '../model';
import { extrapolatedRate, instantValue, summarizeRange } from './extrapolated-rate';

const T0 = Date.UTC(2026, 0, 1);
const at = (seconds: number, value: number): Sample => [T0 + seconds * 1000, value];
/** Window of `x[5m]` evaluated at T0 + 600 s: (T0 + 300 s, T0 + 600 s]. */
const START = T0 + 300_000;
const END = T0 + 600_000;

const increase = (samples: Sample[]) => extrapolatedRate(samples, START, END, true, false);
const rate = (samples: Sample[]) => extrapolatedRate(samples, START, END, true, true);
const delta = (samples: Sample[]) => extrapolatedRate(samples, START, END, false, false);

describe('extrapolatedRate (Prometheus rate/increase/delta)', () => {
  // Regular counter: 5 samples 60 s apart at 330..570 s, +6 per sample.
  // raw increase 34 - 10 = 24; sampled interval 240 s, average 60 s, threshold 1.1 × 60 = 66 s.
  // To start 330 - 300 = 30 s < 66 → extrapolate fully; to end 600 - 570 = 30 s < 66 → fully.
  // Zero point: 240 × 10 / 24 = 100 s > 30 → no limit. Factor (240 + 30 + 30) / 240 = 1.25.
  // increase = 24 × 1.25 = 30; rate = 30 / 300 s = 0.1; delta (no counter logic) = 30.
  const regular = [at(330, 10), at(390, 16), at(450, 22), at(510, 28), at(570, 34)];

  // Counter reset between 390 s (20) and 450 s (5): raw 25 - 10 = 15, plus 20 before the reset = 35.
  // Same spacing → factor 1.25: increase = 43.75; rate = 43.75 / 300. delta ignores resets: 15 × 1.25 = 18.75.
  const withReset = [at(330, 10), at(390, 20), at(450, 5), at(510, 15), at(570, 25)];

  // Low start value: raw 26 - 2 = 24; zero point 240 × 2 / 24 = 20 s < 30 s → start extrapolation limited to 20 s.
  // increase = 24 × (240 + 20 + 30) / 240 = 29; rate = 29 / 300. delta has no zero limit: 24 × 1.25 = 30.
  const nearZero = [at(330, 2), at(390, 8), at(450, 14), at(510, 20), at(570, 26)];

  // Series starts within the range: first sample 480 - 300 = 180 s after the start ≥ 66 → only half an average
  // interval (30 s). Last sample at the end: 0 s. raw 12, interval 120 s: increase = 12 × (120 + 30 + 0) / 120 = 15.
  const startsLate = [at(480, 100), at(540, 106), at(600, 112)];

  // Series stops early: to end 600 - 390 = 210 s ≥ 66 → 30 s. raw 6, interval 60 s, zero point 60 × 10 / 6 = 100 s.
  // increase = 6 × (60 + 30 + 30) / 60 = 12; rate = 0.04.
  const stopsEarly = [at(330, 10), at(390, 16)];

  // Irregular, counter starting at 0: interval 280 s, average 140 s, threshold 154 s. To start 10 s, but the zero
  // point is 280 × 0 / 50 = 0 s → 0. To end 10 s. increase = 50 × (280 + 0 + 10) / 280 = 51.785714...
  const fromZero = [at(310, 0), at(320, 5), at(590, 50)];

  // A falling gauge read as a counter: every drop is a reset. raw 10 - 50 = -40, resets add 50 + 40 + 30 + 20 = 140
  // → 100. Zero point 240 × 50 / 100 = 120 s > 30 → factor 1.25: increase = 125. delta = -40 × 1.25 = -50.
  const falling = [at(330, 50), at(390, 40), at(450, 30), at(510, 20), at(570, 10)];

  it.each<[string, Sample[], number, number, number]>([
    ['regular', regular, 30, 0.1, 30],
    ['counter reset', withReset, 43.75, 43.75 / 300, 18.75],
    ['zero-point limit', nearZero, 29, 29 / 300, 30],
    ['series starts late', startsLate, 15, 0.05, 15],
    ['series stops early', stopsEarly, 12, 0.04, 12],
    ['irregular from zero', fromZero, (50 * 290) / 280, (50 * 290) / 280 / 300, (50 * 300) / 280],
    ['falling', falling, 125, 125 / 300, -50],
  ])('%s', (_, samples, expectedIncrease, expectedRate, expectedDelta) => {
    expect(increase(samples)).toBeCloseTo(expectedIncrease, 10);
    expect(rate(samples)).toBeCloseTo(expectedRate, 12);
    expect(delta(samples)).toBeCloseTo(expectedDelta, 10);
  });

  it('gives no result for fewer than 2 samples', () => {
    expect(increase([at(400, 5)])).toBeUndefined();
    expect(increase([])).toBeUndefined();
  });
});

describe('instantValue (Prometheus irate/idelta)', () => {
  it.each<[string, Sample[], number | undefined, number | undefined]>([
    // last two: 28 → 34 over 60 s
    ['increasing', [at(450, 22), at(510, 28), at(570, 34)], 6 / 60, 6],
    // 15 → 5 is a reset for irate: the increase is the new value 5
    ['reset', [at(510, 15), at(570, 5)], 5 / 60, -10],
    ['one sample', [at(570, 5)], undefined, undefined],
    ['same timestamp', [at(570, 5), at(570, 6)], undefined, undefined],
  ])('%s', (_, samples, irate, idelta) => {
    expect(instantValue(samples, true)).toBe(irate);
    expect(instantValue(samples, false)).toBe(idelta);
  });
});

describe('summarizeRange', () => {
  it('sums the value before every drop', () => {
    expect(
      summarizeRange([
        [0, 5],
        [1, 9],
        [2, 2],
        [3, 4],
        [4, 1],
      ]),
    ).toEqual({ count: 5, firstTsMs: 0, firstValue: 5, lastTsMs: 4, lastValue: 1, resetSum: 13 });
  });
});
