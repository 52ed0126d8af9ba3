import { Random, ar1Noise } from './prng';
import { DAY_MS, HOUR_MS, MINUTE_MS, WEEK_MS, dailyWindow, hourOfDay, userLoad } from './time-shapes';

/**
 * The metric families of the scenario suite. Each has a clean generator (seasonal shape, wandering AR(1) noise,
 * white noise and rare one-point glitches, at 1-minute resolution), the direction and `for` of the static threshold
 * an operator would put on it (its level is tuned on clean data, see `tuneStaticThreshold`), and the rule forewarn
 * would watch it with: an anomaly detector, or a forecast of when the static threshold will be crossed.
 */

export type ThresholdDirection = 'above' | 'below';

export interface ForecastRule {
  kind: 'forecast';
  method: 'linear' | 'holt_winters' | 'seasonal_linear';
  lookbackMs: number;
  /** `seasonal_linear`: the part of the lookback the trend is fitted on. */
  trendWindowMs?: number;
  horizonMs: number;
  /** Resolution the series is read at over the lookback (a range query's step, e.g. the 5-minute rollups). */
  stepMs: number;
  /** Evaluation interval of the rule's group. */
  intervalMs: number;
  forMs: number;
}

export interface AnomalyRule {
  kind: 'anomaly';
  direction: 'up' | 'down' | 'both';
}

export interface MetricFamily {
  name: string;
  metric: string;
  staticRule: { direction: ThresholdDirection; forMs: number };
  /** The rules forewarn watches the family with; an alert from any of them counts. */
  rules: ReadonlyArray<AnomalyRule | ForecastRule>;
  /** A generator of clean values, to be called in time order (its noise has memory). */
  clean(random: Random): (tsMs: number) => number;
}

/** Adds white noise and, with probability `glitchRate` per point, a one-point multiplicative glitch. */
function jitter(
  random: Random,
  whiteSigma: number,
  glitchRate: number,
  glitchFactor: number,
): (value: number) => number {
  return (value) => {
    const noisy = value + whiteSigma * random.normal();
    return random.uniform() < glitchRate ? noisy * glitchFactor : noisy;
  };
}

/**
 * The forecast rule on the families that creep toward a limit (memory, disk, latency): a week of history for the
 * daily shape, a trend over the last 2 hours on top of it, warning 4 hours ahead. Read at the step a rule evaluation uses for a 7d lookback:
 * `MAX_FORECAST_POINTS` (720) steps, 14 minutes apart.
 */
const SEASONAL_FORECAST: ForecastRule = {
  kind: 'forecast',
  method: 'seasonal_linear',
  lookbackMs: 7 * DAY_MS,
  trendWindowMs: 2 * HOUR_MS,
  horizonMs: 4 * HOUR_MS,
  stepMs: 14 * MINUTE_MS,
  intervalMs: 5 * MINUTE_MS,
  forMs: 10 * MINUTE_MS,
};

export const traffic: MetricFamily = {
  name: 'traffic',
  metric: 'http_requests_per_second',
  staticRule: { direction: 'below', forMs: 5 * MINUTE_MS },
  rules: [{ kind: 'anomaly', direction: 'down' }],
  clean: (random) => {
    const wander = ar1Noise(random, 0.95, 0.04);
    const glitch = jitter(random, 0, 1 / 3000, 0.6);
    return (tsMs) => glitch(1500 * userLoad(tsMs) * (1 + wander() + 0.02 * random.normal()));
  },
};

export const errorRatio: MetricFamily = {
  name: 'error ratio',
  metric: 'http_error_ratio_percent',
  staticRule: { direction: 'above', forMs: 5 * MINUTE_MS },
  rules: [{ kind: 'anomaly', direction: 'up' }],
  clean: (random) => {
    const wander = ar1Noise(random, 0.8, 0.05);
    const glitch = jitter(random, 0.03, 1 / 2000, 3);
    return (tsMs) => Math.max(0, glitch(0.2 + 0.15 * userLoad(tsMs) + wander()));
  },
};

