import { IngestLimits, samplesOf } from './ingest-batch';
import { parseOtlpJson } from './parse-otlp-json';

const T = Date.parse('2026-03-01T12:00:00Z');
const NANOS = `${T}000000`;
const LIMITS: IngestLimits = {
  maxLabelsPerSeries: 8,
  maxLabelNameLength: 32,
  maxLabelValueLength: 64,
  maxSamplesPerRequest: 100,
  minTsMs: T - 3_600_000,
  maxTsMs: T + 600_000,
};

const RESOURCE = {
  attributes: [
    { key: 'service.name', value: { stringValue: 'checkout' } },
    { key: 'service.namespace', value: { stringValue: 'shop' } },
    { key: 'service.instance.id', value: { stringValue: 'pod-1' } },
    { key: 'host.name', value: { stringValue: 'ignored' } },
  ],
};

function request(metrics: unknown[]) {
  return { resourceMetrics: [{ resource: RESOURCE, scopeMetrics: [{ scope: { name: 'lib' }, metrics }] }] };
}

function seriesOf(body: unknown) {
  const result = parseOtlpJson(body, LIMITS);
  if (!result.ok) {
    throw new Error(JSON.stringify(result.problems));
  }
  return result.series.map((series) => [series.labels, samplesOf(result, series)]);
}

function problemsOf(body: unknown) {
  const result = parseOtlpJson(body, LIMITS);
  if (result.ok) {
    throw new Error('expected problems');
  }
  return result.problems;
}

const SERVICE = { instance: 'pod-1', job: 'shop/checkout', service: 'checkout' };

