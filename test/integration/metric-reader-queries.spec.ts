import { Pool } from 'pg';
import { PromqlExpr, SelectorRequest, instantSelectorsOf, parsePromql, selectorsOf } from 'src/core/promql';
import { PG_POOL } from 'src/infra/database/pg-pool.provider';
import { MetricReader } from 'src/modules/metrics/metric-reader';
import { TestEnvironment } from '../support/test-app';

/**
 * The PostgreSQL reader pushes selection and range reads into SQL: a fixed number of statements per selector (its
 * candidate series, then the samples of all of them at once), however many series match.
 */

const MINUTE_MS = 60_000;

describe('PostgresMetricReader: statements per selector', () => {
  const env = new TestEnvironment();
  const nowMs = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
  let pool: Pool;

  /** `count` series of `metric`, 20 samples each, one minute apart up to now. */
  function exposition(metric: string, count: number): string {
    const lines: string[] = [];
    for (let series = 0; series < count; series += 1) {
      for (let sample = 0; sample < 20; sample += 1) {
        const tsMs = nowMs - (19 - sample) * MINUTE_MS;
        lines.push(`${metric}{instance="i${series}",zone="z${series % 3}"} ${series * 100 + sample} ${tsMs}`);
      }
    }
    return `${lines.join('\n')}\n`;
  }

  beforeAll(async () => {
    await env.setUp();
    await env.start(['api']);
    const token = await env.createToken(['ingest']);
    for (const body of [exposition('few_total', 2), exposition('many_total', 200)]) {
      const response = await fetch(`${env.url}/api/v1/write`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
        body,
      });
      expect(response.status).toBe(200);
    }
    pool = env.running?.app.get<symbol, Pool>(PG_POOL) as Pool;
  });

  afterAll(async () => {
    await env.tearDown();
  });

  /** Statements sent to the pool while `read` answers `query`, and how many series it returned per selector. */
  async function countedRead(
    query: string,
    reads: (expr: PromqlExpr) => SelectorRequest[] = selectorsOf,
  ): Promise<{ statements: number; series: number[] }> {
    const spy = jest.spyOn(pool, 'query');
    try {
      const data = await env.get(MetricReader).read(reads(parsePromql(query)), nowMs);
      return { statements: spy.mock.calls.length, series: [...data.values()].map((entry) => entry.length) };
    } finally {
      spy.mockRestore();
    }
  }

  it.each([
    ['rate(few_total[5m])', 2, [2]],
    ['rate(many_total[5m])', 2, [200]],
    ['many_total{zone="z1"}', 2, [67]],
    ['many_total{instance=~"i1.*", zone!="z0"}', 2, [75]],
    [
      'sum by (zone) (rate(many_total[10m])) / on (zone) group_left sum by (zone) (many_total offset 5m)',
      4,
      [200, 200],
    ],
    ['rate(many_total[5m]) / rate(few_total[5m]) or many_total', 6, [200, 2, 200]],
  ])('%s: %d statements', async (query, statements, series) => {
    expect(await countedRead(query)).toEqual({ statements, series });
  });

  // What rules read: the newest sample per series or the range summary, at most two statements per selector
  // (summaries read at the same moment may share one).
  it.each([
    ['rate(many_total[5m])', [200]],
    ['many_total{zone="z1"}', [67]],
    ['last_over_time(many_total[2m]) > 0', [200]],
    ['rate(many_total[5m]) / rate(few_total[5m]) or many_total', [200, 2, 200]],
  ])('%s, reduced: at most 2 statements per selector', async (query, series) => {
    const read = await countedRead(query, instantSelectorsOf);
    expect(read.series).toEqual(series);
    expect(read.statements).toBeLessThanOrEqual(2 * series.length);
  });
});
