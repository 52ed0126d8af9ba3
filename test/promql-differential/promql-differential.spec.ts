import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SelectorRequest,
  evaluatePromql,
  instantSelectorsOf,
  parsePromql,
  selectorsOf,
} from 'src/core/promql';
import { PromqlExpr } from 'src/core/promql/promql-ast';
import { MetricReader } from 'src/modules/metrics/metric-reader';
import { PostgresMetricReader } from 'src/modules/metrics/postgres-metric-reader';
import { TestEnvironment } from '../support/test-app';
import { promtoolVersion, runPromtool } from '../slo-differential/promtool';
import { Answer, differences, forewarnAnswer, prometheusAnswer } from './compare-results';
import { expositionTextBatches, openMetricsText } from './exposition';
import { PrometheusServer, prometheusVersion } from './prometheus-server';
import { QUERIES } from './queries';
import { DATA_SPAN_MS, DATA_START_MS, syntheticMetrics } from './synthetic-metrics';

/**
 * Differential test of forewarn's PromQL against Prometheus itself: the same synthetic data goes into a real
 * Prometheus 2.42 (backfilled with `promtool tsdb create-blocks-from openmetrics`) and into forewarn (through
 * `POST /api/v1/write` into PostgreSQL), and every query of `QUERIES` must give the same answer at every evaluation
 * time through Prometheus's `/api/v1/query` and through forewarn's PostgreSQL reader and evaluator: the same label
 * sets, values within 1e-9 relative (NaN equal to NaN), or an error in both.
 */

const MINUTE_MS = 60_000;
const STARTUP_TIMEOUT_MS = 60_000;

/**
 * Evaluation times at half seconds (samples are at whole seconds): through the data, inside h4's gap (40-55 min),
 * after h2's NaN sample (about 50 min), and 3 and 6 minutes past the end (still inside, then outside the lookback).
 */
const EVAL_TIMES_MS = [
  ...Array.from({ length: 11 }, (_, index) => DATA_START_MS + 6 * MINUTE_MS + index * 743_000 + 500),
  DATA_START_MS + 47 * MINUTE_MS + 500,
  DATA_START_MS + 50 * MINUTE_MS + 10_500,
  DATA_START_MS + DATA_SPAN_MS + 3 * MINUTE_MS + 500,
  DATA_START_MS + DATA_SPAN_MS + 6 * MINUTE_MS + 500,
];

const versions = { promtool: promtoolVersion(), prometheus: prometheusVersion() };

if (versions.promtool === undefined || versions.prometheus === undefined) {
  const reason =
    'prometheus and promtool are not installed (apt-get install -y prometheus): the PromQL differential tests are skipped';
  if (process.env.CI === 'true') {
    it('needs prometheus and promtool', () => {
      throw new Error(`${reason}; .ci/run installs them, so CI must not skip them`);
    });
  } else {
    // Jest does not print the names of skipped tests; say why they are skipped.
    console.warn(`test/promql-differential: ${reason}`);
    it.skip(reason, () => {});
  }
} else {
  describe(`PromQL: forewarn against ${versions.prometheus}`, () => {
    const env = new TestEnvironment();
    let dir = '';
    let prometheus: PrometheusServer | undefined;

    beforeAll(async () => {
      const series = syntheticMetrics();
      dir = await mkdtemp(join(tmpdir(), 'forewarn-promql-differential-'));
      await writeFile(join(dir, 'data.om'), openMetricsText(series));
      const backfill = await runPromtool(
        ['tsdb', 'create-blocks-from', 'openmetrics', 'data.om', 'tsdb'],
        dir,
        STARTUP_TIMEOUT_MS,
      );
      if (backfill.code !== 0) {
        throw new Error(`promtool tsdb create-blocks-from openmetrics failed:\n${backfill.output}`);
      }
      await Promise.all([
        PrometheusServer.start(dir, join(dir, 'tsdb'), STARTUP_TIMEOUT_MS).then((server) => {
          prometheus = server; // stopped in afterAll even when loading forewarn fails
        }),
        (async () => {
          await env.setUp();
          await env.start(['api']);
          const token = await env.createToken(['ingest']);
          for (const body of expositionTextBatches(series, 20_000)) {
            const response = await fetch(`${env.url}/api/v1/write`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
              body,
            });
            if (!response.ok) {
              throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
            }
          }
        })(),
      ]);
    }, 3 * STARTUP_TIMEOUT_MS);

    afterAll(async () => {
      await prometheus?.stop();
      await env.tearDown();
      if (dir !== '') {
        await rm(dir, { recursive: true, force: true });
      }
    });

    /**
     * Two ways of reading: as rules and instant queries read (`instantSelectorsOf`: a sample or a summary per series
     * where the expression allows it), and every sample of every window (`selectorsOf`, what range queries read).
     */
    const READS: ReadonlyArray<readonly [string, (expr: PromqlExpr) => SelectorRequest[]]> = [
      ['reduced reads', instantSelectorsOf],
      ['all samples', selectorsOf],
    ];

    async function forewarnAt(
      expr: string,
      timeMs: number,
      requests: (expr: PromqlExpr) => SelectorRequest[],
    ): Promise<Answer> {
      const parsed = parsePromql(expr);
      const reader = env.get(MetricReader);
      if (!(reader instanceof PostgresMetricReader)) {
        throw new Error('expected the built-in PostgreSQL reader');
      }
      const data = await reader.read(requests(parsed), timeMs);
      return forewarnAnswer(() => evaluatePromql(parsed, data, timeMs));
    }

    it(`compares at least 60 queries (${QUERIES.length})`, () => {
      expect(QUERIES.length).toBeGreaterThanOrEqual(60);
    });

    it.each(QUERIES.map((query) => [query.expr, query] as const))('%s', async (_expr, query) => {
      const problems: string[] = [];
      let errors = 0;
      for (const timeMs of EVAL_TIMES_MS) {
        if (prometheus === undefined) {
          throw new Error('Prometheus did not start');
        }
        const expected = prometheusAnswer(await prometheus.query(query.expr, timeMs));
        const at = new Date(timeMs).toISOString();
        for (const [how, requests] of READS) {
          const actual = await forewarnAt(query.expr, timeMs, requests);
          problems.push(...differences(expected, actual).map((line) => `at ${at} (${how}): ${line}`));
        }
        if (expected.kind === 'error') {
          errors += 1;
          if (query.error !== true) {
            problems.push(`at ${at}: Prometheus refused it: ${expected.message}`);
          }
        }
      }
      if (query.error === true && errors === 0) {
        problems.push('expected Prometheus to refuse it at some evaluation time');
      }
      expect(problems).toEqual([]);
    });
  });
}
