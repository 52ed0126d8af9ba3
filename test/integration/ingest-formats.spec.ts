import { gzipSync } from 'node:zlib';
import { compress } from 'snappyjs';
import { parsePromql } from 'src/core/promql/parse-promql';
import { selectorsOf } from 'src/core/promql/selectors-of';
import { MetricReader } from 'src/modules/metrics/metric-reader';
import { remoteWriteBody } from '../support/remote-write-body';
import { TestEnvironment } from '../support/test-app';

interface ErrorBody {
  error: string;
  problems: Array<{ where: string; message: string; limit?: string }>;
}

/** Remote write 1.0 and OTLP/HTTP JSON through the real HTTP API into PostgreSQL, read back through the MetricReader. */
describe('remote write and OTLP ingest', () => {
  const env = new TestEnvironment();
  let token: string;

  beforeAll(async () => {
    await env.setUp();
    await env.start(['api'], { INGEST_MAX_BODY_BYTES: '65536', INGEST_MAX_LABELS: '8' });
    token = await env.createToken(['ingest']);
  });

  afterAll(async () => {
    await env.tearDown();
  });

  const post = (
    path: string,
    body: Buffer | string,
    headers: Record<string, string>,
    auth = `Bearer ${token}`,
  ) => fetch(`${env.url}${path}`, { method: 'POST', headers: { authorization: auth, ...headers }, body });

  const REMOTE_WRITE = {
    'content-type': 'application/x-protobuf',
    'content-encoding': 'snappy',
    'x-prometheus-remote-write-version': '0.1.0',
  };
  const remoteWrite = (body: Buffer, headers: Record<string, string> = REMOTE_WRITE) =>
    post('/api/v1/write', body, headers);

  async function read(query: string, atMs: number) {
    const data = await env.get(MetricReader).read(selectorsOf(parsePromql(query)), atMs);
    return [...data.values()][0] ?? [];
  }

  it('stores a remote write request; a resent one is accepted, a conflicting one is a 409 naming the series', async () => {
    const t = Date.now() - 60_000;
    const body = remoteWriteBody([
      {
        labels: { __name__: 'rw_requests_total', job: 'api', code: '200' },
        samples: [
          [t, 5],
          [t + 15_000, 9],
        ],
      },
      { labels: { __name__: 'rw_requests_total', job: 'api', code: '500' }, samples: [[t, 1]] },
    ]);
    const response = await remoteWrite(body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ series: 2, samples: 3 });
    expect(await read('count_over_time(rw_requests_total{code="200"}[1m])', t + 20_000)).toEqual([
      {
        labels: { __name__: 'rw_requests_total', code: '200', job: 'api' },
        samples: [
          [t, 5],
          [t + 15_000, 9],
        ],
      },
    ]);

    expect((await remoteWrite(body)).status).toBe(200);
    const conflict = await remoteWrite(
      remoteWriteBody([
        { labels: { __name__: 'rw_requests_total', job: 'api', code: '500' }, samples: [[t, 2]] },
      ]),
    );
    expect(conflict.status).toBe(409);
    const json = (await conflict.json()) as ErrorBody;
    expect(json.problems[0]?.where).toContain('rw_requests_total{code="500", job="api"}');
  });

  it.each([
    ['a body that is not snappy', Buffer.from('not snappy at all'), 400, 'body', 'Snappy'],
    [
      'snappy of a broken protobuf',
      Buffer.from(compress(Buffer.from([0x0a, 0x7f, 0x01]))),
      400,
      'body',
      'malformed protobuf',
    ],
    [
      'a series with an invalid label',
      remoteWriteBody([{ labels: { __name__: 'm', 'bad-name': '1' }, samples: [[Date.now(), 1]] }]),
      400,
      'timeseries[0] m{bad-name="1"}: label bad-name',
      'invalid label name',
    ],
    [
      'too many labels',
      remoteWriteBody([
        {
          labels: Object.fromEntries([
            ['__name__', 'm'],
            ...Array.from({ length: 9 }, (_, i) => [`l${i}`, 'v']),
          ]),
          samples: [[Date.now(), 1]],
        },
      ]),
      400,
      'timeseries[0]',
      'INGEST_MAX_LABELS',
    ],
    [
      'an uncompressed size over the limit',
      remoteWriteBody([
        {
          labels: { __name__: 'm', pad: 'x'.repeat(2000) },
          samples: Array.from({ length: 4000 }, (_, i) => [Date.now() - i, 1] as const),
        },
      ]),
      413,
      'body',
      'INGEST_MAX_BODY_BYTES',
    ],
  ])('rejects %s with %i, naming where, storing nothing', async (_name, body, status, where, message) => {
    const response = await remoteWrite(body);
    expect(response.status).toBe(status);
    const json = (await response.json()) as ErrorBody;
    expect(json.problems[0]?.where).toContain(where);
    expect(JSON.stringify(json.problems[0])).toContain(message);
  });

  it('answers remote write 2.0 and other encodings with 415, so the sender can fall back', async () => {
    const body = remoteWriteBody([]);
    const v2 = await remoteWrite(body, {
      'content-type': 'application/x-protobuf;proto=io.prometheus.write.v2.Request',
      'content-encoding': 'snappy',
    });
    expect(v2.status).toBe(415);
    expect(((await v2.json()) as ErrorBody).error).toContain('io.prometheus.write.v2.Request');
    expect(
      (await remoteWrite(body, { 'content-type': 'application/x-protobuf', 'content-encoding': 'zstd' }))
        .status,
    ).toBe(415);
  });

  function otlp(timeMs: number, service = 'checkout') {
    return {
      resourceMetrics: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 'http.server.request.duration',
                  unit: 's',
                  histogram: {
                    aggregationTemporality: 2,
                    dataPoints: [
                      {
                        timeUnixNano: `${timeMs}000000`,
                        count: '4',
                        sum: 1.25,
                        bucketCounts: ['3', '1'],
                        explicitBounds: [0.5],
                        attributes: [{ key: 'http.route', value: { stringValue: '/pay' } }],
                      },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    };
  }

  it('stores OTLP/HTTP JSON (plain and gzip) as Prometheus series with job and service from the resource', async () => {
    const t = Date.now() - 30_000;
    const plain = await post('/v1/metrics', JSON.stringify(otlp(t)), { 'content-type': 'application/json' });
    expect(plain.status).toBe(200);
    expect(await plain.json()).toEqual({});
    const gzipped = await post('/v1/metrics', gzipSync(JSON.stringify(otlp(t + 10_000))), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(gzipped.status).toBe(200);
    const buckets = await read(
      'count_over_time(http_server_request_duration_seconds_bucket{service="checkout"}[1m])',
      t + 15_000,
    );
    expect(buckets.map((series) => [series.labels, series.samples.length])).toEqual([
      [
        {
          __name__: 'http_server_request_duration_seconds_bucket',
          http_route: '/pay',
          job: 'checkout',
          le: '0.5',
          service: 'checkout',
        },
        2,
      ],
      [
        {
          __name__: 'http_server_request_duration_seconds_bucket',
          http_route: '/pay',
          job: 'checkout',
          le: '+Inf',
          service: 'checkout',
        },
        2,
      ],
    ]);
  });

  it('rejects malformed OTLP with a 400 naming the field, protobuf OTLP with a 415, and a read-only token with a 403', async () => {
    const broken = otlp(Date.now());
    (
      broken.resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!.histogram.dataPoints[0] as Record<
        string,
        unknown
      >
    )['bucketCounts'] = ['1'];
    const response = await post('/v1/metrics', JSON.stringify(broken), {
      'content-type': 'application/json',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).problems[0]?.where).toBe(
      '$.resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints[0].bucketCounts',
    );
    expect((await post('/v1/metrics', '{', { 'content-type': 'application/json' })).status).toBe(400);
    expect(
      (await post('/v1/metrics', Buffer.from([1]), { 'content-type': 'application/x-protobuf' })).status,
    ).toBe(415);
    const readOnly = await env.createToken(['read']);
    const forbidden = await post(
      '/v1/metrics',
      JSON.stringify(otlp(Date.now())),
      { 'content-type': 'application/json' },
      `Bearer ${readOnly}`,
    );
    expect(forbidden.status).toBe(403);
  });
});
