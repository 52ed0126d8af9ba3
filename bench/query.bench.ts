import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Pool } from 'pg';
import { startComponents } from 'src/bootstrap';
import { parseConfig } from 'src/config/app-config';
import {
  PromqlExpr,
  SelectorRequest,
  evaluatePromql,
  instantSelectorsOf,
  parsePromql,
  selectorsOf,
} from 'src/core/promql';
import { PG_POOL } from 'src/infra/database/pg-pool.provider';
import { MetricReader } from 'src/modules/metrics/metric-reader';
import { differences, forewarnAnswer, prometheusAnswer } from '../test/promql-differential/compare-results';
import { PrometheusServer, prometheusVersion } from '../test/promql-differential/prometheus-server';
import {
  ALERT_PATTERNS,
  JOBS,
  STEP_S,
  benchSeries,
  BENCH_DATABASE_URL,
  BENCH_WORK_DIR,
  benchData,
  loadAverage,
  resetBenchData,
  median,
  say,
  seconds,
  benchFlags,
} from './support/bench-data';

/**
 * `npm run bench:query [-- --scale 1]`: 10,000 × scale series (request counters with resets, latency histograms
 * of 8 buckets, two gauges) holding a day of samples at 15 s, generated in PostgreSQL with `generate_series`, then
 * exported from PostgreSQL as OpenMetrics and backfilled into a local Prometheus (`promtool tsdb
 * create-blocks-from openmetrics`), so both hold the same samples. 100 rule expressions (10 alerting patterns × 10
 * jobs) are evaluated at the end of the data, one after the other, through forewarn (parse, `MetricReader.read` from
 * PostgreSQL of what rules read, `instantSelectorsOf`, then evaluate) and through Prometheus's `/api/v1/query`, after
 * one untimed pass each; forewarn also reading every sample of every window (`selectorsOf`), for comparison. Prints
 * the times, the ratio, where forewarn's time goes (reading vs evaluating), whether the answers agree, and the load
 * average. `--reuse` keeps the database and the Prometheus TSDB of the
 * previous run of either this benchmark or bench:eval, which use the same data (in the database
 * `BENCH_DATABASE_URL`, default forewarn_bench_data, and the temp folder `forewarn-bench-data`).
 */

const { scale, rounds, reuse } = benchFlags();
const TARGET_RATIO = 3;

/** The 10 alerting patterns, each for the 10 jobs. */
function ruleExpressions(): string[] {
  return ALERT_PATTERNS.flatMap((pattern) =>
    Array.from({ length: JOBS }, (_, index) => pattern(`j${index}`, 0)),
  );
}

interface ForewarnPass {
  readonly seconds: number;
  readonly readSeconds: number;
  readonly evaluateSeconds: number;
  readonly samples: number;
  /** Seconds per expression, in the order of `ruleExpressions`. */
  readonly each: number[];
}

/** How forewarn reads: as rules do (a sample or summary per series where the expression allows), or every sample. */
type Reads = (expr: PromqlExpr) => SelectorRequest[];

async function forewarnPass(
  reader: MetricReader,
  parsed: ReadonlyArray<{ text: string; expr: PromqlExpr }>,
  nowMs: number,
  reads: Reads,
): Promise<ForewarnPass> {
  let readSeconds = 0;
  let evaluateSeconds = 0;
  let samples = 0;
  const each: number[] = [];
  const start = process.hrtime.bigint();
  for (const { expr } of parsed) {
    const readStart = process.hrtime.bigint();
    const data = await reader.read(reads(expr), nowMs);
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
    each.push(seconds(readStart));
  }
  return { seconds: seconds(start), readSeconds, evaluateSeconds, samples, each };
}

/** Seconds per expression through Prometheus's HTTP API. */
async function prometheusPass(prometheus: PrometheusServer, texts: readonly string[], nowMs: number) {
  const each: number[] = [];
  for (const text of texts) {
    const start = process.hrtime.bigint();
    const result = await prometheus.query(text, nowMs);
    if (result.status !== 'success') {
      throw new Error(`Prometheus refused ${text}: ${result.error}`);
    }
    each.push(seconds(start));
  }
  return each;
}

const total = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0);

/** Per alerting pattern (its 10 jobs), the median over rounds of forewarn's and Prometheus's time. */
function sayPatterns(texts: readonly string[], ours: readonly ForewarnPass[], theirs: readonly number[][]) {
  say('per pattern (10 jobs each), median of the rounds: forewarn / Prometheus');
  for (let start = 0; start < texts.length; start += JOBS) {
    const slice = (each: readonly number[]) => total(each.slice(start, start + JOBS));
    const forewarn = median(ours.map((pass) => slice(pass.each)));
    const prometheus = median(theirs.map(slice));
    say(
      `  ${(forewarn * 1000).toFixed(0).padStart(6)} ms / ${(prometheus * 1000).toFixed(0).padStart(5)} ms ` +
        `(${(forewarn / prometheus).toFixed(1)}x)  ${texts[start]?.replaceAll('"j0"', '"…"')}`,
    );
  }
}

