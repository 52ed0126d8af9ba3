import { BudgetPoint, ExhaustionForecast, forecastExhaustion, theilSen } from './exhaustion-forecast';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-26T12:00:00Z');

/** Points one hour apart, the last at NOW. */
function hourly(...remaining: number[]): BudgetPoint[] {
  return remaining.map((remainingRatio, index) => ({
    tsMs: NOW - (remaining.length - 1 - index) * HOUR,
    remainingRatio,
  }));
}

describe('theilSen', () => {
  it('fits a clean line exactly', () => {
    // y = 2x + 1
    const fit = theilSen([
      [0, 1],
      [1, 3],
      [2, 5],
    ]);
    expect(fit.m).toBeCloseTo(2, 12);
    expect(fit.b).toBeCloseTo(1, 12);
  });

  it('ignores one outlier', () => {
    // x -4..0, y 0.5 0.45 [0.9] 0.35 0.30. Pair slopes sorted: -0.55 -0.3 -0.05 ×6 0.2 0.45 → median -0.05.
    // y + 0.05x: 0.3 0.3 0.8 0.3 0.3 → median 0.3.
    const fit = theilSen([
      [-4, 0.5],
      [-3, 0.45],
      [-2, 0.9],
      [-1, 0.35],
      [0, 0.3],
    ]);
    expect(fit.m).toBeCloseTo(-0.05, 12);
    expect(fit.b).toBeCloseTo(0.3, 12);
  });

  it('skips pairs at the same x and needs two distinct x', () => {
    // (0,0)-(0,2) is skipped; (0,0)-(2,2) has slope 1 and (0,2)-(2,2) slope 0 → median 0.5.
    expect(
      theilSen([
        [0, 0],
        [0, 2],
        [2, 2],
      ]).m,
    ).toBeCloseTo(0.5, 12);
    expect(() => theilSen([[1, 1]])).toThrow(RangeError);
  });
});

