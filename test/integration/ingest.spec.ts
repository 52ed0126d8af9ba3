import { Client } from 'pg';
import { parsePromql } from 'src/core/promql/parse-promql';
import { selectorsOf } from 'src/core/promql/selectors-of';
import { MetricReader } from 'src/modules/metrics/metric-reader';
import { TestEnvironment } from '../support/test-app';

/** Ingest through the real HTTP API into the real PostgreSQL, and read back through the MetricReader. */
describe('POST /api/v1/write', () => {
  const env = new TestEnvironment();
  let token: string;

  beforeAll(async () => {
    await env.setUp();
    await env.start(['api'], {
      INGEST_MAX_LABELS: '5',
      INGEST_MAX_LABEL_VALUE_LENGTH: '64',
      INGEST_MAX_BODY_BYTES: '65536',
    });
    token = await env.createToken(['ingest']);
  });

  afterAll(async () => {
    await env.tearDown();
  });

  const write = (body: string, contentType = 'text/plain', auth = `Bearer ${token}`) =>
    fetch(`${env.url}/api/v1/write`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': contentType },
      body,
    });

  async function countSamples(): Promise<number> {
    const client = new Client({ connectionString: env.database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM samples');
      return rows[0]?.n ?? -1;
    } finally {
      await client.end();
    }
  }

  it('stores Prometheus text and reads it back through the MetricReader', async () => {
    const t = Date.now() - 60_000;
    const response = await write(
      `# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\n` +
        `http_requests_total{service="checkout",code="200"} 10 ${t}\n` +
        `http_requests_total{service="checkout",code="200"} 25 ${t + 15_000}\n` +
        `http_requests_total{service="checkout",code="500"} 1 ${t}\n`,
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ series: 2, samples: 3 });

    const expr = parsePromql('http_requests_total{service="checkout", code=~"2.."}');
    const data = await env.get(MetricReader).read(selectorsOf(expr), t + 20_000);
    expect([...data.values()]).toEqual([
      [
        {
          labels: { __name__: 'http_requests_total', code: '200', service: 'checkout' },
          samples: [
            [t, 10],
            [t + 15_000, 25],
          ],
        },
      ],
    ]);
  });

  it('stores a JSON batch, including NaN and infinities sent as strings', async () => {
    const t = Date.now() - 30_000;
    const body = JSON.stringify([
      {
        labels: { __name__: 'queue_depth', queue: 'emails' },
        samples: [
          [t, 3],
          [t + 1000, 'NaN'],
          [t + 2000, '+Inf'],
        ],
      },
    ]);
    const response = await write(body, 'application/json');
    expect(response.status).toBe(200);
    const data = await env
      .get(MetricReader)
      .read(selectorsOf(parsePromql('count_over_time(queue_depth[1m])')), t + 3000);
    const samples = [...data.values()][0]?.[0]?.samples;
    expect(samples?.map(([ts]) => ts)).toEqual([t, t + 1000, t + 2000]);
    expect(samples?.map(([, value]) => value)).toEqual([3, NaN, Infinity]);
  });

  it('accepts an exact duplicate and rejects a conflicting one without storing anything', async () => {
    const t = Date.now() - 10_000;
    expect((await write(`dup_metric{a="1"} 5 ${t}\n`)).status).toBe(200);
    expect((await write(`dup_metric{a="1"} 5 ${t}\n`)).status).toBe(200);
    const before = await countSamples();
    const response = await write(`dup_metric{a="1"} 6 ${t}\nother_metric 1 ${t}\n`);
    expect(response.status).toBe(409);
    const body = (await response.json()) as { problems: Array<{ where: string; message: string }> };
    expect(body.problems[0]?.where).toContain('dup_metric{a="1"}');
    expect(body.problems[0]?.message).toBe('stored value 5, new value 6');
    expect(await countSamples()).toBe(before);
  });

  it.each([
    ['a malformed line', 'text/plain', 'ok_metric 1\nbad_metric{code="200" 1\n', 400, 'line 2'],
    ['an invalid value', 'text/plain', 'ok_metric 1\nbad_metric abc\n', 400, 'line 2'],
    [
      'a bad JSON sample',
      'application/json',
      JSON.stringify([{ labels: { __name__: 'm' }, samples: [[1, true]] }]),
      400,
      '$[0].samples[0]',
    ],
    ['invalid JSON', 'application/json', '[{"labels": ', 400, '$'],
    ['too many labels', 'text/plain', 'm{a="1",b="2",c="3",d="4",e="5"} 1\n', 400, 'line 1'],
    ['an over-long label value', 'text/plain', `m{a="${'x'.repeat(65)}"} 1\n`, 400, 'line 1'],
    ['an oversize body', 'text/plain', `m 1\n${'# padding\n'.repeat(8000)}`, 413, 'body'],
    ['an unsupported content type', 'application/xml', '<x/>', 400, 'Content-Type'],
  ])('rejects %s, names where, and stores nothing', async (_case, contentType, body, status, where) => {
    const before = await countSamples();
    const response = await write(body, contentType);
    expect(response.status).toBe(status);
    const json = (await response.json()) as {
      error: string;
      problems: Array<{ where: string; limit?: string }>;
    };
    expect(json.problems.map((problem) => problem.where).join(' | ')).toContain(where);
    expect(await countSamples()).toBe(before);
  });

  it('names the limit that was hit', async () => {
    const response = await write('m{a="1",b="2",c="3",d="4",e="5"} 1\n');
    const json = (await response.json()) as { problems: Array<{ limit?: string }> };
    expect(json.problems[0]?.limit).toBe('INGEST_MAX_LABELS');
  });

  it('requires a token with the ingest scope', async () => {
    expect((await write('m 1\n', 'text/plain', '')).status).toBe(401);
    expect((await write('m 1\n', 'text/plain', 'Bearer fw_not-a-real-token')).status).toBe(401);
    const readOnly = await env.createToken(['read']);
    const response = await write('m 1\n', 'text/plain', `Bearer ${readOnly}`);
    expect(response.status).toBe(403);
    expect(JSON.stringify(await response.json())).not.toContain(readOnly);
  });
});
