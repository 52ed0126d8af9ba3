import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'pg';
import { startComponents } from 'src/bootstrap';
import { parseConfig } from 'src/config/app-config';
import { CompiledSloRule, compileSloRule } from 'src/core/evaluation/compile-slo-rule';
import { fingerprint } from 'src/core/labels/labels';
import { loadRuleFiles } from 'src/core/rules/load-rule-file';
import { SloData } from 'src/core/slo/evaluate-slo';
import { recreateDatabase } from 'src/infra/database/migration-runner';
import { PG_POOL } from 'src/infra/database/pg-pool.provider';
import { RollupService } from 'src/modules/maintenance/rollup.service';
import { PostgresMetricReader } from 'src/modules/metrics/postgres-metric-reader';
import { MetricReaders } from 'src/modules/metrics/metric-readers';
import { RangeSummaryLoader } from 'src/modules/metrics/range-summary.loader';
import { RoutingRegistry } from 'src/modules/routing/routing.registry';
import { RangeSummary } from 'src/core/promql/extrapolated-rate';
import { SampleRepository } from 'src/modules/metrics/sample.repository';
import { SeriesRepository } from 'src/modules/metrics/series.repository';
import { SloDataReader } from 'src/modules/slo/slo-data.reader';

/**
 * `npm run bench:slo [-- --scale 1]`: 200 × scale SLOs (`window: 28d`, `burn_rates: workbook`, so windows of
 * 4m40s, 28m, 56m, 5h36m and 2d19h12m plus the 28-day SLO window), each over two counters (requests and errors, with
 * a counter reset every few days) holding 28 days and an hour of samples at 15 s, generated in SQL and rolled up by
 * the rollup job. Times `SloDataReader.read` of every SLO once (the production path: rollups for ranges of 1 h or
 * more) against the same reads from raw samples only, in the same run, after one untimed pass of each; the SLOs
 * are read `--concurrency` at a time (default 4, the worker's default concurrency). Prints both, the ratio, whether
 * the rollup pass is under the 1 s target, and whether both passes gave the same counts. `--reuse` keeps the
 * database of a previous run instead of loading it again.
 */

const { values: flags } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '3' },
    reuse: { type: 'boolean', default: false },
  },
});
const scale = Number(flags.scale);
const concurrency = Number(flags.concurrency);
const rounds = Number(flags.rounds);
if (!(scale > 0) || !(concurrency >= 1) || !(rounds >= 1)) {
  throw new Error('--scale must be > 0, --concurrency and --rounds at least 1');
}
const SLOS = Math.max(1, Math.round(200 * scale));
const STEP_S = 15;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const DATA_MS = 28 * DAY_MS + HOUR_MS;
const TARGET_S = 1;
const databaseUrl =
  process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/forewarn_bench_slo';

const say = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

function rulesYaml(): string {
  const rules = Array.from(
    { length: SLOS },
    (_, index) => `      - slo: slo-${index}
        kind: slo
        objective: 99.9
        window: 28d
        sli:
          type: events
          bad: bench_errors_total{slo="slo-${index}"}
          total: bench_requests_total{slo="slo-${index}"}
        burn_rates: workbook`,
  );
  return `groups:\n  - name: bench-slos\n    interval: 1m\n    rules:\n${rules.join('\n')}\n`;
}

function compiledSlos(): CompiledSloRule[] {
  const { groups, problems } = loadRuleFiles([{ file: 'bench-slos.yaml', text: rulesYaml() }]);
  if (problems.length > 0) {
    throw new Error(`bench rules do not load: ${JSON.stringify(problems[0])}`);
  }
  return groups.flatMap((group) =>
    group.rules.flatMap((rule) => (rule.kind === 'slo' ? [compileSloRule(group, rule)] : [])),
  );
}

/**
 * Series and samples in SQL: per SLO a requests counter (about 10 to 40 per second) and an errors counter (0.1% to
 * 1% of that), each resetting to 0 every 3 to 8 days at its own phase. One INSERT per day and partition.
 */
