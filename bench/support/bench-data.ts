import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { INestApplicationContext } from '@nestjs/common';
import { Pool } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { fingerprint } from 'src/core/labels/labels';
import { Labels } from 'src/core/model';
import { recreateDatabase } from 'src/infra/database/migration-runner';
import { RollupService } from 'src/modules/maintenance/rollup.service';
import { runPromtool } from '../../test/slo-differential/promtool';

/**
 * The data of bench:query and bench:eval: 10,000 × scale series (request counters with resets, latency histograms
 * of 8 buckets, two gauges) at 15 s, generated in PostgreSQL with `generate_series`, rolled up by the rollup job (as
 * ingest would have it), and exported from PostgreSQL as OpenMetrics for a local Prometheus (`promtool tsdb
 * create-blocks-from openmetrics`), so both hold the same samples.
 */

export const STEP_S = 15;
export const JOBS = 10;
const DAY_MS = 86_400_000;
/**
 * The data runs this far past the time it was loaded, so that bench:eval, whose scheduler and Prometheus's rule
 * manager evaluate at the wall-clock time, finds current samples for that long after the load.
 */
const AHEAD_MS = 3 * 3_600_000;

/** Where the data is kept between runs (`--reuse`): one database and one Prometheus TSDB for both benchmarks. */
export const BENCH_DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/forewarn_bench_data';
export const BENCH_WORK_DIR = join(tmpdir(), 'forewarn-bench-data');
const BUCKETS = ['0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '+Inf'];
const BUCKET_SHARES = [0.2, 0.45, 0.7, 0.85, 0.93, 0.98, 0.995, 1];

/** `--scale` (default 1), `--rounds` (default 3) and `--reuse` of both benchmarks. */
export function benchFlags(): { scale: number; rounds: number; reuse: boolean } {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '1' },
      rounds: { type: 'string', default: '3' },
      reuse: { type: 'boolean', default: false },
    },
  });
  const scale = Number(values.scale);
  const rounds = Number(values.rounds);
  if (!(scale > 0) || !(rounds >= 1)) {
    throw new Error('--scale must be > 0 and --rounds at least 1');
  }
  return { scale, rounds, reuse: values.reuse };
}

export const say = (line: string) => process.stdout.write(`${line}\n`);
export const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
export const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

export interface BenchSeries {
  readonly labels: Labels;
  /** Counter increment per step; 0 for a gauge. */
  readonly increment: number;
  /** Steps between counter resets. */
  readonly period: number;
  /** Phase of the resets (the same for every bucket of one histogram, so buckets stay cumulative). */
  readonly phase: number;
}

/** A fifth request counters, two fifths histogram buckets, a fifth each CPU and memory gauges; jobs j0 to j9. */
export function benchSeries(scale: number): BenchSeries[] {
  const total = Math.max(40, Math.round(10_000 * scale));
  const perKind = Math.max(1, Math.round(total / 5));
  const series: BenchSeries[] = [];
  const job = (index: number) => `j${index % JOBS}`;
  for (let index = 0; index < perKind; index += 1) {
    const code = index % 2 === 0 ? '200' : '500';
    series.push({
      labels: { __name__: 'bench_requests_total', job: job(index >> 1), instance: `i${index >> 1}`, code },
      increment: code === '200' ? 50 + (index % 17) : 1 + (index % 3),
      period: 2000 + ((index * 37) % 3000),
      phase: index * 7919,
    });
  }
  for (let histogram = 0; histogram < Math.round((2 * perKind) / BUCKETS.length); histogram += 1) {
    BUCKETS.forEach((le, bucket) =>
      series.push({
        labels: {
          __name__: 'bench_latency_seconds_bucket',
          job: job(histogram),
          instance: `i${histogram}`,
          le,
        },
        increment: 40 * (BUCKET_SHARES[bucket] ?? 1) * (1 + (histogram % 5) / 10),
        period: 3000 + ((histogram * 53) % 2000),
        phase: histogram * 104_729,
      }),
    );
  }
  for (const name of ['bench_cpu_usage', 'bench_memory_bytes']) {
    for (let index = 0; index < perKind; index += 1) {
      series.push({
        labels: { __name__: name, job: job(index), instance: `i${index}` },
        increment: 0,
        period: 1,
        phase: index,
      });
    }
  }
  return series;
}

