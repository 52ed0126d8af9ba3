import { ForecastInput, Sample } from './forecast-model';
import { forecastTimeToThreshold } from './time-to-threshold';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-26T12:00:00Z');

/** Values `stepMs` apart, the last at NOW. */
function ending(stepMs: number, values: readonly number[]): Sample[] {
  return values.map((value, index) => [NOW - (values.length - 1 - index) * stepMs, value]);
}

/** f(hours relative to NOW) sampled every `stepMs` over the `spanMs` before NOW, NOW included. */
function sampled(spanMs: number, stepMs: number, f: (hours: number) => number): Sample[] {
  const values: number[] = [];
  for (let t = -spanMs; t <= 0; t += stepMs) {
    values.push(f(t / HOUR));
  }
  return ending(stepMs, values);
}

/** Disk at 20% six hours ago, growing 5%/h: 50% now. */
const DISK = ending(HOUR, [20, 25, 30, 35, 40, 45, 50]);

function forecast(overrides: Partial<ForecastInput>): ReturnType<typeof forecastTimeToThreshold> {
  return forecastTimeToThreshold({
    points: DISK,
    nowMs: NOW,
    threshold: 90,
    direction: 'above',
    horizonMs: 12 * HOUR,
    method: 'linear',
    ...overrides,
  });
}

