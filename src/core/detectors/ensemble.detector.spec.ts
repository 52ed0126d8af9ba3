import { DEFAULT_DETECTOR_OPTIONS, createDetector } from './detector';
import { EnsembleState } from './ensemble.detector';
import { generateSeries } from './synthetic-series';

const STEP = 5 * 60_000;
const START = Date.UTC(2024, 0, 1);

/** An ensemble that has learned three days of level 100 with noise sigma 2 (values about 93 to 107). */
function learnedEnsemble() {
  const detector = createDetector('ensemble', DEFAULT_DETECTOR_OPTIONS);
  const state = detector.initialState();
  const { timestamps, values } = generateSeries(
    { startMs: START, stepMs: STEP, level: 100, dailyAmplitude: 0, noise: 2, seed: 41 },
    3 * 288,
  );
  timestamps.forEach((t, i) => detector.update(state, t, values[i] as number));
  return { detector, state, next: START + 3 * 288 * STEP };
}

describe('ensemble detector', () => {
  it('scores a new record at least as a red likelihood, more the further it lies beyond the range', () => {
    // 0.5%, 2% and 10% of the learned range above its maximum; 5% and more scores 1.
    const scores = [0.005, 0.02, 0.1].map((beyond) => {
      const { detector, state, next } = learnedEnsemble();
      const { range } = state.model as EnsembleState;
      return detector.update(state, next, range.max + beyond * (range.max - range.min)).score;
    });
    expect(scores[0]).toBeGreaterThanOrEqual(0.47);
    expect(scores[1]).toBeGreaterThan(scores[0]!);
    expect(scores[2]).toBe(1);
  });

  it('shows the median of its members as the expected value and band', () => {
    const { detector, state, next } = learnedEnsemble();
    const result = detector.update(state, next, 100);
    expect(result.expected).toBeCloseTo(100, 0);
    expect(result.upper - result.expected).toBeGreaterThan(3);
    expect(result.upper - result.expected).toBeLessThan(12);
    expect(result.anomalous).toBe(false);
  });

  it('raises one alarm per event: a sustained shift is anomalous at once, then only yellow', () => {
    const { detector, state, next } = learnedEnsemble();
    const scores = Array.from(
      { length: 30 },
      (_, i) => detector.update(state, next + i * STEP, 101 + (i % 2)).score,
    );
    const shifted = Array.from(
      { length: 30 },
      (_, i) => detector.update(state, next + (30 + i) * STEP, 130).score,
    );
    expect(Math.max(...scores)).toBeLessThan(0.3);
    expect(shifted[0]).toBe(1);
    // After the record, the likelihood reports the ongoing event at most once more as red.
    expect(shifted.slice(1).filter((score) => score >= 0.47).length).toBeLessThanOrEqual(1);
  });
});
