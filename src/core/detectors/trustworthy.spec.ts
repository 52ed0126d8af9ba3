import {
  DEFAULT_DETECTOR_OPTIONS,
  Detector,
  DetectorKind,
  DetectorOptions,
  DetectorResult,
  DetectorState,
  createDetector,
} from './detector';
import { cycleValue, seededGaussian, seededRandom } from './synthetic-series';

/**
 * What paging needs from every detector: no alarms on flat series whatever their start-up, an anomalous point always
 * outside the band it is shown with, no alarm rate that creeps up as the state ages, and state that resumes exactly.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** Monday 2026-01-05 00:00 UTC. */
const MONDAY = Date.UTC(2026, 0, 5);

const KINDS: DetectorKind[] = ['seasonal', 'robust', 'ewma', 'holt_winters', 'cusum', 'ensemble'];

function detectorOf(kind: DetectorKind, options: Partial<DetectorOptions> = {}): Detector {
  return createDetector(kind, { ...DEFAULT_DETECTOR_OPTIONS, ...options });
}

/** Alerts as a rule with `for: 2m` at one point a minute raises them: three anomalous points in a row. */
function alertTimes(results: DetectorResult[], timestamps: number[]): number[] {
  const alerts: number[] = [];
  let run = 0;
  results.forEach((result, i) => {
    run = result.anomalous ? run + 1 : 0;
    if (run === 3) {
      alerts.push(timestamps[i] as number);
    }
  });
  return alerts;
}

describe.each(KINDS)('%s detector, flat after a start-up', (kind) => {
  it.each<[string, number[], number, number, number]>([
    // name, start-up values, the constant after them, spacing, first timestamp
    ['rate() of a steady counter while its window fills', [2, 4, 6, 8], 10, MIN, MIN],
    ['one low first point', [5], 10, MIN, MONDAY],
    ['a ramp at 15-second spacing', [1, 3, 5, 7], 8, 15_000, MONDAY + 13 * HOUR + 17 * MIN],
    [
      'a ramp at 5-minute spacing, across midnight',
      [0, 250, 500],
      1000,
      5 * MIN,
      MONDAY + 23 * HOUR + 50 * MIN,
    ],
    ['a decline', [40, 30, 20], 10, MIN, MONDAY + 12 * HOUR],
    ['a negative level', [-2, -4, -6, -8], -10, MIN, MONDAY],
    ['a large level with a small step', [1e9], 1e9 + 0.5, MIN, MONDAY],
  ])('%s: never anomalous over two days', (_name, startUp, constant, stepMs, firstMs) => {
    const detector = detectorOf(kind);
    const state = detector.initialState();
    const count = Math.round((2 * DAY) / stepMs);
    const anomalous: string[] = [];
    for (let i = 0; i < count; i++) {
      const result = detector.update(state, firstMs + i * stepMs, startUp[i] ?? constant);
      if (result.anomalous) {
        anomalous.push(`${i}: ${result.reason}`);
      }
    }
    expect(anomalous).toEqual([]);
  });

  it('is never anomalous in 1540 minutes of 2, 4, 6, 8, 10, 10, … from the epoch (the rule engine case)', () => {
    const detector = detectorOf(kind);
    const state = detector.initialState();
    const hits: number[] = [];
    for (let i = 1; i < 1540; i++) {
      if (detector.update(state, i * MIN, i < 5 ? 2 * i : 10).anomalous) {
        hits.push(i);
      }
    }
    expect(hits).toEqual([]);
  });
});

/** A day and a half of everything at once: daily cycle, noise, spikes, a level shift, a flat stretch and a ramp. */
function eventfulSeries(seed: number): { timestamps: number[]; values: number[] } {
  const noise = seededGaussian(seed);
  const random = seededRandom(seed + 1);
  const shape = { startMs: MONDAY, stepMs: MIN, level: 100, dailyAmplitude: 20, noise: 0, seed };
  const timestamps: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < 2 * 1440; i++) {
    const t = MONDAY + i * MIN;
    let value = cycleValue(shape, t) + 2 * noise();
    if (i > 1500 && i < 1700) {
      value += 30;
    } else if (i >= 2000 && i < 2200) {
      value = 97;
    } else if (i >= 2400) {
      value += (i - 2400) * 0.2;
    }
    timestamps.push(t);
    values.push(random() < 0.01 ? value * (random() < 0.5 ? 0.3 : 3) : value);
  }
  return { timestamps, values };
}

