import { combineSummaries } from './combine-summaries';
import { RangePlan, planRange, rolledUpUntilMs } from './range-plan';
import { rollUpSamples } from './rollup-bucket';
import { HOUR_MS, MINUTE_MS } from './rollup-buckets';
import { randomCounter, samplesIn } from './rollup-test-data';
import { RangeSummary, summarizeRange } from '../promql/extrapolated-rate';
import { seededRandom } from '../detectors/synthetic-series';

const T0 = Date.UTC(2026, 10, 26, 0, 0, 0);
const M = MINUTE_MS;
const H = HOUR_MS;
/** The fields of a summary compared exactly (the reset sum depends on the order of addition). */
const exactPart = (summary: RangeSummary | undefined) =>
  summary === undefined
    ? undefined
    : {
        count: summary.count,
        firstTsMs: summary.firstTsMs,
        firstValue: summary.firstValue,
        lastTsMs: summary.lastTsMs,
        lastValue: summary.lastValue,
      };
const seg = (widthMs: number, fromMs: number, toMs: number) => ({ widthMs, fromMs, toMs });

describe(planRange.name, () => {
  it.each<[string, number, number, RangePlan['segments'] | undefined]>([
    ['aligned to hours: hours only', T0, T0 + 6 * H, [seg(H, T0, T0 + 6 * H)]],
    [
      'unaligned ends: raw, minutes, 5 minutes, hours, 5 minutes, minutes, raw',
      T0 + 12 * M + 30_000, // 00:12:30
      T0 + 6 * H + 23 * M + 1, // 06:23:00.001
      [
        seg(M, T0 + 13 * M, T0 + 15 * M),
        seg(5 * M, T0 + 15 * M, T0 + H),
        seg(H, T0 + H, T0 + 6 * H),
        seg(5 * M, T0 + 6 * H, T0 + 6 * H + 20 * M),
        seg(M, T0 + 6 * H + 20 * M, T0 + 6 * H + 23 * M),
      ],
    ],
    [
      'no whole hour: 5 minutes and minutes',
      T0 + 7 * M,
      T0 + 58 * M,
      [
        seg(M, T0 + 7 * M, T0 + 10 * M),
        seg(5 * M, T0 + 10 * M, T0 + 55 * M),
        seg(M, T0 + 55 * M, T0 + 58 * M),
      ],
    ],
    ['not one whole minute', T0 + 10_000, T0 + 70_000, undefined],
    [
      'a 28-day SLO window ending at 13:37:15',
      T0 + 13 * H + 37 * M + 15_000 - 28 * 24 * H,
      T0 + 13 * H + 37 * M + 15_000,
      [
        seg(M, T0 + 13 * H + 38 * M - 28 * 24 * H, T0 + 13 * H + 40 * M - 28 * 24 * H),
        seg(5 * M, T0 + 13 * H + 40 * M - 28 * 24 * H, T0 + 14 * H - 28 * 24 * H),
        seg(H, T0 + 14 * H - 28 * 24 * H, T0 - 27 * 24 * H),
        seg(24 * H, T0 - 27 * 24 * H, T0),
        seg(H, T0, T0 + 13 * H),
        seg(5 * M, T0 + 13 * H, T0 + 13 * H + 35 * M),
        seg(M, T0 + 13 * H + 35 * M, T0 + 13 * H + 37 * M),
      ],
    ],
  ])('%s', (_name, startMs, endMs, segments) => {
    expect(planRange(startMs, endMs)?.segments).toEqual(segments);
  });
});

describe(rolledUpUntilMs.name, () => {
  // Raw (00:12:30, 00:13], minutes to 00:15, 5 minutes to 01:00, hours to 06:00, 5 minutes to 06:20, minutes to
  // 06:23, raw to 06:23:00.001.
  const plan = planRange(T0 + 12 * M + 30_000, T0 + 6 * H + 23 * M + 1)!;

  it.each<[string, number | undefined, number]>([
    ['everything rolled up', undefined, T0 + 6 * H + 23 * M],
    ['dirty after the rollups', T0 + 6 * H + 23 * M + 1, T0 + 6 * H + 23 * M],
    ['dirty in the hours: up to that hour', T0 + 3 * H + 10 * M, T0 + 3 * H],
    ['dirty exactly at an hour boundary: that hour is stale', T0 + 3 * H, T0 + 2 * H],
    ['dirty in the 5-minute tail', T0 + 6 * H + 7 * M, T0 + 6 * H + 5 * M],
    ['dirty in the minute head', T0 + 14 * M + 1, T0 + 14 * M],
    ['dirty before the rollups', T0, T0 + 13 * M],
  ])('%s', (_name, dirtyMs, expected) => {
    expect(rolledUpUntilMs(plan, dirtyMs)).toBe(expected);
  });
});

describe('reading a range from rollups (the read path, in memory)', () => {
  it('equals the summary of the raw samples for random counters, ranges and not-yet-rolled-up times', () => {
    const random = seededRandom(42);
    for (let seed = 1; seed <= 300; seed += 1) {
      const samples = randomCounter(seed, T0, 400);
      const lastMs = samples[samples.length - 1]![0];
      const startMs = T0 + Math.floor(random() * (lastMs - T0) * 0.3);
      const endMs = startMs + Math.floor(random() * (lastMs - startMs) * 1.1);
      const dirtyMs = random() < 0.3 ? undefined : startMs + Math.floor(random() * (endMs - startMs));
      const plan = planRange(startMs, endMs);
      if (plan === undefined) {
        continue;
      }
      const untilMs = rolledUpUntilMs(plan, dirtyMs);
      const pieces: RangeSummary[] = [];
      const push = (summary: RangeSummary | undefined) => summary !== undefined && pieces.push(summary);
      push(summarizeRange(samplesIn(samples, startMs, plan.rollupFromMs)));
      for (const segment of plan.segments) {
        rollUpSamples(samples, segment.widthMs)
          .filter((bucket) => bucket.startMs >= segment.fromMs && bucket.startMs < segment.toMs)
          .filter((bucket) => bucket.startMs + segment.widthMs <= untilMs)
          .forEach(push);
      }
      push(summarizeRange(samplesIn(samples, untilMs, endMs)));
      const expected = summarizeRange(samplesIn(samples, startMs, endMs));
      const actual = combineSummaries(pieces);
      expect(exactPart(actual)).toEqual(exactPart(expected));
      expect(actual?.resetSum ?? 0).toBeCloseTo(expected?.resetSum ?? 0, 6);
    }
  });
});
