import {
  DEFAULT_DETECTOR_OPTIONS,
  Detector,
  DetectorKind,
  DetectorOptions,
  DetectorResult,
  DetectorState,
  createDetector,
} from './detector';
import { generateSeries, seededRandom } from './synthetic-series';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Monday 2024-01-01 00:00 UTC. */
const START = Date.UTC(2024, 0, 1);
const STEP = 5 * MIN;

const KINDS: DetectorKind[] = ['seasonal', 'robust', 'ewma', 'holt_winters', 'cusum', 'ensemble'];

function detectorOf(kind: DetectorKind, options: Partial<DetectorOptions> = {}): Detector {
  return createDetector(kind, { ...DEFAULT_DETECTOR_OPTIONS, ...options });
}

/** Feeds points in order; returns one result per point. */
function feed(
  detector: Detector,
  state: DetectorState,
  timestamps: number[],
  values: number[],
): DetectorResult[] {
  return timestamps.map((t, i) => detector.update(state, t, values[i] as number));
}

/** Three days of a flat noisy series (level 100, sigma 2) at 5-minute spacing. */
function flatHistory(seed: number) {
  return generateSeries(
    { startMs: START, stepMs: STEP, level: 100, dailyAmplitude: 0, noise: 2, seed },
    3 * 288,
  );
}

/** Three days of a daily cycle (100 ± 20, sigma 2). */
function cyclicHistory(seed: number) {
  return generateSeries(
    { startMs: START, stepMs: STEP, level: 100, dailyAmplitude: 20, noise: 2, seed },
    3 * 288,
  );
}

