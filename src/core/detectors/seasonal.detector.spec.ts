import { DEFAULT_DETECTOR_OPTIONS, DetectorKind, createDetector } from './detector';
import { seededGaussian } from './synthetic-series';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const STEP = 5 * MIN;
/** Monday 2024-01-01 00:00 UTC. */
const START = Date.UTC(2024, 0, 1);

/** Base 100 (sigma 2) with a daily peak to 300 from 14:00 to 15:00 UTC, and 50 lower on Sundays if `sundayDip`. */
function trafficAt(timestampMs: number, noise: () => number, sundayDip: boolean): number {
  const hour = new Date(timestampMs).getUTCHours();
  const sunday = new Date(timestampMs).getUTCDay() === 0;
  return (hour === 14 ? 300 : 100) - (sundayDip && sunday ? 50 : 0) + 2 * noise();
}

describe.each<[DetectorKind, number]>([
  // The hour-of-day profile is used from the second day; its first day still rests on the level.
  ['seasonal', 2],
  ['ensemble', 1],
  // Holt-Winters starts its season from the first complete day (the classic initialisation).
  ['holt_winters', 1],
])('%s detector', (kind, learnedAfterDays) => {
  it(`does not flag a daily peak after ${learnedAfterDays} days of learning`, () => {
    // Sensitivity 4: at 3, Gaussian noise alone crosses the band about once a day.
    const detector = createDetector(kind, { ...DEFAULT_DETECTOR_OPTIONS, sensitivity: 4 });
    const state = detector.initialState();
    const noise = seededGaussian(11);
    const flagged: string[] = [];
    for (let t = START; t < START + (learnedAfterDays + 3) * DAY; t += STEP) {
      const result = detector.update(state, t, trafficAt(t, noise, false));
      if (result.anomalous && t >= START + learnedAfterDays * DAY) {
        flagged.push(new Date(t).toISOString());
      }
    }
    expect(flagged).toEqual([]);
  });
});

describe('seasonal detector', () => {
  it('uses the hour-of-day profile in its first weeks and the weekly profile after three weeks', () => {
    const detector = createDetector('seasonal', DEFAULT_DETECTOR_OPTIONS);
    const state = detector.initialState();
    const noise = seededGaussian(12);
    const probes: Array<[string, number, boolean, RegExp]> = [
      // Sunday of week 1: the hourly profile has not seen Sundays as different, so the dip is anomalous.
      ['2024-01-07T10:00:00Z', 50, true, /^value 50 below expected [\d.]+ \(band [^)]+\) for 10:00$/],
      // Sunday of week 4: the weekly profile knows the dip; a weekday level on a Sunday is now anomalous.
      ['2024-01-28T10:00:00Z', 50, false, /^no anomaly$/],
      ['2024-01-28T10:05:00Z', 100, true, /^value 100 above expected 5\d.* for Sunday 10:00$/],
    ];
    for (let t = START; t < START + 28 * DAY; t += STEP) {
      const probe = probes.find(([at]) => Date.parse(at) === t);
      const result = detector.update(state, t, probe?.[1] ?? trafficAt(t, noise, true), probe === undefined);
      if (probe !== undefined) {
        expect([probe[0], result.anomalous, result.reason]).toEqual([
          probe[0],
          probe[2],
          expect.stringMatching(probe[3]),
        ]);
      }
    }
  });

  it('is not dragged by outliers while it learns', () => {
    const detector = createDetector('seasonal', DEFAULT_DETECTOR_OPTIONS);
    const state = detector.initialState();
    const noise = seededGaussian(13);
    for (let t = START; t < START + 7 * DAY; t += STEP) {
      // One point in 50 is a wild outlier, and it is learned.
      const outlier = Math.round((t - START) / STEP) % 50 === 25;
      detector.update(state, t, outlier ? 10_000 : 100 + 2 * noise());
    }
    const result = detector.update(state, START + 7 * DAY, 100);
    expect(result.expected).toBeCloseTo(100, 0);
    expect(result.upper - result.expected).toBeLessThan(15);
  });
});
