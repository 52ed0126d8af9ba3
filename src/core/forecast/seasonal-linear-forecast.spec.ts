import { ForecastInput, ForecastResult, Sample } from './forecast-model';
import { dailyProfile, profileAt } from './daily-profile';
import { forecastTimeToThreshold } from './time-to-threshold';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** A Thursday 09:00 UTC: the daily wave below is rising towards its 15:00 peak. */
const NOW = Date.parse('2026-11-26T09:00:00Z');
const STEP = 15 * MINUTE;

/** Every 15 minutes over the 7 days up to NOW: f(hours relative to NOW), plus a fixed ±0.1 zigzag of noise. */
function week(f: (hours: number) => number): Sample[] {
  const points: Sample[] = [];
  for (let t = -7 * DAY; t <= 0; t += STEP) {
    points.push([NOW + t, f(t / HOUR) + (points.length % 2 === 0 ? 0.1 : -0.1)]);
  }
  return points;
}

/** Memory in use: 40 at 03:00, 50 at the 15:00 peak (6h after NOW), 45 and rising 1.3/h now; the same every day. */
const wave = (hours: number): number => 45 + 5 * Math.cos((2 * Math.PI * (hours - 6)) / 24);

/** What a forecast rule fires on. */
function fires(result: ForecastResult): boolean {
  return result.status === 'already-crossed' || (result.status === 'crossing' && result.withinHorizon);
}

function forecast(points: Sample[], overrides: Partial<ForecastInput> = {}) {
  return forecastTimeToThreshold({
    points,
    nowMs: NOW,
    threshold: 52,
    direction: 'above',
    horizonMs: 4 * HOUR,
    method: 'seasonal_linear',
    ...overrides,
  });
}

describe('seasonal_linear', () => {
  it('does not mistake the morning rise of a usual day for a trend', () => {
    const points = week(wave);
    expect(fires(forecast(points))).toBe(false);
    // The last 2 hours through a straight line: the morning's climb (1.3/h) reaches 52 within 6 hours.
    const recent = points.filter(([tsMs]) => tsMs > NOW - 2 * HOUR);
    expect(forecast(recent, { method: 'linear', horizonMs: 6 * HOUR })).toMatchObject({
      status: 'crossing',
      withinHorizon: true,
    });
  });

  it('forecasts a leak on top of the daily shape, and says when it crosses', () => {
    // +2/h since 05:00 (4h ago): 53 now, 8 above the usual 45. With the usual climb on top, 45 + 5·cos(2π(h − 6)/24)
    // + 8 + 2h reaches 60 between h = 2 (59.5) and h = 2.5 (60.9).
    const leak = (hours: number): number => wave(hours) + 2 * Math.max(0, hours + 4);
    const result = forecast(week(leak), { threshold: 60 });
    expect(result).toMatchObject({ status: 'crossing', withinHorizon: true });
    if (result.status === 'crossing') {
      expect(result.slopePerHour).toBeCloseTo(2, 1);
      expect(result.crossingMs - NOW).toBeGreaterThan(2 * HOUR);
      expect(result.crossingMs - NOW).toBeLessThanOrEqual(2.5 * HOUR);
      expect(result.reason).toMatch(/^daily shape and trend \+2(\.\d+)?\/h reaches 60 in 2h/);
    }
  });

  it('counts the usual peak when a smaller leak is on top of it', () => {
    // +0.5/h since 05:00: 47 now. The usual climb and the leak reach 54 between h = 4.5 (53.9) and h = 5 (54.3),
    // beyond a 4h horizon, within an 8h one.
    const leak = (hours: number): number => wave(hours) + 0.5 * Math.max(0, hours + 4);
    const threshold = 54;
    expect(forecast(week(leak), { threshold })).toMatchObject({ status: 'crossing', withinHorizon: false });
    expect(forecast(week(leak), { threshold, horizonMs: 8 * HOUR })).toMatchObject({
      status: 'crossing',
      withinHorizon: true,
    });
  });

  it('does not take one spike past the threshold for a crossing', () => {
    const points = week(wave);
    const spiked = points.map(([tsMs, value], index): Sample => [
      tsMs,
      index === points.length - 1 ? 60 : value,
    ]);
    expect(fires(forecast(spiked))).toBe(false);
  });

  it('is already crossed when the level is past the threshold', () => {
    expect(forecast(week((hours) => wave(hours) + 15))).toMatchObject({ status: 'already-crossed' });
  });

  it('needs two whole days before the trend window', () => {
    const recent = week(wave).filter(([tsMs]) => tsMs > NOW - 2 * DAY);
    expect(forecast(recent)).toMatchObject({
      status: 'insufficient-data',
      reason: 'needs 2 whole days before the trend window to learn a daily shape from, has 1',
    });
  });
});

describe(dailyProfile.name, () => {
  it('takes the median of each slot over the days before the window, one value a day', () => {
    // 4 slots a day, 3 days then a window of 2: day d has slot values 10d + slot position, day 1 an outlier.
    const values = [10, 11, 12, 13, 920, 921, 922, 923, 30, 31, 32, 33, 40, 41];
    const profile = dailyProfile(values, 4, 3, 2);
    // Index 13 is the newest (slot 0); index 11 (value 33) is 2 steps before it, slot 2 of the last day before.
    expect(profileAt(profile, -2)).toBe(33);
    expect(profileAt(profile, 0)).toBe(31);
    expect(profileAt(profile, 1)).toBe(32);
    expect(profileAt(profile, 4)).toBe(31);
  });
});