/** `base + variant × step`, written short. */
const threshold = (base: number, step: number, variant: number) =>
  Number((base + variant * step).toPrecision(6));

/**
 * 10 alerting patterns over the bench series of one job; `variant` raises the threshold (bench:eval's 1,000 rules
 * are variants of each pattern for each job), variant 0 being bench:query's 100 expressions. Steps are such that
 * from about the tenth variant on a rule finds nothing above its threshold, as most rules most of the time.
 */
export const ALERT_PATTERNS: ReadonlyArray<(job: string, variant: number) => string> = [
  (j, v) =>
    `sum by (job) (rate(bench_requests_total{job="${j}",code="500"}[5m])) / sum by (job) (rate(bench_requests_total{job="${j}"}[5m])) > ${threshold(0.01, 0.01, v)}`,
  (j, v) =>
    `histogram_quantile(0.99, sum by (le, job) (rate(bench_latency_seconds_bucket{job="${j}"}[5m]))) > ${threshold(0.5, 0.5, v)}`,
  (j, v) => `avg_over_time(bench_cpu_usage{job="${j}"}[10m]) > ${threshold(80, 1, v)}`,
  (j, v) => `max by (job) (bench_memory_bytes{job="${j}"}) > ${threshold(70, 1, v)}`,
  (j, v) => `rate(bench_requests_total{job="${j}",code="200"}[5m]) > ${threshold(3.5, 0.1, v)}`,
  (j, v) =>
    `sum by (instance) (increase(bench_requests_total{job="${j}"}[1h])) > ${threshold(100_000, 10_000, v)}`,
  (j, v) => `bench_cpu_usage{job="${j}"} / on (job, instance) bench_memory_bytes > ${threshold(1.5, 0.5, v)}`,
  (j, v) => `topk(3, rate(bench_requests_total{job="${j}"}[5m])) > ${threshold(0, 1, v)}`,
  (j, v) => `quantile_over_time(0.9, bench_cpu_usage{job="${j}"}[15m]) > ${threshold(85, 1, v)}`,
  // (not `cpu > 60 and on (instance) memory > 60`: a threshold rule's expression ends in its comparison)
  (j, v) =>
    `(bench_cpu_usage{job="${j}"} and on (instance) bench_memory_bytes{job="${j}"} > 60) > ${threshold(60, 1, v)}`,
];

/**
 * Series rows, then one INSERT … generate_series per day (counters with resets, sine gauges) of the samples at
 * multiples of 15 s in `(startMs, endMs]`, each recorded as a write not rolled up yet, as ingest records it.
 */
