import { Client } from 'pg';
import { IngestColumns } from 'src/core/ingest/ingest-batch';
import { fingerprint } from 'src/core/labels/labels';
import { Labels, Sample } from 'src/core/model';
import { RangeSummary, summarizeRange } from 'src/core/promql/extrapolated-rate';
import { seededRandom } from 'src/core/detectors/synthetic-series';
import { randomCounter, samplesIn } from 'src/core/rollups/rollup-test-data';
import { JobQueue } from 'src/infra/queue/job-queue';
import { MAINTENANCE_JOBS } from 'src/infra/queue/queue.contract';
import { RetentionService } from 'src/modules/maintenance/retention.service';
import { RollupService } from 'src/modules/maintenance/rollup.service';
import { SampleStore } from 'src/modules/metrics/sample-store.service';
import { SampleRepository } from 'src/modules/metrics/sample.repository';
import { eventually } from '../support/eventually';
import { TestEnvironment } from '../support/test-app';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const SERIES = 6;

/** Samples of the series as one write, the way ingest hands them to the store. */
function columnsOf(series: ReadonlyArray<{ labels: Labels; samples: readonly Sample[] }>): IngestColumns {
  const sampleCount = series.reduce((total, entry) => total + entry.samples.length, 0);
  const timestampsMs = new Float64Array(sampleCount);
  const values = new Float64Array(sampleCount);
  let start = 0;
  const entries = series
    .filter((entry) => entry.samples.length > 0)
    .map((entry) => {
      entry.samples.forEach(([ts, value], index) => {
        timestampsMs[start + index] = ts;
        values[start + index] = value;
      });
      const result = {
        labels: entry.labels,
        fingerprint: fingerprint(entry.labels),
        start,
        count: entry.samples.length,
      };
      start += entry.samples.length;
      return result;
    });
  return { series: entries, timestampsMs, values, sampleCount };
}

/** The same summary: count, first and last exactly, the reset sum within 1e-9 relative (order of addition). */
function expectSameSummary(
  actual: RangeSummary | undefined,
  expected: RangeSummary | undefined,
  where: string,
): void {
  if (expected === undefined || actual === undefined) {
    expect({ where, actual }).toEqual({ where, actual: expected });
    return;
  }
  const { resetSum, ...exact } = actual;
  const { resetSum: expectedResetSum, ...expectedExact } = expected;
  expect({ where, ...exact }).toEqual({ where, ...expectedExact });
  const tolerance = 1e-9 * Math.max(1, Math.abs(expectedResetSum));
  if (Math.abs(resetSum - expectedResetSum) > tolerance) {
    throw new Error(`${where}: reset sum ${resetSum}, expected ${expectedResetSum}`);
  }
}

