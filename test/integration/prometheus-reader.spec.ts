import { parsePromql } from 'src/core/promql/parse-promql';
import { LabelMatcher } from 'src/core/promql/promql-ast';
import { selectorsOf } from 'src/core/promql/selectors-of';
import { parseQuery } from 'src/core/query/parsed-query';
import { PrismaService } from 'src/infra/database/prisma.service';
import { EvaluationService } from 'src/modules/evaluation/evaluation.service';
import { slotStart } from 'src/modules/evaluation/evaluation.scheduler';
import { MetricReader } from 'src/modules/metrics/metric-reader';
import { PostgresMetricReader } from 'src/modules/metrics/postgres-metric-reader';
import { PrometheusMetricReader, RemoteQueryError } from 'src/modules/metrics/prometheus-metric-reader';
import { TestEnvironment, writeRules } from '../support/test-app';

const RULES = `groups:
  - name: remote
    interval: 15s
    backend: prometheus
    rules:
      - record: job:errors:increase1m
        expr: sum by (job) (increase(errors_total[1m]))
      - alert: RemoteErrorsHigh
        expr: sum by (job) (increase(errors_total[1m])) > 50
  - name: local
    interval: 15s
    rules:
      - alert: LocalErrorsHigh
        expr: sum by (job) (increase(errors_total[1m])) > 50
`;

const matchers = (text: string): LabelMatcher[] => {
  const expr = parsePromql(text);
  return expr.type === 'VectorSelector' ? [...expr.matchers] : [];
};

/**
 * The Prometheus-compatible reader against a real API, forewarn's own query API: one forewarn ("store") holds the
 * samples in PostgreSQL; the reader, and a second forewarn whose rule group says `backend: prometheus`, read them
 * over HTTP and must see what the PostgreSQL reader sees.
 */