export const latency: MetricFamily = {
  name: 'latency',
  metric: 'http_request_duration_p99_ms',
  staticRule: { direction: 'above', forMs: 5 * MINUTE_MS },
  // Besides the anomaly rule, the forecast of the latency objective a slow creep will break.
  rules: [{ kind: 'anomaly', direction: 'up' }, SEASONAL_FORECAST],
  clean: (random) => {
    const wander = ar1Noise(random, 0.9, 0.06);
    const glitch = jitter(random, 0, 1 / 2000, 1.8);
    return (tsMs) => glitch((120 + 80 * userLoad(tsMs)) * Math.exp(wander() + 0.04 * random.normal()));
  },
};

export const memory: MetricFamily = {
  name: 'memory',
  metric: 'container_memory_working_set_percent',
  staticRule: { direction: 'above', forMs: 10 * MINUTE_MS },
  rules: [SEASONAL_FORECAST],
  clean: (random) => {
    const wander = ar1Noise(random, 0.98, 0.8);
    return (tsMs) => 38 + 12 * userLoad(tsMs) + wander() + 0.2 * random.normal();
  },
};

/** Sunday 03:00, when the weekly cleanup job runs, as an offset into the week that `tsMs % WEEK_MS` measures. */
const CLEANUP_OFFSET_MS = 3 * DAY_MS + 3 * HOUR_MS;

export const disk: MetricFamily = {
  name: 'disk',
  metric: 'filesystem_used_percent',
  staticRule: { direction: 'above', forMs: 10 * MINUTE_MS },
  rules: [SEASONAL_FORECAST],
  clean: (random) => (tsMs) => {
    // Data grows 0.4%/day until the weekly cleanup; logs grow 2.5% over 06:00–22:00 and rotate at midnight.
    const sinceCleanup = (((tsMs - CLEANUP_OFFSET_MS) % WEEK_MS) + WEEK_MS) % WEEK_MS;
    const logs = 2.5 * Math.min(1, Math.max(0, (hourOfDay(tsMs) - 6) / 16));
    return 58 + (0.4 * sinceCleanup) / DAY_MS + logs + 0.03 * random.normal();
  },
};

export const sloBudget: MetricFamily = {
  name: 'SLO budget',
  metric: 'slo_error_budget_remaining_ratio',
  staticRule: { direction: 'below', forMs: 30 * MINUTE_MS },
  rules: [
    {
      kind: 'forecast',
      method: 'linear',
      lookbackMs: DAY_MS,
      horizonMs: 12 * HOUR_MS,
      stepMs: 30 * MINUTE_MS,
      intervalMs: 10 * MINUTE_MS,
      forMs: 30 * MINUTE_MS,
    },
  ],

  clean: (random) => {
    // A 28-day rolling budget at a steady burn is flat; the day-to-day error mix makes it wander slowly.
    const wander = ar1Noise(random, 0.999, 0.004);
    return () => 0.6 + wander() + 0.0005 * random.normal();
  },
};

/** The nightly batch job's CPU: +25 points over 02:00–03:00, ramping over 15 minutes. */
export function batchCpu(tsMs: number, startHour: number): number {
  return 25 * dailyWindow(tsMs, startHour, startHour + 1, 0.25);
}

export const BATCH_START_HOUR = 2;

export const cpu: MetricFamily = {
  name: 'cpu',
  metric: 'node_cpu_busy_percent',
  staticRule: { direction: 'above', forMs: 5 * MINUTE_MS },
  rules: [{ kind: 'anomaly', direction: 'up' }],
  clean: (random) => {
    const wander = ar1Noise(random, 0.9, 2);
    return (tsMs) => 20 + 35 * userLoad(tsMs) + batchCpu(tsMs, BATCH_START_HOUR) + wander() + random.normal();
  },
};

export const sensor: MetricFamily = {
  name: 'sensor',
  metric: 'rack_inlet_temperature_celsius',
  staticRule: { direction: 'above', forMs: 5 * MINUTE_MS },
  rules: [{ kind: 'anomaly', direction: 'both' }],
  clean: (random) => {
    const wander = ar1Noise(random, 0.95, 0.15);
    return (tsMs) =>
      22 +
      1.5 * Math.sin((2 * Math.PI * (hourOfDay(tsMs) - 9)) / 24) +
      userLoad(tsMs) +
      wander() +
      0.05 * random.normal();
  },
};

export const METRIC_FAMILIES: readonly MetricFamily[] = [
  traffic,
  errorRatio,
  latency,
  memory,
  disk,
  sloBudget,
  cpu,
  sensor,
];