async function load(pool: Pool, endMs: number): Promise<void> {
  const series = Array.from({ length: SLOS }, (_, index) => [
    { __name__: 'bench_requests_total', slo: `slo-${index}` },
    { __name__: 'bench_errors_total', slo: `slo-${index}` },
  ]).flat();
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO public.series (metric, labels, fingerprint)
     SELECT * FROM unnest($1::text[], $2::jsonb[], $3::text[]) RETURNING id`,
    [
      series.map((labels) => labels.__name__),
      series.map((labels) => JSON.stringify(labels)),
      series.map((labels) => fingerprint(labels)),
    ],
  );
  const ids = rows.map((row) => row.id);
  const increments = ids.map((_, index) => {
    const requestsPerStep = STEP_S * (10 + ((index >> 1) % 31));
    return index % 2 === 0 ? requestsPerStep : requestsPerStep * (0.001 + ((index * 7) % 10) / 1000);
  });
  const periods = ids.map((_, index) => Math.round(((3 + (index % 6)) * DAY_MS) / (STEP_S * 1000)));
  const startMs = endMs - DATA_MS;
  const days: number[] = [];
  for (let day = Math.floor(startMs / DAY_MS) * DAY_MS; day < endMs; day += DAY_MS) {
    days.push(day);
  }
  let loaded = 0;
  const started = process.hrtime.bigint();
  await runPool(days, 2, async (day) => {
    await pool.query('SELECT public.forewarn_ensure_sample_partition($1::date)', [
      new Date(day).toISOString().slice(0, 10),
    ]);
    // The day's partition holds [day, day + 1 d); the data is (startMs, endMs].
    const fromMs = Math.max(day, startMs + 1);
    const toMs = Math.min(day + DAY_MS - 1, endMs);
    const result = await pool.query(
      `INSERT INTO public.samples (series_id, ts, value)
       SELECT s.id, t, ((floor(extract(epoch FROM t) / ${STEP_S})::int8 + s.id * 7919) % s.period) * s.inc
       FROM unnest($1::int4[], $2::float8[], $3::int8[]) AS s(id, inc, period)
       CROSS JOIN LATERAL generate_series(to_timestamp($4 / 1000.0), to_timestamp($5 / 1000.0),
                                          interval '${STEP_S} seconds') AS t`,
      [ids, increments, periods, Math.ceil(fromMs / (STEP_S * 1000)) * STEP_S * 1000, toMs],
    );
    // What ingest records for every write; the rollup job below turns it into rollups.
    await pool.query(
      `INSERT INTO public.sample_rollup_dirty (min_ts, max_ts, series_ids)
       VALUES (to_timestamp($1 / 1000.0), to_timestamp($2 / 1000.0), $3::int4[])`,
      [fromMs, toMs, ids],
    );
    loaded += result.rowCount ?? 0;
    say(
      `  loaded ${new Date(day).toISOString().slice(0, 10)}: ${loaded.toLocaleString('en')} samples, ` +
        `${seconds(started).toFixed(0)} s`,
    );
  });
}

async function runPool<T>(items: readonly T[], workers: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(workers, items.length) }, async () => {
      while (next < items.length) {
        await work(items[next++] as T);
      }
    }),
  );
}

/** Reads every SLO once, `concurrency` at a time; returns the seconds taken and the data read. */
async function readAll(
  reader: SloDataReader,
  slos: readonly CompiledSloRule[],
  nowMs: number,
): Promise<{ seconds: number; data: SloData[] }> {
  const data: SloData[] = new Array<SloData>(slos.length);
  const start = process.hrtime.bigint();
  await runPool(
    slos.map((slo, index) => ({ slo, index })),
    concurrency,
    async ({ slo, index }) => {
      data[index] = await reader.read(slo, nowMs);
    },
  );
  return { seconds: seconds(start), data };
}

/** The largest relative difference between the SLI counts of two passes (0 when they agree exactly). */
function largestDifference(a: readonly SloData[], b: readonly SloData[]): number {
  let largest = 0;
  const compare = (x: number | undefined, y: number | undefined) => {
    if (x === undefined || y === undefined) {
      largest = x === y ? largest : Infinity;
      return;
    }
    largest = Math.max(largest, Math.abs(x - y) / Math.max(1, Math.abs(y)));
  };
  a.forEach((left, index) => {
    const right = b[index];
    for (const [windowMs, counts] of left.countsByWindowMs) {
      const other = right?.countsByWindowMs.get(windowMs);
      compare(counts?.total, other?.total);
      compare(
        counts && 'bad' in counts ? counts.bad : undefined,
        other && 'bad' in other ? other.bad : undefined,
      );
    }
    compare(left.budgetCounts?.total, right?.budgetCounts?.total);
  });
  return largest;
}

/** `SampleRepository` reading every range from raw samples: the baseline. */
class RawSampleRepository extends SampleRepository {
  override rangeSummaries(
    seriesIds: readonly number[],
    fromMs: number,
    toMs: number,
  ): Promise<Map<number, RangeSummary>> {
    return this.rawRangeSummaries(seriesIds, fromMs, toMs);
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const slos = compiledSlos();
  const windows = slos[0]?.windowsMs.map((ms) => `${ms / 1000}s`).join(', ');
  say(
    `SLO benchmark: ${SLOS} SLOs (28d, workbook: windows ${windows} and 28d), 2 counters each, ` +
      `${(DATA_MS / HOUR_MS).toFixed(0)} h at ${STEP_S} s, concurrency ${concurrency}`,
  );
  if (!flags.reuse) {
    await recreateDatabase(databaseUrl);
  }
  const rulesDir = await mkdtemp(join(tmpdir(), 'forewarn-bench-slo-'));
  await writeFile(join(rulesDir, 'bench-slos.yaml'), rulesYaml());
  const config = parseConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    // The baseline reads 28 days of raw samples, and the rollup job recomputes only what raw retention keeps.
    RETENTION_RAW: '30d',
    RULES_DIR: rulesDir,
    RULES_WATCH: 'false',
    QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
  });
  const running = await startComponents(['worker'], config);
  try {
    const pool = running.app.get<Pool>(PG_POOL);
    let nowMs: number;
    if (flags.reuse) {
      const { rows } = await pool.query<{ t: number }>(
        'SELECT (extract(epoch FROM max(ts)) * 1000)::float8 AS t FROM public.samples',
      );
      nowMs = Number(rows[0]?.t);
      say(`reusing the loaded data, now = ${new Date(nowMs).toISOString()}`);
    } else {
      nowMs = Math.floor(Date.now() / (STEP_S * 1000)) * STEP_S * 1000;
      say('loading samples:');
      const loadStart = process.hrtime.bigint();
      await load(pool, nowMs);
      say(`loaded in ${seconds(loadStart).toFixed(0)} s; rolling up:`);
      const rollupStart = process.hrtime.bigint();
      for (let caughtUp = false; !caughtUp;) {
        const report = await running.app.get(RollupService).rollUpPending(nowMs);
        caughtUp = report.caughtUp;
        say(`  ${report.buckets.toLocaleString('en')} buckets, ${seconds(rollupStart).toFixed(0)} s`);
      }
      await pool.query(
        `VACUUM ANALYZE public.samples, public.sample_rollups_1m, public.sample_rollups_5m, public.sample_rollups_1h,
           public.sample_rollups_1d`,
      );
    }

    const withRollups = running.app.get(SloDataReader, { strict: false });
    const rawRepository = new RawSampleRepository(
      pool,
      running.app.get(RangeSummaryLoader, { strict: false }),
    );
    const fromRaw = new SloDataReader(
      new MetricReaders(
        running.app.get<AppConfig>(APP_CONFIG, { strict: false }),
        new PostgresMetricReader(running.app.get(SeriesRepository, { strict: false }), rawRepository),
      ),
      running.app.get(RoutingRegistry, { strict: false }),
    );

    say('warming up (one untimed pass each)');
    await readAll(withRollups, slos, nowMs);
    await readAll(fromRaw, slos, nowMs);
    const rollupRuns: Array<{ seconds: number; data: SloData[] }> = [];
    const rawRuns: Array<{ seconds: number; data: SloData[] }> = [];
    for (let round = 1; round <= rounds; round += 1) {
      const rollup = await readAll(withRollups, slos, nowMs);
      const raw = await readAll(fromRaw, slos, nowMs);
      rollupRuns.push(rollup);
      rawRuns.push(raw);
      say(
        `round ${round}: with rollups ${rollup.seconds.toFixed(3)} s, raw samples ${raw.seconds.toFixed(3)} s, ` +
          `ratio ${(raw.seconds / rollup.seconds).toFixed(1)}`,
      );
    }
    const rollupSeconds = median(rollupRuns.map((run) => run.seconds));
    const rawSeconds = median(rawRuns.map((run) => run.seconds));
    const difference = largestDifference(rollupRuns[0]?.data ?? [], rawRuns[0]?.data ?? []);
    say(`with rollups : median ${rollupSeconds.toFixed(3)} s for ${SLOS} SLOs`);
    say(`raw samples  : median ${rawSeconds.toFixed(3)} s`);
    say(`ratio        : ${(rawSeconds / rollupSeconds).toFixed(1)}x faster with rollups`);
    say(
      `target       : ${rollupSeconds < TARGET_S ? 'met' : 'NOT met'} (all burn-rate windows of ${SLOS} SLOs < ${TARGET_S} s)`,
    );
    say(
      `same counts  : ${difference <= 1e-9 ? 'yes' : 'NO'} (largest relative difference ${difference.toExponential(2)})`,
    );
  } finally {
    await running.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
