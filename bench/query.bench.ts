import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { Pool } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { startComponents } from 'src/bootstrap';
import { parseConfig } from 'src/config/app-config';
import { fingerprint } from 'src/core/labels/labels';
import { Labels } from 'src/core/model';
import { PromqlExpr, evaluatePromql, parsePromql, selectorsOf } from 'src/core/promql';
import { recreateDatabase } from 'src/infra/database/migration-runner';
import { PG_POOL } from 'src/infra/database/pg-pool.provider';
import { MetricReader } from 'src/modules/metrics/metric-reader';
import { runPromtool } from '../test/slo-differential/promtool';
import { differences, forewarnAnswer, prometheusAnswer } from '../test/promql-differential/compare-results';
import { PrometheusServer, prometheusVersion } from '../test/promql-differential/prometheus-server';

/**
 * `npm run bench:query [-- --scale 1]`: 10,000 × scale series (request counters with resets, latency histograms
 * of 8 buckets, two gauges) holding a day of samples at 15 s, generated in PostgreSQL with `generate_series`, then
 * exported from PostgreSQL as OpenMetrics and backfilled into a local Prometheus (`promtool tsdb
 * create-blocks-from openmetrics`), so both hold the same samples. 100 rule expressions (10 alerting patterns × 10
 * jobs) are evaluated at the end of the data, one after the other, through forewarn (parse, `MetricReader.read` from
 * PostgreSQL, evaluate) and through Prometheus's `/api/v1/query`, after one untimed pass each. Prints both times, the
 * ratio, where forewarn's time goes (reading vs evaluating), and whether the answers agree. `--reuse` keeps the
 * database and the Prometheus TSDB (in the temp folder `forewarn-bench-query`) of the previous run.
 */