describe(forecastTimeToThreshold.name, () => {
  describe.each(['linear', 'holt_winters'] as const)('%s', (method) => {
    it.each<[string, Partial<ForecastInput>, Record<string, unknown>]>([
      [
        // (90 - 50) / 5 = 8h; no noise, so the band is the crossing itself.
        'a disk at 50% growing 5%/h crosses 90% in 8h',
        {},
        {
          status: 'crossing',
          crossingMs: NOW + 8 * HOUR,
          earliestMs: NOW + 8 * HOUR,
          latestMs: NOW + 8 * HOUR,
          withinHorizon: true,
          slopePerHour: 5,
          expectedNow: 50,
        },
      ],
      ['beyond a 6h horizon', { horizonMs: 6 * HOUR }, { crossingMs: NOW + 8 * HOUR, withinHorizon: false }],
      [
        // Free space 80% → 50%, falling 5%/h: 10% is 8h away.
        'falling towards a lower threshold',
        { points: ending(HOUR, [80, 75, 70, 65, 60, 55, 50]), threshold: 10, direction: 'below' },
        { status: 'crossing', crossingMs: NOW + 8 * HOUR, slopePerHour: -5 },
      ],
      [
        'a flat series',
        { points: ending(HOUR, [50, 50, 50, 50, 50, 50]) },
        { status: 'not-approaching', slopePerHour: 0, expectedAtHorizon: 50 },
      ],
      [
        'a rising series watched for falling below',
        { threshold: 10, direction: 'below' },
        { status: 'not-approaching', slopePerHour: 5, expectedAtHorizon: 110 },
      ],
      ['the newest point is at the threshold', { threshold: 50 }, { status: 'already-crossed', value: 50 }],
      [
        'two points are not enough',
        { points: DISK.slice(-2) },
        { status: 'insufficient-data', reason: 'needs 3 points at distinct times up to now, has 2' },
      ],
      [
        // Causal: at NOW - 5h only the first two points exist; the rest are the future.
        'points after now are ignored',
        { nowMs: NOW - 5 * HOUR },
        { status: 'insufficient-data' },
      ],
      [
        'a NaN (a scrape failure) is skipped',
        { points: [...DISK.slice(0, -1), [NOW + 0, NaN]] },
        { status: 'crossing', crossingMs: NOW + 8 * HOUR, expectedNow: 50 },
      ],
    ])('%s', (_name, overrides, expected) => {
      expect(forecast({ method, ...overrides })).toMatchObject(expected);
    });
  });

  describe('linear', () => {
    // The 5%/h disk every 10 minutes over the last 350 minutes (36 points), +1 and −1 in turn. Pairs an even number of
    // steps apart have slope exactly 5, half the pairs, so the median slope is 5; 18 of +1 and 18 of −1 put the
    // intercept at 50. Residuals are ±1: MAD 1, σ = 1.4826, half-width 1.96σ = 2.906 points = 34.9 minutes at 5%/h.
    const noisy = sampled(350 * MINUTE, 10 * MINUTE, (hours) => 50 + 5 * hours).map(
      ([tsMs, value], index): Sample => [tsMs, value + (index % 2 === 0 ? 1 : -1)],
    );

    it('keeps a noisy crossing inside its band', () => {
      const result = forecast({ points: noisy });
      expect(result).toMatchObject({
        status: 'crossing',
        withinHorizon: true,
        slopePerHour: 5,
        expectedNow: 50,
      });
      if (result.status !== 'crossing') {
        return;
      }
      expect(result.crossingMs).toBe(NOW + 8 * HOUR);
      expect((result.crossingMs - result.earliestMs) / MINUTE).toBeCloseTo(34.87, 2);
      expect((result.latestMs - result.crossingMs) / MINUTE).toBeCloseTo(34.87, 2);
    });

    it('is not moved by a spike', () => {
      const spiked = noisy.map(([tsMs, value], index): Sample => [tsMs, index === 20 ? 85 : value]);
      const clean = forecast({ points: noisy });
      const withSpike = forecast({ points: spiked });
      expect(clean.status === 'crossing' && withSpike.status === 'crossing').toBe(true);
      if (clean.status === 'crossing' && withSpike.status === 'crossing') {
        expect(Math.abs(withSpike.crossingMs - clean.crossingMs)).toBeLessThan(5 * MINUTE);
      }
    });

    it('says when and why', () => {
      expect(forecast({})).toMatchObject({
        reason: 'linear trend +5/h reaches 90 in 8h (95% band: 8h to 8h)',
      });
    });

    it('puts a crossing at now when the line is past the threshold but the newest point is not', () => {
      // Line 60 → 100 over 4h; the newest point dipped to 89.
      const points = ending(HOUR, [60, 70, 80, 90, 89]);
      expect(forecast({ points })).toMatchObject({
        status: 'crossing',
        crossingMs: NOW,
        withinHorizon: true,
      });
    });
  });

  describe('holt_winters', () => {
    // 3 days of hourly points: 40 + 0.5/h + a daily wave of ±10 peaking at 06:00 (t ≡ 6 mod 24), 76 now.
    // Where 0.5·(t + 72) + 10·sin(2πt/24) ≥ 60: t = 28 gives 58.66, t = 29 gives 60.16, so 29h from now.
    const wave = (hours: number, base: number, perHour: number, threshold: number): ForecastInput => ({
      points: sampled(
        72 * HOUR,
        HOUR,
        (t) => base + perHour * (t + 72) + 10 * Math.sin((2 * Math.PI * t) / 24),
      ),
      nowMs: NOW,
      threshold,
      direction: 'above',
      horizonMs: hours * HOUR,
      method: 'holt_winters',
    });

    it('finds the daily peak that crosses on a rising trend', () => {
      expect(forecastTimeToThreshold(wave(36, 40, 0.5, 100))).toMatchObject({
        status: 'crossing',
        crossingMs: NOW + 29 * HOUR,
        withinHorizon: true,
      });
    });

    it('disagrees with a straight line through the same points', () => {
      // The line sees only the trend: (100 − 76) / 0.5 ≈ 48h.
      const linear = forecastTimeToThreshold({ ...wave(36, 40, 0.5, 100), method: 'linear' });
      expect(linear).toMatchObject({ status: 'crossing', withinHorizon: false });
    });

    it.each<[string, number, Record<string, unknown>]>([
      // Flat trend, peak 60 at 06:00: 10·sin(2πt/24) ≥ 8 first at t = 4 (8.66).
      ['a flat trend whose next peak crosses', 58, { status: 'crossing', crossingMs: NOW + 4 * HOUR }],
      ['a flat trend whose peaks stay below', 65, { status: 'not-approaching' }],
    ])('%s', (_name, threshold, expected) => {
      expect(forecastTimeToThreshold(wave(24, 50, 0, threshold))).toMatchObject(expected);
    });
  });
});