describe('Prometheus-compatible MetricReader (against forewarn’s query API)', () => {
  const store = new TestEnvironment();
  const evaluator = new TestEnvironment();
  let remote: PrometheusMetricReader;
  let local: PostgresMetricReader;
  const T = slotStart(Date.now() - 5 * 60_000, 15_000);

  beforeAll(async () => {
    await Promise.all([store.setUp(), evaluator.setUp()]);
    await store.start(['api']);
    const readToken = await store.createToken(['read']);
    const ingestToken = await store.createToken(['ingest']);
    // errors_total: +15 per 15 s for job a, with a reset at T - 60s; +3 per 15 s for job b; 4 minutes.
    const lines: string[] = [];
    for (let i = 0; i <= 16; i++) {
      const ts = T - 240_000 + i * 15_000;
      const a = ts < T - 60_000 ? 1000 + i * 15 : (i - 12) * 15;
      lines.push(
        `errors_total{job="a",instance="1"} ${a} ${ts}`,
        `errors_total{job="b",instance="1"} ${i * 3} ${ts}`,
      );
      lines.push(`queue_depth{queue="q"} ${i % 5} ${ts}`);
    }
    const pushed = await fetch(`${store.url}/api/v1/write`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ingestToken}` },
      body: lines.join('\n'),
    });
    expect(pushed.status).toBe(200);
    remote = new PrometheusMetricReader({ url: store.url, bearerToken: readToken, timeoutMs: 10_000 });
    local = store.get(PostgresMetricReader);
    await evaluator.start(['api', 'worker'], {
      RULES_DIR: await writeRules({ 'remote.yaml': RULES }),
      PROMETHEUS_URL: `${store.url}/`,
      PROMETHEUS_BEARER_TOKEN: readToken,
    });
  }, 60_000);

  afterAll(async () => {
    await Promise.all([store.tearDown(), evaluator.tearDown()]);
  });

  it('reads the same raw samples as the PostgreSQL reader', async () => {
    const requests = selectorsOf(
      parsePromql('sum(rate(errors_total{job=~"a|b"}[2m] offset 15s)) + sum(queue_depth)'),
    );
    expect(await remote.read(requests, T)).toEqual(await local.read(requests, T));
    expect([...(await remote.read(requests, T)).values()].map((series) => series.length)).toEqual([2, 1]);
  });

  it.each([
    'sum by (job) (increase(errors_total[1m]))',
    'max_over_time(queue_depth[2m]) * 2',
    'errors_total[45s]',
    '3 * 4',
  ])('answers the instant query %s as the PostgreSQL reader does', async (text) => {
    const query = parseQuery(text);
    expect(await remote.instantQuery(query, T)).toEqual(await local.instantQuery(query, T));
  });

  it('answers a range query as the PostgreSQL reader does', async () => {
    const query = parseQuery('sum by (job) (rate(errors_total[1m]))');
    const range = { startMs: T - 120_000, endMs: T, stepMs: 30_000 };
    const result = await remote.rangeQuery(query, range);
    expect(result).toEqual(await local.rangeQuery(query, range));
    expect(result.resultType === 'matrix' && result.result.length).toBe(2);
  });

  it('computes counter increases and resets over ranges as the PostgreSQL reader does', async () => {
    const errors = matchers('errors_total');
    const ranges = [
      { startMs: T - 120_000, endMs: T },
      { startMs: T - 200_000, endMs: T - 100_000 },
      { startMs: T + 600_000, endMs: T + 700_000 },
    ];
    const [remoteIncreases, localIncreases] = await Promise.all([
      remote.counterIncreases(errors, ranges),
      local.counterIncreases(errors, ranges),
    ]);
    expect(remoteIncreases.map((entry) => entry.seriesCount)).toEqual(
      localIncreases.map((entry) => entry.seriesCount),
    );
    remoteIncreases.forEach((entry, i) => {
      const expected = localIncreases[i]?.increase;
      if (expected === undefined) {
        expect(entry.increase).toBeUndefined();
      } else {
        expect(Math.abs((entry.increase ?? NaN) - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected));
      }
    });
    expect(localIncreases[0]?.increase).toBeGreaterThan(0);
    const resetsRange = { startMs: T - 240_000, endMs: T };
    expect((await remote.counterResets(errors, resetsRange)).sort()).toEqual(
      (await local.counterResets(errors, resetsRange)).sort(),
    );
    expect((await local.counterResets(errors, resetsRange)).sort()).toEqual([0, 1]);
  });

  it('says what the remote answered when it refuses a query, without the URL or the token', async () => {
    const error = await remote
      .instantQuery({ kind: 'expr', text: 'foo(', expr: parsePromql('1') }, T)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RemoteQueryError);
    expect((error as Error).message).toContain('answered 400');
    expect((error as Error).message).not.toContain(store.url);
    const unauthorized = new PrometheusMetricReader({ url: store.url, timeoutMs: 10_000 });
    await expect(unauthorized.instantQuery(parseQuery('1'), T)).rejects.toThrow('answered 401');
  });

  it('evaluates a group with backend: prometheus remotely, and a group without it over its own store', async () => {
    expect(await evaluator.get(EvaluationService).evaluateGroup('remote', T)).toBe('evaluated');
    expect(await evaluator.get(EvaluationService).evaluateGroup('local', T)).toBe('evaluated');
    const alerts = await evaluator.get(PrismaService).alert.findMany();
    expect(
      alerts.map((alert) => [alert.ruleName, alert.state, (alert.labels as Record<string, string>).job]),
    ).toEqual([['RemoteErrorsHigh', 'firing', 'a']]);
    // The recording rule wrote what Prometheus (here: the store) computed into the evaluator's own store.
    const recorded = await evaluator
      .get(PostgresMetricReader)
      .read(selectorsOf(parsePromql('job:errors:increase1m')), T);
    const expected = await local.instantQuery(parseQuery('sum by (job) (increase(errors_total[1m]))'), T);
    expect([...recorded.values()][0]?.map((series) => [series.labels.job, series.samples]).sort()).toEqual(
      expected.resultType === 'vector'
        ? expected.result.map((element) => [element.labels.job, [[T, element.value]]]).sort()
        : [],
    );
    // Without PROMETHEUS_URL or METRICS_BACKEND the default reader is still PostgreSQL.
    expect(evaluator.get(MetricReader)).toBeInstanceOf(PostgresMetricReader);
  });
});