const { values: flags } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '3' },
    reuse: { type: 'boolean', default: false },
  },
});
const scale = Number(flags.scale);
const rounds = Number(flags.rounds);
if (!(scale > 0) || !(rounds >= 1)) {
  throw new Error('--scale must be > 0 and --rounds at least 1');
}
const STEP_S = 15;
const DAY_MS = 86_400_000;
const JOBS = 10;
const BUCKETS = ['0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '+Inf'];
const BUCKET_SHARES = [0.2, 0.45, 0.7, 0.85, 0.93, 0.98, 0.995, 1];
const TARGET_RATIO = 3;
const databaseUrl =
  process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/forewarn_bench_query';

const say = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

interface BenchSeries {
  readonly labels: Labels;
  /** Counter increment per step; 0 for a gauge. */
  readonly increment: number;
  /** Steps between counter resets. */
  readonly period: number;
  /** Phase of the resets (the same for every bucket of one histogram, so buckets stay cumulative). */
  readonly phase: number;
}

/** A fifth request counters, two fifths histogram buckets, a fifth each CPU and memory gauges. */
function benchSeries(): BenchSeries[] {
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

/** 10 alerting patterns, each for 10 jobs. */
function ruleExpressions(): string[] {
  const patterns = [
    (j: string) =>
      `sum by (job) (rate(bench_requests_total{job="${j}",code="500"}[5m])) / sum by (job) (rate(bench_requests_total{job="${j}"}[5m])) > 0.01`,
    (j: string) =>
      `histogram_quantile(0.99, sum by (le, job) (rate(bench_latency_seconds_bucket{job="${j}"}[5m]))) > 0.5`,
    (j: string) => `avg_over_time(bench_cpu_usage{job="${j}"}[10m]) > 80`,
    (j: string) => `max by (job) (bench_memory_bytes{job="${j}"}) > 70`,
    (j: string) => `rate(bench_requests_total{job="${j}",code="200"}[5m]) > 3.5`,
    (j: string) => `sum by (instance) (increase(bench_requests_total{job="${j}"}[1h])) > 100000`,
    (j: string) => `bench_cpu_usage{job="${j}"} / on (job, instance) bench_memory_bytes > 1.5`,
    (j: string) => `topk(3, rate(bench_requests_total{job="${j}"}[5m])) > 0`,
    (j: string) => `quantile_over_time(0.9, bench_cpu_usage{job="${j}"}[15m]) > 85`,
    (j: string) => `bench_cpu_usage{job="${j}"} > 60 and on (instance) bench_memory_bytes{job="${j}"} > 60`,
  ];
  return patterns.flatMap((pattern) => Array.from({ length: JOBS }, (_, index) => pattern(`j${index}`)));
}

/** Series rows, then one INSERT … generate_series per day and kind (counters with resets, sine gauges). */
async function load(pool: Pool, series: readonly BenchSeries[], endMs: number): Promise<void> {
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
  const startMs = endMs - DAY_MS;
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
    loaded += result.rowCount ?? 0;
    say(`  ${loaded.toLocaleString('en')} samples, ${seconds(started).toFixed(0)} s`);
  }
  await pool.query('VACUUM ANALYZE public.series, public.samples');
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

/** The same samples into PostgreSQL (generated there) and into Prometheus's TSDB at `workDir/tsdb`. */
async function loadBoth(pool: Pool, series: readonly BenchSeries[], endMs: number, workDir: string) {
  say('loading PostgreSQL:');
  const loadStart = process.hrtime.bigint();
  await load(pool, series, endMs);
  say(`  loaded in ${seconds(loadStart).toFixed(0)} s; exporting OpenMetrics for Prometheus:`);
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

interface ForewarnPass {
  readonly seconds: number;
  readonly readSeconds: number;
  readonly evaluateSeconds: number;
  readonly samples: number;
}

async function forewarnPass(
  reader: MetricReader,
  parsed: ReadonlyArray<{ text: string; expr: PromqlExpr }>,
  nowMs: number,
): Promise<ForewarnPass> {
  let readSeconds = 0;
  let evaluateSeconds = 0;
  let samples = 0;
  const start = process.hrtime.bigint();
  for (const { expr } of parsed) {
    const readStart = process.hrtime.bigint();
    const data = await reader.read(selectorsOf(expr), nowMs);
    readSeconds += seconds(readStart);
    for (const entries of data.values()) {
      for (const entry of entries) {
        samples += entry.samples.length;
      }
    }
    const evaluateStart = process.hrtime.bigint();
    try {
      evaluatePromql(expr, data, nowMs);
    } catch {
      // an evaluation error is an answer too; the comparison below checks it against Prometheus's
    }
    evaluateSeconds += seconds(evaluateStart);
  }
  return { seconds: seconds(start), readSeconds, evaluateSeconds, samples };
}

async function prometheusPass(prometheus: PrometheusServer, texts: readonly string[], nowMs: number) {
  const start = process.hrtime.bigint();
  for (const text of texts) {
    const result = await prometheus.query(text, nowMs);
    if (result.status !== 'success') {
      throw new Error(`Prometheus refused ${text}: ${result.error}`);
    }
  }
  return seconds(start);
}

async function main(): Promise<void> {
  const version = prometheusVersion();
  if (version === undefined) {
    throw new Error('prometheus is not installed (apt-get install -y prometheus)');
  }
  const series = benchSeries();
  const texts = ruleExpressions();
  say(
    `query benchmark: ${series.length.toLocaleString('en')} series × 1 day at ${STEP_S} s, ` +
      `${texts.length} rule expressions, forewarn (PostgreSQL) vs ${version}`,
  );
  const workDir = join(tmpdir(), 'forewarn-bench-query');
  if (!flags.reuse) {
    await recreateDatabase(databaseUrl);
    await rm(workDir, { recursive: true, force: true });
    await mkdir(workDir);
  }
  const config = parseConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
  });
  const running = await startComponents(['worker'], config);
  let prometheus: PrometheusServer | undefined;
  try {
    const pool = running.app.get<Pool>(PG_POOL);
    let endMs = Math.floor(Date.now() / (STEP_S * 1000)) * STEP_S * 1000;
    if (flags.reuse) {
      const { rows } = await pool.query<{ t: number }>(
        'SELECT (extract(epoch FROM max(ts)) * 1000)::float8 AS t FROM public.samples',
      );
      endMs = Number(rows[0]?.t);
      say(`reusing the loaded data, ending ${new Date(endMs).toISOString()}`);
    } else {
      await loadBoth(pool, series, endMs, workDir);
    }
    prometheus = await PrometheusServer.start(workDir, join(workDir, 'tsdb'), 10 * 60_000);

    // Between two samples, so that Prometheus 2.x's closed windows and forewarn's left-open ones agree.
    const nowMs = endMs - 7_500;
    const reader = running.app.get(MetricReader, { strict: false });
    const parseStart = process.hrtime.bigint();
    const parsed = texts.map((text) => ({ text, expr: parsePromql(text) }));
    const parseSeconds = seconds(parseStart);

    let disagreements = 0;
    for (const { text, expr } of parsed) {
      const data = await reader.read(selectorsOf(expr), nowMs);
      const ours = forewarnAnswer(() => evaluatePromql(expr, data, nowMs));
      const theirs = prometheusAnswer(await prometheus.query(text, nowMs));
      const lines = differences(theirs, ours);
      if (lines.length > 0) {
        disagreements += 1;
        say(`  differs: ${text}: ${lines.slice(0, 3).join('; ')}`);
      }
    }
    say(
      `warm-up pass done: ${texts.length - disagreements} of ${texts.length} answers equal to Prometheus's`,
    );

    const ours: ForewarnPass[] = [];
    const theirs: number[] = [];
    for (let round = 1; round <= rounds; round += 1) {
      const pass = await forewarnPass(reader, parsed, nowMs);
      const prometheusSeconds = await prometheusPass(prometheus, texts, nowMs);
      ours.push(pass);
      theirs.push(prometheusSeconds);
      say(
        `round ${round}: forewarn ${pass.seconds.toFixed(3)} s (read ${pass.readSeconds.toFixed(3)} s, ` +
          `evaluate ${pass.evaluateSeconds.toFixed(3)} s, ${pass.samples.toLocaleString('en')} samples read), ` +
          `Prometheus ${prometheusSeconds.toFixed(3)} s, ratio ${(pass.seconds / prometheusSeconds).toFixed(2)}`,
      );
    }
    const forewarnSeconds = median(ours.map((pass) => pass.seconds));
    const prometheusSeconds = median(theirs);
    const ratio = forewarnSeconds / prometheusSeconds;
    say(
      `forewarn   : median ${forewarnSeconds.toFixed(3)} s for ${texts.length} expressions (parse once: ${(parseSeconds * 1000).toFixed(1)} ms)`,
    );
    say(
      `  reading  : median ${median(ours.map((pass) => pass.readSeconds)).toFixed(3)} s (SQL and row decoding)`,
    );
    say(`  evaluate : median ${median(ours.map((pass) => pass.evaluateSeconds)).toFixed(3)} s`);
    say(`Prometheus : median ${prometheusSeconds.toFixed(3)} s (HTTP /api/v1/query, one at a time)`);
    say(
      `ratio      : ${ratio.toFixed(2)}x Prometheus's time (target ≤ ${TARGET_RATIO}x: ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'})`,
    );
    say(`same answers: ${disagreements === 0 ? 'yes' : `NO (${disagreements} differ)`}`);
  } finally {
    await prometheus?.stop();
    await running.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