describe('forecastExhaustion', () => {
  it.each<[string, BudgetPoint[], Partial<ExhaustionForecast> & Record<string, unknown>]>([
    [
      // -0.05/h, 0.30 left now → 0.30 / 0.05 = 6h: beyond the 4h page horizon, within the 24h ticket horizon.
      'a steady burn due in 6h is a ticket',
      hourly(0.5, 0.45, 0.4, 0.35, 0.3),
      {
        status: 'decreasing',
        timeToExhaustionMs: 6 * HOUR,
        exhaustionMs: NOW + 6 * HOUR,
        severity: 'warning',
      },
    ],
    [
      // -0.1/h, 0.1 left → 1h: a page.
      'a fast burn due in 1h is a page',
      hourly(0.3, 0.2, 0.1),
      { status: 'decreasing', timeToExhaustionMs: HOUR, severity: 'critical' },
    ],
    [
      // -0.01/h, 0.5 left → 50h: beyond both horizons.
      'a slow burn due in 50h is neither',
      hourly(0.52, 0.51, 0.5),
      { status: 'decreasing', timeToExhaustionMs: 50 * HOUR },
    ],
    [
      // Exactly at the page horizon (binary-exact values): 0.5 left at -0.125/h = 4h, within (<=) 4h.
      'exactly at the page horizon is a page',
      hourly(0.75, 0.625, 0.5),
      { status: 'decreasing', timeToExhaustionMs: 4 * HOUR, severity: 'critical' },
    ],
    ['a flat budget never runs out', hourly(0.5, 0.5, 0.5), { status: 'not-decreasing', slopePerHour: 0 }],
    ['a recovering budget never runs out', hourly(0.3, 0.4, 0.5), { status: 'not-decreasing' }],
    [
      'no budget left is exhausted now',
      hourly(0.1, 0, -0.1),
      { status: 'exhausted', remainingRatio: -0.1, timeToExhaustionMs: 0, severity: 'critical' },
    ],
    ['one point is not enough', hourly(0.5), { status: 'insufficient-data' }],
    ['no points', [], { status: 'insufficient-data' }],
    [
      'two points at the same time are not enough',
      [
        { tsMs: NOW, remainingRatio: 0.5 },
        { tsMs: NOW, remainingRatio: 0.4 },
      ],
      { status: 'insufficient-data' },
    ],
  ])('%s', (_name, points, expected) => {
    const forecast = forecastExhaustion(points, NOW);
    const { timeToExhaustionMs, exhaustionMs, ...rest } = expected as Record<string, number | string>;
    expect(forecast).toMatchObject(rest);
    if (timeToExhaustionMs !== undefined) {
      expect('timeToExhaustionMs' in forecast && forecast.timeToExhaustionMs).toBeCloseTo(
        Number(timeToExhaustionMs),
        0,
      );
    }
    if (exhaustionMs !== undefined) {
      expect('exhaustionMs' in forecast && forecast.exhaustionMs).toBeCloseTo(Number(exhaustionMs), 0);
    }
    if (expected.status === 'decreasing' && !('severity' in expected)) {
      expect(forecast).not.toHaveProperty('severity');
    }
  });

  it('is robust to an outlier with Theil–Sen; least squares is pulled by it', () => {
    // See theilSen above: Theil–Sen 0.3 - 0.05x → 6h. Least squares: x̄ = -2, ȳ = 0.5, Σdxdy = -0.5, Σdx² = 10:
    // m = -0.05, b = 0.5 - 0.1 = 0.4 → 8h.
    const points = hourly(0.5, 0.45, 0.9, 0.35, 0.3);
    const robust = forecastExhaustion(points, NOW);
    const leastSquares = forecastExhaustion(points, NOW, undefined, 'least-squares');
    expect(robust.status === 'decreasing' && robust.timeToExhaustionMs).toBeCloseTo(6 * HOUR, 0);
    expect(leastSquares.status === 'decreasing' && leastSquares.timeToExhaustionMs).toBeCloseTo(8 * HOUR, 0);
  });

  it("uses the rule's horizons", () => {
    // 6h to exhaustion: a page with an 8h page horizon; nothing with 2h/5h.
    const points = hourly(0.5, 0.45, 0.4, 0.35, 0.3);
    expect(
      forecastExhaustion(points, NOW, { pageHorizonMs: 8 * HOUR, ticketHorizonMs: 24 * HOUR }),
    ).toMatchObject({
      severity: 'critical',
    });
    expect(
      forecastExhaustion(points, NOW, { pageHorizonMs: 2 * HOUR, ticketHorizonMs: 5 * HOUR }),
    ).not.toHaveProperty('severity');
  });

  it('ignores points after nowMs and takes them in any order', () => {
    const points = [...hourly(0.5, 0.45, 0.4, 0.35, 0.3)].reverse();
    points.push({ tsMs: NOW + HOUR, remainingRatio: -5 });
    expect(forecastExhaustion(points, NOW)).toMatchObject({ status: 'decreasing', remainingRatio: 0.3 });
  });

  it('clamps a line already below zero to now while budget is left', () => {
    // x -4..0: 0.3 0.2 0.1 0.05 0.04. Pair slopes sorted: -0.1 ×3, -0.0833, -0.075, -0.065, -0.0533, -0.05, -0.03,
    // -0.01 → median (-0.075 - 0.065) / 2 = -0.07. y + 0.07x: 0.02 -0.01 -0.04 -0.02 0.04 → b = -0.01 < 0: the line
    // crossed 0 at -0.01/0.07 h ≈ 8.6 min ago, so exhaustion is now.
    expect(forecastExhaustion(hourly(0.3, 0.2, 0.1, 0.05, 0.04), NOW)).toMatchObject({
      status: 'decreasing',
      remainingRatio: 0.04,
      exhaustionMs: NOW,
      timeToExhaustionMs: 0,
      severity: 'critical',
    });
  });
});
