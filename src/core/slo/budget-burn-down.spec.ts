import { MAX_BURN_DOWN_POINTS, budgetBurnDown, burnDownSpan } from './budget-burn-down';
import { ExhaustionForecast } from './exhaustion-forecast';

const H = 3_600_000;
const T0 = Date.UTC(2026, 11, 1, 0, 0, 0);
const window = { startMs: T0, nowMs: T0 + 10 * H, untilMs: T0 + 20 * H };
const points = [
  { tsMs: T0 + 9 * H, remainingRatio: 0.55 },
  { tsMs: T0 - H, remainingRatio: 0.99 }, // before the window: left out
  { tsMs: T0 + H, remainingRatio: 0.95 },
  { tsMs: T0 + 11 * H, remainingRatio: 0.4 }, // after now: left out
  { tsMs: T0 + 10 * H, remainingRatio: 0.5 },
];

describe('budgetBurnDown', () => {
  it('keeps the recorded points inside the window, oldest first, as percent', () => {
    const chart = budgetBurnDown(points, { status: 'insufficient-data' }, window);
    expect(chart.recorded.map(([ts, value]) => [ts, Number(value.toFixed(9))])).toEqual([
      [T0 + H, 95],
      [T0 + 9 * H, 55],
      [T0 + 10 * H, 50],
    ]);
    expect(chart.forecast).toEqual([]);
  });

  it.each<[string, ExhaustionForecast, Array<[number, number]>]>([
    [
      'reaches 0 inside the chart: the line ends at the exhaustion time',
      {
        status: 'decreasing',
        remainingRatio: 0.5,
        slopePerHour: -0.1,
        exhaustionMs: T0 + 15 * H,
        timeToExhaustionMs: 5 * H,
      },
      [
        [T0 + 10 * H, 50],
        [T0 + 15 * H, 0],
      ],
    ],
    [
      'reaches 0 after the chart: the line stops at its end, at 50% - 10 h × 2.5%/h',
      {
        status: 'decreasing',
        remainingRatio: 0.5,
        slopePerHour: -0.025,
        exhaustionMs: T0 + 30 * H,
        timeToExhaustionMs: 20 * H,
      },
      [
        [T0 + 10 * H, 50],
        [T0 + 20 * H, 25],
      ],
    ],
    [
      'not decreasing: no forecast line',
      { status: 'not-decreasing', remainingRatio: 0.5, slopePerHour: 0 },
      [],
    ],
    [
      'exhausted: no forecast line',
      { status: 'exhausted', remainingRatio: 0, timeToExhaustionMs: 0, severity: 'critical' },
      [],
    ],
  ])('%s', (_name, exhaustion, forecast) => {
    const chart = budgetBurnDown(points, exhaustion, window);
    expect(chart.forecast.map(([ts, value]) => [ts, Number(value.toFixed(9))])).toEqual(forecast);
  });

  it('thins a long recording evenly, keeping the first and the newest point', () => {
    const many = Array.from({ length: 43_200 }, (_, minute) => ({
      tsMs: T0 + minute * 60_000,
      remainingRatio: 1 - minute / 43_200,
    }));
    const nowMs = T0 + 43_199 * 60_000;
    const chart = budgetBurnDown(
      many,
      { status: 'insufficient-data' },
      { startMs: T0, nowMs, untilMs: nowMs },
    );
    expect(chart.recorded).toHaveLength(MAX_BURN_DOWN_POINTS);
    expect(chart.recorded[0]).toEqual([T0, 100]);
    expect(chart.recorded.at(-1)?.[0]).toBe(nowMs);
    const gaps = chart.recorded.slice(1).map(([ts], index) => ts - (chart.recorded[index]?.[0] ?? NaN));
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(60_000);
  });
});

describe('burnDownSpan', () => {
  const D = 24 * H;
  it.each<[string, 'rolling' | 'calendar', { startMs: number; periodMs: number }, number, [number, number]]>([
    [
      'rolling 28d: the window and 7 days ahead',
      'rolling',
      { startMs: T0, periodMs: 28 * D },
      T0 + 28 * D,
      [T0, T0 + 35 * D],
    ],
    [
      'calendar month: its first to its last day',
      'calendar',
      { startMs: T0, periodMs: 31 * D },
      T0 + 10 * D,
      [T0, T0 + 31 * D],
    ],
  ])('%s', (_name, type, bounds, nowMs, [startMs, untilMs]) => {
    expect(burnDownSpan(bounds, type, nowMs)).toEqual({ startMs, untilMs });
  });
});
