import { seededRandom } from '../detectors/synthetic-series';
import { Sample } from '../model';
import { RangeSummary, summarizeRange } from '../promql/extrapolated-rate';
import { appendSummary, combineSummaries } from './combine-summaries';
import { randomCounter } from './rollup-test-data';

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);
const at = (seconds: number, value: number): Sample => [T0 + seconds * 1000, value];
const summary = (samples: Sample[]): RangeSummary => {
  const result = summarizeRange(samples);
  if (result === undefined) {
    throw new Error('no samples');
  }
  return result;
};

function expectSameSummary(actual: RangeSummary | undefined, expected: RangeSummary | undefined): void {
  expect(actual === undefined).toBe(expected === undefined);
  if (actual === undefined || expected === undefined) {
    return;
  }
  const { resetSum, ...rest } = actual;
  const { resetSum: expectedResetSum, ...expectedRest } = expected;
  expect(rest).toEqual(expectedRest);
  expect(Math.abs(resetSum - expectedResetSum)).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(expectedResetSum)),
  );
}

describe(appendSummary.name, () => {
  it.each<[string, Sample[], Sample[], number]>([
    // 10 → 20 | 30 → 40: no drop anywhere.
    ['no reset', [at(10, 10), at(20, 20)], [at(70, 30), at(80, 40)], 0],
    // 10 → 20 | 5 → 8: the drop across the boundary adds the value before it, 20.
    ['a reset across the boundary', [at(10, 10), at(20, 20)], [at(70, 5), at(80, 8)], 20],
    // 10 → 20 | 20 → 25: equal is not a drop.
    ['equal values across the boundary', [at(10, 10), at(20, 20)], [at(70, 20), at(80, 25)], 0],
    // 50 → 3 (50) | 2 → 9: 3 before the boundary drop, plus 50 inside the first piece.
    ['resets inside and across', [at(10, 50), at(20, 3)], [at(70, 2), at(80, 9)], 53],
    // One sample each: 7 | 6 is a drop of the single sample.
    ['single samples', [at(10, 7)], [at(70, 6)], 7],
  ])('%s', (_name, earlier, later, resetSum) => {
    const combined = appendSummary(summary(earlier), summary(later));
    expect(combined).toEqual({ ...summary([...earlier, ...later]), resetSum });
  });
});

describe(combineSummaries.name, () => {
  it('is undefined without pieces', () => {
    expect(combineSummaries([])).toBeUndefined();
  });

  it('equals the summary of all samples for any split of a random counter with resets', () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const samples = randomCounter(seed, T0, 2 + (seed % 97));
      const random = seededRandom(seed);
      const cuts = Array.from({ length: 6 }, () => Math.floor(random() * samples.length)).sort(
        (a, b) => a - b,
      );
      const pieces: RangeSummary[] = [];
      let from = 0;
      for (const cut of [...cuts, samples.length]) {
        if (cut > from) {
          pieces.push(summary(samples.slice(from, cut)));
          from = cut;
        }
      }
      expectSameSummary(combineSummaries(pieces), summarizeRange(samples));
    }
  });
});