describe.each(KINDS)('%s detector, anomalous means outside the band', (kind) => {
  it.each<Partial<DetectorOptions>>([
    {},
    { direction: 'up' },
    { direction: 'down', sensitivity: 2 },
    { sensitivity: 4, minDeviation: 5 },
  ])('with %p, every anomalous value lies beyond its band on a watched side', (options) => {
    const detector = detectorOf(kind, { minHistoryMs: 6 * HOUR, ...options });
    const state = detector.initialState();
    const { timestamps, values } = eventfulSeries(3);
    const direction = options.direction ?? 'both';
    let anomalous = 0;
    timestamps.forEach((t, i) => {
      const value = values[i] as number;
      const result = detector.update(state, t, value);
      if (result.anomalous) {
        anomalous += 1;
        const above = value > result.upper && direction !== 'down';
        const below = value < result.lower && direction !== 'up';
        expect({ value, result, outside: above || below }).toMatchObject({ outside: true });
        expect(result.reason).toMatch(/^value .* (above|below) expected .* \(band .*\)/);
      } else if (value >= result.lower && value <= result.upper) {
        expect(result.reason).toBe('no anomaly');
      }
    });
    expect(anomalous).toBeGreaterThan(0);
  });

  it('never flags a deviation below one part in a million of the expected value', () => {
    const detector = detectorOf(kind);
    const state = detector.initialState();
    const random = seededRandom(5);
    const flagged = Array.from({ length: 3 * 1440 }, (_, i) =>
      detector.update(state, MONDAY + i * MIN, 1e6 * (1 + (random() - 0.5) * 1.8e-6)),
    ).filter((r) => r.anomalous);
    expect(flagged).toEqual([]);
  });
});

/**
 * Four weeks of clean traffic-like data at one point a minute: a daily cycle, a quieter weekend, wandering AR(1)
 * noise (it is what makes a few minutes beyond a band likely) and white noise.
 */
function cleanWeeks(seed: number): { timestamps: number[]; values: number[] } {
  const noise = seededGaussian(seed);
  const shape = {
    startMs: MONDAY,
    stepMs: MIN,
    level: 500,
    dailyAmplitude: 200,
    weekendOffset: -100,
    noise: 0,
    seed,
  };
  const timestamps: number[] = [];
  const values: number[] = [];
  let wander = 0;
  for (let t = MONDAY; t < MONDAY + 4 * WEEK; t += MIN) {
    wander = 0.95 * wander + Math.sqrt(1 - 0.95 * 0.95) * 15 * noise();
    timestamps.push(t);
    values.push(cycleValue(shape, t) + wander + 5 * noise());
  }
  return { timestamps, values };
}

describe.each<DetectorKind>(['ensemble', 'seasonal'])('%s detector on clean weeks', (kind) => {
  it('raises no more alerts in weeks 3–4 than in weeks 1–2: its state does not degrade', () => {
    const halves: [number, number] = [0, 0];
    for (const seed of [1, 2, 3]) {
      const { timestamps, values } = cleanWeeks(seed);
      const detector = detectorOf(kind);
      const state = detector.initialState();
      const results = timestamps.map((t, i) => detector.update(state, t, values[i] as number));
      for (const t of alertTimes(results, timestamps)) {
        halves[t < MONDAY + 2 * WEEK ? 0 : 1] += 1;
      }
    }
    expect(halves[1]).toBeLessThanOrEqual(halves[0]);
    if (kind === 'ensemble') {
      // At most one alert a week per series once the weekly profile is learned: 3 series, 2 weeks.
      expect(halves[1]).toBeLessThanOrEqual(6);
    }
  });
});

describe.each(KINDS)('%s detector state', (kind) => {
  it('resumes exactly from JSON at any point, across hours, days and maintenance windows', () => {
    const { timestamps, values } = eventfulSeries(7);
    const learnAt = (i: number) => i % 500 < 480;
    const detector = detectorOf(kind);
    const reference = detector.initialState();
    const expected = timestamps.map((t, i) => detector.update(reference, t, values[i] as number, learnAt(i)));
    let state = detector.initialState();
    const resumed = timestamps.map((t, i) => {
      if (i % 59 === 0) {
        state = JSON.parse(JSON.stringify(state)) as DetectorState;
      }
      return detector.update(state, t, values[i] as number, learnAt(i));
    });
    expect(resumed).toEqual(expected);
    expect(JSON.stringify(state)).toBe(JSON.stringify(reference));
  });
});