describe('sample rollups', () => {
  const env = new TestEnvironment();
  const nowMs = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
  const dataStartMs = nowMs - 3 * DAY_MS + 12_345;
  const random = seededRandom(2026);
  /** Random counters with resets, 3 days at irregular intervals (about 35 s on average). */
  const series = Array.from({ length: SERIES }, (_, index) => ({
    labels: { __name__: 'rollup_test_total', series: String(index) },
    samples: randomCounter(100 + index, dataStartMs, 7000).filter(([ts]) => ts <= nowMs - 2 * HOUR_MS),
  }));
  /** Every seventh sample arrives late, after the rest was rolled up. */
  const isLate = (index: number) => index % 7 === 3;
  let db: Client;
  let ids: number[];
  let stored: Sample[][];

  const store = () => env.get(SampleStore);
  const repository = () => env.get(SampleRepository);
  const write = (samples: ReadonlyArray<readonly Sample[]>) =>
    store().write(
      columnsOf(series.map((entry, index) => ({ labels: entry.labels, samples: samples[index] ?? [] }))),
    );
  const rollUpAll = async () => {
    for (;;) {
      const report = await env.get(RollupService).rollUpPending(nowMs);
      if (report.caughtUp) {
        return;
      }
    }
  };
  const pendingRows = async () =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sample_rollup_dirty')).rows[0]?.n;

  /**
   * Compares `rangeSummaries` with the summaries of the samples stored so far, over the given ranges, all at once (so
   * that they share statements, as concurrent evaluations do).
   */
  async function expectRangesExact(ranges: ReadonlyArray<readonly [number, number]>): Promise<void> {
    const results = await Promise.all(
      ranges.map(([fromMs, toMs]) => repository().rangeSummaries(ids, fromMs, toMs)),
    );
    ranges.forEach(([fromMs, toMs], rangeIndex) => {
      ids.forEach((id, index) => {
        const where = `series ${index} over (${new Date(fromMs).toISOString()}, ${new Date(toMs).toISOString()}]`;
        expectSameSummary(
          results[rangeIndex]?.get(id),
          summarizeRange(samplesIn(stored[index] ?? [], fromMs, toMs)),
          where,
        );
      });
    });
  }

  /** Ranges of 6 hours to 3 days with ends anywhere (milliseconds included), plus the whole data. */
  const randomRanges = (count: number): Array<[number, number]> => [
    [dataStartMs - DAY_MS, nowMs],
    ...Array.from({ length: count }, (): [number, number] => {
      const lengthMs = 6 * HOUR_MS + Math.floor(random() * (3 * DAY_MS - 6 * HOUR_MS));
      const toMs = dataStartMs + lengthMs + Math.floor(random() * (nowMs - dataStartMs - lengthMs));
      return [toMs - lengthMs, toMs];
    }),
  ];

  beforeAll(async () => {
    await env.setUp();
    await env.start(['worker']);
    db = new Client({ connectionString: env.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
    await env.tearDown();
  });

  it('rolls up samples written out of order and reads long ranges exactly as from the samples', async () => {
    const onTime = series.map((entry) => entry.samples.filter((_, index) => !isLate(index)));
    const thirds = [2, 0, 1].map((third) =>
      onTime.map((samples) =>
        samples.slice((third * samples.length) / 3, ((third + 1) * samples.length) / 3),
      ),
    );
    for (const batch of thirds) {
      await write(batch);
    }
    stored = onTime;
    const { rows } = await db.query<{ id: number; labels: Labels }>(
      "SELECT id, labels FROM series WHERE metric = 'rollup_test_total'",
    );
    ids = series.map((entry) => rows.find((row) => row.labels.series === entry.labels.series)?.id ?? -1);
    expect(await pendingRows()).toBeGreaterThan(0);

    await rollUpAll();
    expect(await pendingRows()).toBe(0);
    const { rows: counts } = await db.query<{ level: string; n: number }>(
      `SELECT '1m' AS level, count(*)::int AS n FROM sample_rollups_1m
       UNION ALL SELECT '1h', count(*)::int FROM sample_rollups_1h`,
    );
    expect(counts.every((row) => row.n > 0)).toBe(true);
    await expectRangesExact(randomRanges(25));
  });

  it('reads late samples before the job rolls them up (their buckets are read raw), and after', async () => {
    await write(series.map((entry) => entry.samples.filter((_, index) => isLate(index))));
    stored = series.map((entry) => entry.samples);
    expect(await pendingRows()).toBeGreaterThan(0);
    await expectRangesExact(randomRanges(10));

    await rollUpAll();
    expect(await pendingRows()).toBe(0);
    await expectRangesExact(randomRanges(10));
  });

  it('reads the samples of the last minutes, not rolled up yet, raw', async () => {
    const head = series.map((_, index) =>
      randomCounter(500 + index, nowMs - 2 * HOUR_MS + 1, 200).filter(([ts]) => ts <= nowMs),
    );
    await write(head);
    stored = stored.map((samples, index) => [...samples, ...(head[index] ?? [])]);
    await expectRangesExact([
      [nowMs - 6 * HOUR_MS, nowMs],
      [nowMs - 28 * HOUR_MS - 7_777, nowMs - 1],
      [dataStartMs, nowMs],
    ]);
  });

  it('runs as the maintenance queue job', async () => {
    expect(await pendingRows()).toBeGreaterThan(0);
    await env.get(JobQueue).enqueueMaintenance(MAINTENANCE_JOBS.rollUpSamples, nowMs);
    await eventually(async () => ((await pendingRows()) === 0 ? true : undefined), 20_000);
    await expectRangesExact(randomRanges(5));
  });

  it('drops partitions past retention and keeps recent ones', async () => {
    await db.query("SELECT forewarn_ensure_sample_partition((now() - interval '20 days')::date)");
    await db.query("SELECT forewarn_ensure_rollup_partition('5m', (now() - interval '14 months')::date)");
    const partitions = async () =>
      (
        await db.query<{ name: string }>(
          `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
           WHERE i.inhparent IN ('samples'::regclass, 'sample_rollups_5m'::regclass) ORDER BY 1`,
        )
      ).rows.map((row) => row.name);
    const before = await partitions();
    const day = (offsetDays: number) =>
      new Date(nowMs + offsetDays * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '');
    const month = (offsetMonths: number) => {
      const date = new Date(nowMs);
      return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offsetMonths, 1))
        .toISOString()
        .slice(0, 7)
        .replace('-', '');
    };
    expect(before).toEqual(
      expect.arrayContaining([`samples_${day(-20)}`, `samples_${day(0)}`, `sample_rollups_5m_${month(-14)}`]),
    );

    const report = await env.get(RetentionService).enforce(Date.now());
    expect(report.dropped.sort()).toEqual([`sample_rollups_5m_${month(-14)}`, `samples_${day(-20)}`]);
    expect(await partitions()).toEqual(
      before.filter((name) => name !== `samples_${day(-20)}` && name !== `sample_rollups_5m_${month(-14)}`),
    );
  });

  it('keeps a raw partition until its samples are rolled up', async () => {
    const oldMs = nowMs - 16 * DAY_MS;
    await write(series.map((_, index) => (index === 0 ? [[oldMs, 1] as Sample] : [])));
    const report = await env.get(RetentionService).enforce(nowMs);
    expect(report.deferred).toEqual([
      `samples_${new Date(oldMs).toISOString().slice(0, 10).replaceAll('-', '')}`,
    ]);
    await rollUpAll();
    expect((await env.get(RetentionService).enforce(nowMs)).dropped).toEqual(report.deferred);
  });

  it('serves a range reaching past raw retention from the rollups', async () => {
    // Fifteen days after the start of today (UTC), the raw partitions of the earlier days are past retention and
    // gone, whatever the time of day (the data spans today and the three days before).
    const laterMs = Math.floor(nowMs / DAY_MS) * DAY_MS + 15 * DAY_MS + MINUTE_MS;
    const { dropped } = await env.get(RetentionService).enforce(laterMs);
    expect(dropped.length).toBeGreaterThanOrEqual(3);
    const { rows } = await db.query<{ oldest: Date }>('SELECT min(ts) AS oldest FROM samples');
    expect(rows[0]?.oldest.getTime()).toBeGreaterThan(nowMs - DAY_MS);

    const fromMs = Math.floor(dataStartMs / MINUTE_MS) * MINUTE_MS - HOUR_MS;
    await expectRangesExact([
      [fromMs, nowMs],
      [fromMs + 7 * MINUTE_MS, nowMs - 13 * MINUTE_MS],
    ]);
    const raw = await repository().rawRangeSummaries(ids, fromMs, nowMs);
    expect(raw.get(ids[0] ?? -1)?.count).toBeLessThan(stored[0]?.length ?? 0);
  });
});