describe.each(KINDS)('%s detector', (kind) => {
  it('never flags a constant series', () => {
    for (const level of [0, 42, 1e9 + 0.1]) {
      const detector = detectorOf(kind);
      const state = detector.initialState();
      const count = 4 * 288;
      const results = feed(
        detector,
        state,
        Array.from({ length: count }, (_, i) => START + i * STEP),
        new Array<number>(count).fill(level),
      );
      expect(results.filter((r) => r.anomalous || r.score > 0)).toEqual([]);
      // The band of a flat history is the value ± a negligible deviation (one part in a million).
      const last = results.at(-1)!;
      expect(last).toMatchObject({ expected: level, warm: true });
      expect([last.lower, last.upper]).toEqual([level - level * 1e-6, level + level * 1e-6]);
    }
  });

  it('flags a level shift of 10 sigmas within 3 points', () => {
    const detector = detectorOf(kind);
    const state = detector.initialState();
    const { timestamps, values } = flatHistory(1);
    feed(detector, state, timestamps, values);
    const shifted = [0, 1, 2].map((i) => detector.update(state, START + (3 * 288 + i) * STEP, 120 + (i % 2)));
    expect(shifted.some((r) => r.anomalous)).toBe(true);
    expect(shifted.find((r) => r.anomalous)?.reason).toMatch(/^value 12\d above expected/);
  });

  it('round-trips its state through JSON and resumes with identical results', () => {
    const random = seededRandom(7);
    const timestamps: number[] = [];
    const values: number[] = [];
    let t = START;
    for (let i = 0; i < 1500; i++) {
      // Irregular spacing: jitter, duplicates and the odd gap of hours.
      t +=
        random() < 0.02
          ? Math.floor(random() * 6 * HOUR)
          : random() < 0.02
            ? 0
            : STEP + Math.floor(random() * MIN);
      timestamps.push(t);
      values.push(50 + 10 * Math.sin(t / 7e6) + 3 * random() + (i % 400 === 399 ? 80 : 0));
    }
    const detector = detectorOf(kind);
    const straight = feed(detector, detector.initialState(), timestamps, values);
    let state = detector.initialState();
    const resumed = timestamps.map((ts, i) => {
      if (i % 97 === 0) {
        state = JSON.parse(JSON.stringify(state)) as DetectorState;
      }
      return detector.update(state, ts, values[i] as number);
    });
    expect(resumed).toEqual(straight);
    expect(
      straight.every((r) => r.score >= 0 && r.score <= 1 && r.lower <= r.expected && r.expected <= r.upper),
    ).toBe(true);
    expect(straight.filter((r) => r.anomalous).length).toBeGreaterThan(0);
  });

  it('does not learn points marked learn=false', () => {
    const detector = detectorOf(kind);
    const state = detector.initialState();
    const { timestamps, values } = flatHistory(2);
    feed(detector, state, timestamps, values);
    const before = JSON.stringify(state);
    // A maintenance window at a much higher level: still anomalous at its end, and never learned.
    const window = Array.from({ length: 24 }, (_, i) =>
      detector.update(state, START + (3 * 288 + i) * STEP, 300, false),
    );
    expect(JSON.stringify(state)).toBe(before);
    // Unlearned, the shift stays anomalous to its end. CUSUM caps one point's evidence below its threshold and does
    // not accumulate unlearned points, so it never alarms here.
    expect(window.every((r) => r.anomalous)).toBe(kind !== 'cusum');
    expect(detector.update(state, START + (3 * 288 + 24) * STEP, 100).anomalous).toBe(false);
  });

  it.each([
    ['up', 80, false],
    ['up', 120, true],
    ['down', 80, true],
    ['down', 120, false],
    ['both', 80, true],
    ['both', 120, true],
  ] as const)('with direction %s, a shift to %p is anomalous: %p', (direction, shiftTo, alerts) => {
    const detector = detectorOf(kind, { direction });
    const state = detector.initialState();
    const { timestamps, values } = flatHistory(3);
    feed(detector, state, timestamps, values);
    const shifted = [0, 1, 2].map((i) => detector.update(state, START + (3 * 288 + i) * STEP, shiftTo));
    expect(shifted.some((r) => r.anomalous)).toBe(alerts);
    if (!alerts) {
      expect(shifted.map((r) => r.score)).toEqual([0, 0, 0]);
      expect(shifted.map((r) => r.reason)).toContainEqual(
        expect.stringMatching(new RegExp(`; not anomalous: direction is ${direction} only$`)),
      );
    }
  });

  it('stays quiet until min_history has been learned', () => {
    const detector = detectorOf(kind, { minHistoryMs: DAY });
    const state = detector.initialState();
    const { timestamps, values } = flatHistory(4);
    const early = feed(detector, state, timestamps.slice(0, 200), values.slice(0, 200));
    const shifted = [0, 1, 2].map((i) => detector.update(state, START + (200 + i) * STEP, 150));
    expect([...early, ...shifted].some((r) => r.anomalous || r.warm)).toBe(false);
    expect(shifted.map((r) => r.reason)).toContainEqual(
      expect.stringMatching(
        /^value 150 above expected .*; not anomalous: still learning \(16h\d+m of 1d history\)$/,
      ),
    );
  });

  it('neither scores nor learns NaN and infinities', () => {
    const detector = detectorOf(kind);
    const state = detector.initialState();
    const { timestamps, values } = flatHistory(9);
    feed(detector, state, timestamps, values);
    const before = JSON.stringify(state);
    const results = [NaN, Infinity, -Infinity].map((value) => detector.update(state, START + 3 * DAY, value));
    expect(JSON.stringify(state)).toBe(before);
    expect(results.map((r) => [r.score, r.anomalous, r.reason])).toEqual([
      [0, false, 'value NaN is not a finite number: not scored, not learned'],
      [0, false, 'value Infinity is not a finite number: not scored, not learned'],
      [0, false, 'value -Infinity is not a finite number: not scored, not learned'],
    ]);
    expect(results[0]!.expected).toBeCloseTo(100, -1);
  });

  it('ignores deviations smaller than min_deviation', () => {
    const detector = detectorOf(kind, { minDeviation: 50 });
    const state = detector.initialState();
    const { timestamps, values } = flatHistory(5);
    feed(detector, state, timestamps, values);
    const shifted = [0, 1, 2].map((i) => detector.update(state, START + (3 * 288 + i) * STEP, 140));
    expect(shifted.map((r) => [r.anomalous, r.score])).toEqual([
      [false, 0],
      [false, 0],
      [false, 0],
    ]);
    expect(shifted[0]!.upper - shifted[0]!.expected).toBeCloseTo(50, 9);
  });
});

describe.each(KINDS.filter((kind) => kind !== 'cusum'))('%s detector on a daily cycle', (kind) => {
  it('flags a spike once warm', () => {
    const detector = detectorOf(kind);
    const state = detector.initialState();
    const { timestamps, values } = cyclicHistory(6);
    feed(detector, state, timestamps, values);
    const spikeAt = START + 3 * DAY + 10 * HOUR;
    const result = detector.update(state, spikeAt, 230);
    expect(result).toMatchObject({ anomalous: true, warm: true });
    expect(result.score).toBeGreaterThan(0.5);
  });
});

describe('cusum detector', () => {
  it('lets a lone spike pass: it watches for shifts', () => {
    const detector = detectorOf('cusum');
    const state = detector.initialState();
    const { timestamps, values } = flatHistory(8);
    feed(detector, state, timestamps, values);
    expect(detector.update(state, START + 3 * DAY, 300).anomalous).toBe(false);
    expect(detector.update(state, START + 3 * DAY + STEP, 100).anomalous).toBe(false);
  });
});
