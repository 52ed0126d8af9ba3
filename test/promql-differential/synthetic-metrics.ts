import { seededRandom } from 'src/core/detectors/synthetic-series';
import { Labels, Sample } from 'src/core/model';

/**
 * Deterministic synthetic metrics for the PromQL differential suite: gauges (one with a NaN sample, one with a
 * 15-minute gap), counters with resets and a gap, a classic histogram (with a reset), and one-per-group series for
 * vector matching. Samples come about every 15 s at whole seconds with 0-3 s of jitter, so an evaluation time at a
 * half second is never a sample time, nor a range or lookback boundary (Prometheus 2.x reads ranges as
 * `[start, end]`, forewarn and Prometheus 3 as `(start, end]`).
 */

export interface SyntheticSeries {
  readonly labels: Labels;
  readonly samples: Sample[];
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Yesterday 00:00 UTC: inside forewarn's raw retention, and a whole number of days (queries use `time() % 86400`). */
export const DATA_START_MS = Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS;
export const DATA_SPAN_MS = 2 * 60 * MINUTE_MS;
const STEP_MS = 15_000;
export const HOSTS = [
  { host: 'h1', dc: 'east', version: 'v1.2' },
  { host: 'h2', dc: 'east', version: 'v1.3' },
  { host: 'h3', dc: 'west', version: 'v1.2' },
  { host: 'h4', dc: 'west', version: 'v1.3' },
] as const;
export const BUCKET_BOUNDS = ['0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf'] as const;
const BUCKET_LIMITS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, Infinity];

/** Timestamps of one series: every 15 s plus 0-3 s of jitter, whole seconds. */
function timestamps(random: () => number): number[] {
  const result: number[] = [];
  for (let ts = DATA_START_MS; ts < DATA_START_MS + DATA_SPAN_MS; ts += STEP_MS) {
    result.push(ts + Math.floor(random() * 4) * 1000);
  }
  return result;
}

function inGap(ts: number, gap: readonly [number, number] | undefined): boolean {
  return (
    gap !== undefined && ts >= DATA_START_MS + gap[0] * MINUTE_MS && ts < DATA_START_MS + gap[1] * MINUTE_MS
  );
}

function gauge(
  random: () => number,
  labels: Labels,
  value: (ts: number, index: number) => number,
  gap?: readonly [number, number],
): SyntheticSeries {
  const samples = timestamps(random)
    .map((ts, index): Sample => [ts, value(ts, index)])
    .filter(([ts]) => !inGap(ts, gap));
  return { labels, samples };
}

/** A counter growing by `increment()` per sample that starts over from a small value at the given minutes. */
function counter(
  random: () => number,
  labels: Labels,
  increment: () => number,
  resetsAtMinute: readonly number[],
  gap?: readonly [number, number],
): SyntheticSeries {
  let value = 10_000 + Math.floor(random() * 1000); // long running: see the histogram's `observe(3000)`
  let nextReset = 0;
  const samples: Sample[] = [];
  for (const ts of timestamps(random)) {
    const resetAt = resetsAtMinute[nextReset];
    if (resetAt !== undefined && ts >= DATA_START_MS + resetAt * MINUTE_MS) {
      value = Math.floor(random() * 3);
      nextReset += 1;
    } else {
      value += increment();
    }
    if (!inGap(ts, gap)) {
      samples.push([ts, value]);
    }
  }
  return { labels, samples };
}

/** `_bucket` (one series per bound), `_count` and `_sum` of a latency histogram, reset at the given minute. */
function histogram(random: () => number, base: Labels, resetAtMinute?: number): SyntheticSeries[] {
  const buckets = BUCKET_LIMITS.map(() => 0);
  let count = 0;
  let sum = 0;
  let reset = false;
  const bucketSeries = BUCKET_BOUNDS.map((le) => ({
    labels: { ...base, __name__: 'fw_latency_seconds_bucket', le },
    samples: [] as Sample[],
  }));
  const countSeries = { labels: { ...base, __name__: 'fw_latency_seconds_count' }, samples: [] as Sample[] };
  const sumSeries = { labels: { ...base, __name__: 'fw_latency_seconds_sum' }, samples: [] as Sample[] };
  const observe = (observations: number): void => {
    for (let index = 0; index < observations; index += 1) {
      const latency = Math.round(-Math.log(1 - random()) * 0.3 * 1000) / 1000;
      BUCKET_LIMITS.forEach((limit, bucket) => {
        if (latency <= limit) {
          buckets[bucket] = (buckets[bucket] ?? 0) + 1;
        }
      });
      count += 1;
      sum += latency;
    }
  };
  // A process that has been running for a while: Prometheus 2.x extrapolates a range that starts before a
  // counter's first sample towards zero differently from forewarn and Prometheus 3 (docs/promql.md).
  observe(3000);
  for (const ts of timestamps(random)) {
    if (!reset && resetAtMinute !== undefined && ts >= DATA_START_MS + resetAtMinute * MINUTE_MS) {
      buckets.fill(0);
      count = 0;
      sum = 0;
      reset = true;
    }
    observe(5 + Math.floor(random() * 20));
    bucketSeries.forEach((series, bucket) => series.samples.push([ts, buckets[bucket] ?? 0]));
    countSeries.samples.push([ts, count]);
    sumSeries.samples.push([ts, Math.round(sum * 1000) / 1000]);
  }
  return [...bucketSeries, countSeries, sumSeries];
}

/** Every series of the suite; the same call always gives the same data. */
export function syntheticMetrics(): SyntheticSeries[] {
  const random = seededRandom(4242);
  const series: SyntheticSeries[] = [];
  for (const [index, { host, dc, version }] of HOSTS.entries()) {
    const hostLabels = { host, dc };
    const phase = index * 0.7;
    series.push(
      gauge(
        random,
        { __name__: 'fw_cpu_temp', ...hostLabels },
        (ts, sample) =>
          host === 'h2' && sample === 200
            ? NaN
            : Math.round((45 + 6 * Math.sin((ts - DATA_START_MS) / 900_000 + phase) + random() * 2) * 1000) /
              1000,
        host === 'h4' ? [40, 55] : undefined,
      ),
      gauge(random, { __name__: 'fw_cpu_limit', ...hostLabels }, () => 90 + index),
      gauge(random, { __name__: 'fw_build_info', host, version }, () => 1),
    );
    for (const queue of ['a', 'b']) {
      series.push(
        gauge(
          random,
          { __name__: 'fw_queue_depth', ...hostLabels, queue },
          () => Math.round(random() * 100_000) / 100,
        ),
      );
    }
    series.push(
      counter(
        random,
        { __name__: 'fw_requests_total', ...hostLabels, code: '200' },
        () => 5 + Math.floor(random() * 10),
        host === 'h1' ? [30, 80] : [],
      ),
      counter(
        random,
        { __name__: 'fw_requests_total', ...hostLabels, code: '500' },
        () => Math.floor(random() * 3),
        host === 'h3' ? [60] : [],
        host === 'h2' ? [70, 78] : undefined,
      ),
      ...histogram(random, hostLabels, host === 'h4' ? 50 : undefined),
    );
  }
  for (const [dc, capacity] of [
    ['east', 100],
    ['west', 150],
  ] as const) {
    series.push(
      gauge(random, { __name__: 'fw_capacity', dc }, (ts) => capacity + (ts - DATA_START_MS) / 3_600_000),
    );
  }
  return series;
}