describe(parseOtlpJson.name, () => {
  it('turns a gauge into a series with the service labels from the resource', () => {
    const body = request([
      {
        name: 'queue.depth',
        unit: '{messages}',
        gauge: {
          dataPoints: [
            {
              attributes: [{ key: 'queue.name', value: { stringValue: 'emails' } }],
              timeUnixNano: NANOS,
              asInt: '42',
            },
          ],
        },
      },
    ]);
    expect(seriesOf(body)).toEqual([
      [{ __name__: 'queue_depth', queue_name: 'emails', ...SERVICE }, [[T, 42]]],
    ]);
  });

  it('makes a cumulative monotonic sum a _total counter and a non-monotonic one a gauge', () => {
    const body = request([
      {
        name: 'http.requests',
        sum: {
          aggregationTemporality: 2,
          isMonotonic: true,
          dataPoints: [{ timeUnixNano: NANOS, asDouble: 10.5 }],
        },
      },
      {
        name: 'pool.used',
        unit: 'By',
        sum: {
          aggregationTemporality: 'AGGREGATION_TEMPORALITY_CUMULATIVE',
          dataPoints: [{ timeUnixNano: NANOS, asDouble: 'NaN' }],
        },
      },
    ]);
    expect(seriesOf(body)).toEqual([
      [{ __name__: 'http_requests_total', ...SERVICE }, [[T, 10.5]]],
      [{ __name__: 'pool_used_bytes', ...SERVICE }, [[T, NaN]]],
    ]);
  });

  it('turns a histogram into cumulative _bucket series with +Inf, _sum and _count', () => {
    const body = request([
      {
        name: 'http.server.duration',
        unit: 's',
        histogram: {
          aggregationTemporality: 2,
          dataPoints: [
            {
              timeUnixNano: NANOS,
              count: '10',
              sum: 3.5,
              bucketCounts: ['2', '5', '3'],
              explicitBounds: [0.1, 1],
            },
          ],
        },
      },
    ]);
    const name = 'http_server_duration_seconds';
    expect(seriesOf(body)).toEqual([
      [{ __name__: `${name}_bucket`, le: '0.1', ...SERVICE }, [[T, 2]]],
      [{ __name__: `${name}_bucket`, le: '1', ...SERVICE }, [[T, 7]]],
      [{ __name__: `${name}_bucket`, le: '+Inf', ...SERVICE }, [[T, 10]]],
      [{ __name__: `${name}_sum`, ...SERVICE }, [[T, 3.5]]],
      [{ __name__: `${name}_count`, ...SERVICE }, [[T, 10]]],
    ]);
  });

  it('turns a summary into quantile series, _sum and _count', () => {
    const body = request([
      {
        name: 'rpc.latency',
        summary: {
          dataPoints: [
            {
              timeUnixNano: NANOS,
              count: 4,
              sum: 2,
              quantileValues: [{ quantile: 0.5, value: 0.4 }, { quantile: 0.99 }],
            },
          ],
        },
      },
    ]);
    expect(seriesOf(body).map(([labels]) => labels)).toEqual([
      { __name__: 'rpc_latency', quantile: '0.5', ...SERVICE },
      { __name__: 'rpc_latency', quantile: '0.99', ...SERVICE },
      { __name__: 'rpc_latency_sum', ...SERVICE },
      { __name__: 'rpc_latency_count', ...SERVICE },
    ]);
  });

  it('joins attributes that normalise to the same label, and drops points without a recorded value', () => {
    const body = request([
      {
        name: 'm',
        gauge: {
          dataPoints: [
            {
              timeUnixNano: NANOS,
              asInt: 1,
              attributes: [
                { key: 'a.b', value: { stringValue: 'x' } },
                { key: 'a_b', value: { intValue: '7' } },
              ],
            },
            { timeUnixNano: String(BigInt(NANOS) + 1_000_000_000n), flags: 1 },
          ],
        },
      },
    ]);
    expect(seriesOf(body)).toEqual([[{ __name__: 'm', a_b: 'x;7', ...SERVICE }, [[T, 1]]]]);
  });

  it.each([
    ['a body that is no request', { metrics: [] }, '$', 'expected an ExportMetricsServiceRequest'],
    [
      'delta temporality',
      request([{ name: 'd', sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [] } }]),
      '$.resourceMetrics[0].scopeMetrics[0].metrics[0].sum.aggregationTemporality',
      'delta temporality is not supported',
    ],
    [
      'an exponential histogram',
      request([{ name: 'e', exponentialHistogram: { aggregationTemporality: 2, dataPoints: [] } }]),
      '$.resourceMetrics[0].scopeMetrics[0].metrics[0].exponentialHistogram',
      'exponential histograms are not supported',
    ],
    [
      'a missing timestamp',
      request([{ name: 'g', gauge: { dataPoints: [{ asInt: '1' }] } }]),
      '$.resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0].timeUnixNano',
      'expected nanoseconds',
    ],
    [
      'a bad value',
      request([{ name: 'g', gauge: { dataPoints: [{ timeUnixNano: NANOS, asInt: '1.5' }] } }]),
      '$.resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0].asInt',
      'expected a number',
    ],
    [
      'bucket counts that do not fit the bounds',
      request([
        {
          name: 'h',
          histogram: {
            aggregationTemporality: 2,
            dataPoints: [{ timeUnixNano: NANOS, count: '1', bucketCounts: ['1'], explicitBounds: [1] }],
          },
        },
      ]),
      '$.resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints[0].bucketCounts',
      'has 1 counts for 1 explicitBounds, expected 2',
    ],
    [
      'a metric without a name',
      request([{ gauge: { dataPoints: [] } }]),
      '$.resourceMetrics[0].scopeMetrics[0].metrics[0].name',
      'required',
    ],
    [
      'a timestamp outside retention',
      request([{ name: 'g', gauge: { dataPoints: [{ timeUnixNano: '1000000', asInt: '1' }] } }]),
      '$.resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0].timeUnixNano',
      'older than',
    ],
    [
      'a label value over the limit',
      request([
        {
          name: 'g',
          gauge: {
            dataPoints: [
              {
                timeUnixNano: NANOS,
                asInt: '1',
                attributes: [{ key: 'k.x', value: { stringValue: 'v'.repeat(65) } }],
              },
            ],
          },
        },
      ]),
      '$.resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0] (label k_x)',
      'INGEST_MAX_LABEL_VALUE_LENGTH',
    ],
  ])('rejects %s, naming the field', (_name, body, where, message) => {
    const problems = problemsOf(body);
    expect(problems[0]?.where).toBe(where);
    expect(problems[0]?.message).toContain(message);
  });
});
