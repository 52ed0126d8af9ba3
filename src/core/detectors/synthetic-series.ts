import { DAY_MS, WEEK_MS } from './calendar';

/** Deterministic test and benchmark series: a daily (and optionally weekly) cycle with seeded Gaussian noise. */
export interface SeriesShape {
  readonly startMs: number;
  readonly stepMs: number;
  readonly level: number;
  /** Half the peak-to-trough swing of the daily sine, which peaks at 12:00 UTC. */
  readonly dailyAmplitude: number;
  /** Added on Saturdays and Sundays (UTC). */
  readonly weekendOffset?: number;
  readonly noise: number;
  readonly seed: number;
}

/** mulberry32: a tiny seeded PRNG with uniform output in [0,1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws from a seeded uniform source (Box–Muller). */
export function seededGaussian(seed: number): () => number {
  const uniform = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** The noiseless value of `shape` at a timestamp. */
export function cycleValue(shape: SeriesShape, timestampMs: number): number {
  const ofDay = (((timestampMs % DAY_MS) + DAY_MS) % DAY_MS) / DAY_MS;
  const daily = shape.dailyAmplitude * Math.sin(2 * Math.PI * (ofDay - 0.25));
  const weekday = Math.floor((((timestampMs % WEEK_MS) + WEEK_MS) % WEEK_MS) / DAY_MS); // 0 = Thursday
  const weekend = weekday === 2 || weekday === 3 ? (shape.weekendOffset ?? 0) : 0;
  return shape.level + daily + weekend;
}

/** `count` evenly spaced points of `shape`. */
export function generateSeries(
  shape: SeriesShape,
  count: number,
): { timestamps: number[]; values: number[] } {
  const noise = seededGaussian(shape.seed);
  const timestamps: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    const timestampMs = shape.startMs + i * shape.stepMs;
    timestamps.push(timestampMs);
    values.push(cycleValue(shape, timestampMs) + shape.noise * noise());
  }
  return { timestamps, values };
}