async function main(): Promise<void> {
  const version = prometheusVersion();
  if (version === undefined) {
    throw new Error('prometheus is not installed (apt-get install -y prometheus)');
  }
  const series = benchSeries(scale);
  const texts = ruleExpressions();
  say(
    `query benchmark: ${series.length.toLocaleString('en')} series × 1 day at ${STEP_S} s, ` +
      `${texts.length} rule expressions, forewarn (PostgreSQL) vs ${version}`,
  );
  await resetBenchData(reuse);
  const config = parseConfig({
    ...process.env,
    DATABASE_URL: BENCH_DATABASE_URL,
    LOG_LEVEL: 'warn',
    QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
  });
  const running = await startComponents(['worker'], config);
  let prometheus: PrometheusServer | undefined;
  try {
    const pool = running.app.get<Pool>(PG_POOL);
    const loadedAtMs = await benchData(running.app, pool, series, reuse);
    prometheus = await PrometheusServer.start(BENCH_WORK_DIR, join(BENCH_WORK_DIR, 'tsdb'), 10 * 60_000);

    // Between two samples, so that Prometheus 2.x's closed windows and forewarn's left-open ones agree.
    const nowMs = loadedAtMs - 7_500;
    const reader = running.app.get(MetricReader, { strict: false });
    const parseStart = process.hrtime.bigint();
    const parsed = texts.map((text) => ({ text, expr: parsePromql(text) }));
    const parseSeconds = seconds(parseStart);

    let disagreements = 0;
    for (const { text, expr } of parsed) {
      const theirs = prometheusAnswer(await prometheus.query(text, nowMs));
      for (const reads of [instantSelectorsOf, selectorsOf]) {
        const data = await reader.read(reads(expr), nowMs);
        const lines = differences(
          theirs,
          forewarnAnswer(() => evaluatePromql(expr, data, nowMs)),
        );
        if (lines.length > 0) {
          disagreements += 1;
          say(`  differs (${reads.name}): ${text}: ${lines.slice(0, 3).join('; ')}`);
        }
      }
    }
    say(
      `warm-up pass done: ${2 * texts.length - disagreements} of ${2 * texts.length} answers (both ways of reading) ` +
        `equal to Prometheus's`,
    );

    const ours: ForewarnPass[] = [];
    const allSamples: ForewarnPass[] = [];
    const theirs: number[][] = [];
    const describe = (pass: ForewarnPass) =>
      `${pass.seconds.toFixed(3)} s (read ${pass.readSeconds.toFixed(3)} s, evaluate ` +
      `${pass.evaluateSeconds.toFixed(3)} s, ${pass.samples.toLocaleString('en')} samples read)`;
    for (let round = 1; round <= rounds; round += 1) {
      const pass = await forewarnPass(reader, parsed, nowMs, instantSelectorsOf);
      const rawPass = await forewarnPass(reader, parsed, nowMs, selectorsOf);
      const prometheusEach = await prometheusPass(prometheus, texts, nowMs);
      const prometheusSeconds = total(prometheusEach);
      ours.push(pass);
      allSamples.push(rawPass);
      theirs.push(prometheusEach);
      say(
        `round ${round}: forewarn ${describe(pass)}, reading every sample ${describe(rawPass)}, ` +
          `Prometheus ${prometheusSeconds.toFixed(3)} s, ratio ${(pass.seconds / prometheusSeconds).toFixed(2)}`,
      );
    }
    const forewarnSeconds = median(ours.map((pass) => pass.seconds));
    const prometheusSeconds = median(theirs.map(total));
    sayPatterns(texts, ours, theirs);
    const ratio = forewarnSeconds / prometheusSeconds;
    say(
      `forewarn   : median ${forewarnSeconds.toFixed(3)} s for ${texts.length} expressions (parse once: ${(parseSeconds * 1000).toFixed(1)} ms)`,
    );
    say(
      `  reading  : median ${median(ours.map((pass) => pass.readSeconds)).toFixed(3)} s (SQL and row decoding)`,
    );
    say(`  evaluate : median ${median(ours.map((pass) => pass.evaluateSeconds)).toFixed(3)} s`);
    say(
      `  reading every sample instead: median ${median(allSamples.map((pass) => pass.seconds)).toFixed(3)} s ` +
        `(read ${median(allSamples.map((pass) => pass.readSeconds)).toFixed(3)} s)`,
    );
    say(`Prometheus : median ${prometheusSeconds.toFixed(3)} s (HTTP /api/v1/query, one at a time)`);
    say(
      `ratio      : ${ratio.toFixed(2)}x Prometheus's time (target ≤ ${TARGET_RATIO}x: ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'})`,
    );
    say(`same answers: ${disagreements === 0 ? 'yes' : `NO (${disagreements} differ)`}`);
    say(`machine    : ${loadAverage()}`);
  } finally {
    await prometheus?.stop();
    await running.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
