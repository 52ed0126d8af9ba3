import { DEFAULT_DETECTOR_OPTIONS, Detector, DetectorState, createDetector } from './detector';
import { HoltWintersState } from './holt-winters.detector';
import { StreamingDetectorState } from './streaming-detector';
import { cycleValue, seededGaussian } from './synthetic-series';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const START = Date.UTC(2024, 0, 1);
const SHAPE = { startMs: START, stepMs: 0, level: 100, dailyAmplitude: 30, noise: 1, seed: 31 };

function modelState(state: unknown): HoltWintersState {
  return (state as StreamingDetectorState).model as HoltWintersState;
}

/** Feeds `days` of the daily cycle at the given spacing, skipping points where `skip` says so. */
function feedCycle(
  detector: Detector,
  state: DetectorState,
  stepMs: number,
  days: number,
  skip = (_i: number) => false,
) {
  const noise = seededGaussian(32);
  const results = [];
  for (let i = 0, t = START; t < START + days * DAY; i++, t += stepMs) {
    const value = cycleValue(SHAPE, t) + noise();
    if (!skip(i)) {
      results.push(detector.update(state, t, value));
    }
  }
  return results;
}

describe('holt_winters detector', () => {
  it.each([
    [5 * MIN, 288],
    [MIN, 288],
    [30 * MIN, 48],
    [DAY / 2, 0],
  ])('infers the spacing %p ms and cuts the day into %p seasonal bins', (stepMs, bins) => {
    const detector = createDetector('holt_winters', DEFAULT_DETECTOR_OPTIONS);
    const state = detector.initialState();
    feedCycle(detector, state, stepMs, 5);
    expect(modelState(state).spacingMs).toBe(stepMs);
    expect(modelState(state).season.length).toBe(bins);
  });

  it('learns the daily cycle through missing points and long gaps', () => {
    const detector = createDetector('holt_winters', DEFAULT_DETECTOR_OPTIONS);
    const state = detector.initialState();
    // A third of the points missing, and every fourth day's afternoon too.
    const results = feedCycle(
      detector,
      state,
      5 * MIN,
      10,
      (i) => i % 3 === 1 || (i % (4 * 288) > 150 && i % (4 * 288) < 250),
    );
    const lastDays = results.slice(-150);
    expect(lastDays.filter((r) => r.anomalous)).toEqual([]);
    expect(Math.max(...lastDays.map((r) => r.upper - r.lower))).toBeLessThan(30);
  });
});