async function loadSamples(pool: Pool, series: readonly BenchSeries[], startMs: number, endMs: number) {
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO public.series (metric, labels, fingerprint)
     SELECT * FROM unnest($1::text[], $2::jsonb[], $3::text[]) RETURNING id`,
    [
      series.map((entry) => entry.labels.__name__),
      series.map((entry) => JSON.stringify(entry.labels)),
      series.map((entry) => fingerprint(entry.labels)),
    ],
  );
  const ids = rows.map((row) => row.id);
  let loaded = 0;
  const started = process.hrtime.bigint();
  for (let day = Math.floor(startMs / DAY_MS) * DAY_MS; day < endMs; day += DAY_MS) {
    await pool.query('SELECT public.forewarn_ensure_sample_partition($1::date)', [
      new Date(day).toISOString().slice(0, 10),
    ]);
    const fromMs = Math.ceil(Math.max(day, startMs + 1) / (STEP_S * 1000)) * STEP_S * 1000;
    const toMs = Math.min(day + DAY_MS - 1, endMs);
    const result = await pool.query(
      `INSERT INTO public.samples (series_id, ts, value)
       SELECT s.id, t,
              CASE WHEN s.inc = 0
                   THEN round((50 + 40 * sin(extract(epoch FROM t) / 900 + s.phase))::numeric, 3)::float8
                   ELSE ((floor(extract(epoch FROM t) / ${STEP_S})::int8 + s.phase) % s.period) * s.inc END
       FROM unnest($1::int4[], $2::float8[], $3::int8[], $4::int8[]) AS s(id, inc, period, phase)
       CROSS JOIN LATERAL generate_series(to_timestamp($5 / 1000.0), to_timestamp($6 / 1000.0),
                                          interval '${STEP_S} seconds') AS t`,
      [
        ids,
        series.map((entry) => entry.increment),
        series.map((entry) => entry.period),
        series.map((entry) => entry.phase),
        fromMs,
        toMs,
      ],
    );
    await pool.query(
      `INSERT INTO public.sample_rollup_dirty (min_ts, max_ts, series_ids)
       VALUES (to_timestamp($1 / 1000.0), to_timestamp($2 / 1000.0), $3::int4[])`,
      [fromMs, toMs, ids],
    );
    loaded += result.rowCount ?? 0;
    say(`  ${loaded.toLocaleString('en')} samples, ${seconds(started).toFixed(0)} s`);
  }
}

/** Runs the rollup job until it has caught up with the recorded writes, then refreshes the planner's statistics. */
export async function rollUp(app: INestApplicationContext, pool: Pool, nowMs: number): Promise<void> {
  const started = process.hrtime.bigint();
  for (let caughtUp = false; !caughtUp;) {
    const report = await app.get(RollupService).rollUpPending(nowMs);
    caughtUp = report.caughtUp;
    say(`  rolled up ${report.buckets.toLocaleString('en')} buckets, ${seconds(started).toFixed(0)} s`);
  }
  await pool.query(
    `VACUUM ANALYZE public.series, public.samples, public.sample_rollups_1m, public.sample_rollups_5m,
       public.sample_rollups_1h, public.sample_rollups_1d`,
  );
}

/** The stored samples as OpenMetrics (series after series, in time order), written by PostgreSQL itself. */
async function exportOpenMetrics(pool: Pool, series: readonly BenchSeries[], file: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('CREATE TEMP TABLE bench_series_text (id int4 PRIMARY KEY, text text)');
    await client.query(
      `INSERT INTO bench_series_text
       SELECT s.id, s.metric || '{' || (SELECT string_agg(key || '="' || value || '"', ',' ORDER BY key)
                                         FROM jsonb_each_text(s.labels) WHERE key <> '__name__') || '}'
       FROM public.series s`,
    );
    await pipeline(
      client.query(
        copyTo(
          `COPY (SELECT t.text || ' ' || x.value::text || ' ' || extract(epoch FROM x.ts)::text
                 FROM public.samples x JOIN bench_series_text t ON t.id = x.series_id
                 ORDER BY x.series_id, x.ts) TO STDOUT`,
        ),
      ),
      async function* (lines: AsyncIterable<Buffer>) {
        yield* lines;
        yield '# EOF\n';
      },
      createWriteStream(file),
    );
  } finally {
    await client.query('DROP TABLE IF EXISTS bench_series_text');
    client.release();
  }
  say(`  ${((await stat(file)).size / 1e6).toFixed(0)} MB of OpenMetrics (${series.length} series)`);
}

/**
 * The same samples in `(startMs, endMs]` into PostgreSQL (generated there, then rolled up at `nowMs`) and into
 * Prometheus's TSDB at `workDir/tsdb`.
 */
async function loadBoth(
  app: INestApplicationContext,
  pool: Pool,
  series: readonly BenchSeries[],
  span: { readonly startMs: number; readonly endMs: number; readonly nowMs: number },
  workDir: string,
): Promise<void> {
  say('loading PostgreSQL:');
  const loadStart = process.hrtime.bigint();
  await loadSamples(pool, series, span.startMs, span.endMs);
  say(`  loaded in ${seconds(loadStart).toFixed(0)} s; rolling up:`);
  const rollupStart = process.hrtime.bigint();
  await rollUp(app, pool, span.nowMs);
  say(`  rolled up in ${seconds(rollupStart).toFixed(0)} s; exporting OpenMetrics for Prometheus:`);
  const exportStart = process.hrtime.bigint();
  await exportOpenMetrics(pool, series, join(workDir, 'data.om'));
  say(`  exported in ${seconds(exportStart).toFixed(0)} s; promtool tsdb create-blocks-from openmetrics:`);
  const backfillStart = process.hrtime.bigint();
  const backfill = await runPromtool(
    ['tsdb', 'create-blocks-from', 'openmetrics', 'data.om', 'tsdb'],
    workDir,
    60 * 60_000,
  );
  if (backfill.code !== 0) {
    throw new Error(`promtool failed:\n${backfill.output.slice(-2000)}`);
  }
  await rm(join(workDir, 'data.om'));
  say(`  backfilled in ${seconds(backfillStart).toFixed(0)} s; starting Prometheus`);
}

/** The load average of the last 1, 5 and 15 minutes and the core count, to print next to timings. */
export function loadAverage(): string {
  const averages = loadavg().map((value) => value.toFixed(1));
  return `load average ${averages.join(', ')} on ${cpus().length} cores`;
}

/** Without `--reuse`: an empty database and work folder (before the app starts, which migrates the database). */
export async function resetBenchData(reuse: boolean): Promise<void> {
  if (!reuse) {
    await recreateDatabase(BENCH_DATABASE_URL);
    await rm(BENCH_WORK_DIR, { recursive: true, force: true });
    await mkdir(BENCH_WORK_DIR);
  }
}

/**
 * A day of samples up to now and 3 hours ahead in both stores, loaded now or, with `--reuse`, by an earlier run of
 * either benchmark. Returns the time the data was loaded at (its day ends there).
 */
export async function benchData(
  app: INestApplicationContext,
  pool: Pool,
  series: readonly BenchSeries[],
  reuse: boolean,
): Promise<number> {
  if (reuse) {
    const { rows } = await pool.query<{ t: number }>(
      'SELECT (extract(epoch FROM max(ts)) * 1000)::float8 AS t FROM public.samples',
    );
    const loadedAtMs = Number(rows[0]?.t) - AHEAD_MS;
    say(`reusing the data loaded at ${new Date(loadedAtMs).toISOString()}`);
    await ensureRolledUp(app, pool, loadedAtMs + AHEAD_MS);
    return loadedAtMs;
  }
  const loadedAtMs = Math.floor(Date.now() / (STEP_S * 1000)) * STEP_S * 1000;
  const span = { startMs: loadedAtMs - DAY_MS, endMs: loadedAtMs + AHEAD_MS, nowMs: loadedAtMs + AHEAD_MS };
  await loadBoth(app, pool, series, span, BENCH_WORK_DIR);
  return loadedAtMs;
}

/**
 * For `--reuse` of data loaded before the benchmarks rolled it up: the whole of it recorded as not rolled up when
 * there are no rollups at all, then the rollup job run (which does nothing when it is up to date).
 */
async function ensureRolledUp(app: INestApplicationContext, pool: Pool, nowMs: number): Promise<void> {
  await pool.query(
    `INSERT INTO public.sample_rollup_dirty (min_ts, max_ts, series_ids)
     SELECT (SELECT min(ts) FROM public.samples), (SELECT max(ts) FROM public.samples),
            (SELECT array_agg(id) FROM public.series)
     WHERE NOT EXISTS (SELECT 1 FROM public.sample_rollups_5m) AND EXISTS (SELECT 1 FROM public.samples)`,
  );
  await rollUp(app, pool, nowMs);
}
