import { DEFAULT_DETECTOR_OPTIONS, createDetector } from './detector';
import { generateSeries } from './synthetic-series';

const STEP = 5 * 60_000;
const START = Date.UTC(2024, 0, 1);

describe('cusum detector', () => {
  it.each([
    // shift in sigmas (noise sigma 2), points until the alarm: about h / (shift − k) for h = 5, k = 0.5
    [2, 2, 10],
    [3, 1, 6],
    [5, 1, 3],
  ])(
    'alarms once on a sustained shift of %p sigmas, after %p to %p points, then takes it as the new normal',
    (shift, earliest, latest) => {
      const detector = createDetector('cusum', DEFAULT_DETECTOR_OPTIONS);
      const state = detector.initialState();
      const { timestamps, values } = generateSeries(
        { startMs: START, stepMs: STEP, level: 100, dailyAmplitude: 0, noise: 2, seed: 21 },
        3 * 288 + 100,
      );
      const results = timestamps.map((t, i) =>
        detector.update(state, t, values[i]! + (i >= 3 * 288 ? 2 * shift : 0)),
      );
      const after = results.slice(3 * 288);
      const alarms = after.flatMap((r, i) => (r.anomalous ? [i + 1] : []));
      expect(alarms.length).toBeGreaterThanOrEqual(1);
      expect(alarms[0]).toBeGreaterThanOrEqual(earliest);
      expect(alarms[0]).toBeLessThanOrEqual(latest);
      const first = alarms[0]!;
      expect(alarms.filter((at) => at > first && at <= first + 10)).toEqual([]);
      expect(Math.abs(after[first + 20]!.expected - (100 + 2 * shift))).toBeLessThan(2);
    },
  );
});
