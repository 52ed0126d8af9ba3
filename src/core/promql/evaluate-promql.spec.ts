import { SeriesSamples, Sample, VectorElement } from '../model';
import { formatLabels } from '../labels/labels';
import { PromqlEvalError, PromqlValue, SelectorData, evaluatePromql } from './evaluate-promql';
import { matchesAll } from './label-matcher';
import { parsePromql } from './parse-promql';
import { selectorsOf } from './selectors-of';

const T0 = Date.UTC(2026, 0, 1);
/** Evaluation time: T0 + 10 minutes, so `[5m]` windows are (T0 + 300 s, T0 + 600 s]. */
const NOW = T0 + 600_000;
const at = (seconds: number, value: number): Sample => [T0 + seconds * 1000, value];

const series: SeriesSamples[] = [
  // Lookback (t - 5m, t]: 540 s is in; 300 s is exactly 5m old → out; 301 s in; the future 610 s sample is ignored.
  { labels: { __name__: 'up', job: 'api', instance: 'a' }, samples: [at(540, 1)] },
  { labels: { __name__: 'up', job: 'api', instance: 'b' }, samples: [at(300, 1)] },
  { labels: { __name__: 'up', job: 'web', instance: 'c' }, samples: [at(301, 0)] },
  { labels: { __name__: 'up', job: 'db', instance: 'd' }, samples: [at(590, 1), at(610, 0)] },
  // Counters (hand-computed in extrapolated-rate.spec.ts): rate 0.1, 43.75 / 300 (reset), 0.05 (starts late).
  {
    labels: { __name__: 'http_requests_total', job: 'api', code: '200' },
    samples: [at(270, 4), at(330, 10), at(390, 16), at(450, 22), at(510, 28), at(570, 34)],
  },
  {
    labels: { __name__: 'http_requests_total', job: 'api', code: '500' },
    samples: [at(330, 10), at(390, 20), at(450, 5), at(510, 15), at(570, 25)],
  },
  {
    labels: { __name__: 'http_requests_total', job: 'web', code: '200' },
    samples: [at(480, 100), at(540, 106), at(600, 112)],
  },
  { labels: { __name__: 'temperature', room: 'lab' }, samples: [at(240, 20), at(540, 25)] },
];

/** A stand-in for the I/O adapter: every series matching each request, all samples (the evaluator windows them). */
function dataFor(query: string, all: readonly SeriesSamples[] = series): SelectorData {
  return new Map(
    selectorsOf(parsePromql(query)).map((request) => [
      request.key,
      all.filter((entry) => matchesAll(request.matchers, entry.labels)),
    ]),
  );
}

function run(query: string, all: readonly SeriesSamples[] = series): PromqlValue {
  return evaluatePromql(parsePromql(query), dataFor(query, all), NOW);
}

function vector(query: string): VectorElement[] {
  const value = run(query);
  if (value.type !== 'vector') {
    throw new Error(`${query} gave a scalar`);
  }
  return [...value.elements].sort((a, b) => formatLabels(a.labels).localeCompare(formatLabels(b.labels)));
}

function scalar(query: string): number {
  const value = run(query);
  if (value.type !== 'scalar') {
    throw new Error(`${query} gave a vector`);
  }
  return value.value;
}

describe('evaluatePromql: selectors', () => {
  it('an instant selector takes the newest sample of the last 5 minutes and keeps __name__', () => {
    expect(vector('up')).toEqual([
      { labels: { __name__: 'up', job: 'api', instance: 'a' }, value: 1 },
      { labels: { __name__: 'up', job: 'web', instance: 'c' }, value: 0 },
      { labels: { __name__: 'up', job: 'db', instance: 'd' }, value: 1 },
    ]);
  });

  it('offset moves the evaluation time back', () => {
    // t = 300 s: window (0 s, 300 s] holds b's sample at 300 s and temperature's at 240 s
    expect(vector('up offset 5m')).toEqual([
      { labels: { __name__: 'up', job: 'api', instance: 'b' }, value: 1 },
    ]);
    expect(vector('temperature offset 5m')).toEqual([
      { labels: { __name__: 'temperature', room: 'lab' }, value: 20 },
    ]);
    expect(vector('max_over_time(temperature[5m] offset 5m)')).toEqual([
      { labels: { room: 'lab' }, value: 20 },
    ]);
    // a negative offset looks ahead: t = 610 s sees d's sample at 610 s
    expect(vector('up{instance="d"} offset -10s')).toEqual([
      { labels: { __name__: 'up', job: 'db', instance: 'd' }, value: 0 },
    ]);
  });

  it('range windows are open on the left', () => {
    // (540 s, 600 s] does not include the sample at 540 s, so the series drops out
    expect(vector('count_over_time(temperature[1m])')).toEqual([]);
    expect(vector('count_over_time(temperature[61s])')).toEqual([{ labels: { room: 'lab' }, value: 1 }]);
    expect(vector('count_over_time(temperature[10m])')).toEqual([{ labels: { room: 'lab' }, value: 2 }]);
  });

  it('applies the matchers again to what the adapter returns', () => {
    const query = 'up{job="api"}';
    const [request] = selectorsOf(parsePromql(query));
    const data = new Map([[request?.key ?? '', series]]);
    const value = evaluatePromql(parsePromql(query), data, NOW);
    expect(value).toEqual({
      type: 'vector',
      elements: [{ labels: { __name__: 'up', job: 'api', instance: 'a' }, value: 1 }],
    });
  });

  it('fails when a selector has no entry in the data', () => {
    expect(() => evaluatePromql(parsePromql('up'), new Map(), NOW)).toThrow(PromqlEvalError);
    expect(() => evaluatePromql(parsePromql('up'), new Map(), NOW)).toThrow(
      'no data for selector up: pass an entry for every key from selectorsOf (an empty list when nothing matched)',
    );
  });
});

describe('evaluatePromql: functions', () => {
  it('rate, increase and irate per series, without __name__', () => {
    const rates = vector('rate(http_requests_total[5m])');
    expect(rates).toEqual([
      { labels: { job: 'api', code: '200' }, value: expect.closeTo(0.1, 12) },
      { labels: { job: 'web', code: '200' }, value: expect.closeTo(0.05, 12) },
      { labels: { job: 'api', code: '500' }, value: expect.closeTo(43.75 / 300, 12) },
    ]);
    expect(vector('increase(http_requests_total{code="500"}[5m])')).toEqual([
      { labels: { job: 'api', code: '500' }, value: expect.closeTo(43.75, 10) },
    ]);
    // last two samples of api/500: 15 → 25 over 60 s
    expect(vector('irate(http_requests_total{code="500"}[5m])')).toEqual([
      { labels: { job: 'api', code: '500' }, value: 10 / 60 },
    ]);
  });

  it.each([
    ['avg_over_time(temperature[10m])', { room: 'lab' }, 22.5],
    ['min_over_time(temperature[10m])', { room: 'lab' }, 20],
    ['max_over_time(temperature[10m])', { room: 'lab' }, 25],
    ['sum_over_time(temperature[10m])', { room: 'lab' }, 45],
    ['count_over_time(temperature[10m])', { room: 'lab' }, 2],
    ['last_over_time(temperature[10m])', { __name__: 'temperature', room: 'lab' }, 25],
    // 20 → 25 at 240 s and 540 s; window (0 s, 600 s]: 240 s and 60 s to the ends, both < 1.1 × 300 s → 5 × 600 / 300
    ['delta(temperature[10m])', { room: 'lab' }, 10],
    ['abs(temperature - 30)', { room: 'lab' }, 5],
    ['clamp_max(temperature, 21)', { room: 'lab' }, 21],
    ['clamp_min(temperature, 30)', { room: 'lab' }, 30],
    ['clamp(temperature, 0, 100)', { room: 'lab' }, 25],
    ['round(temperature / 7)', { room: 'lab' }, 4],
    ['round(temperature / 7, 0.5)', { room: 'lab' }, 3.5],
    ['sqrt(temperature - 16)', { room: 'lab' }, 3],
  ])('%s', (query, labels, value) => {
    expect(vector(query)).toEqual([{ labels, value }]);
  });

  it('clamp with min > max is empty', () => {
    expect(vector('clamp(temperature, 10, 0)')).toEqual([]);
  });

  it('time, vector and scalar', () => {
    expect(scalar('time()')).toBe(NOW / 1000);
    expect(scalar('time() - 600')).toBe(NOW / 1000 - 600);
    expect(vector('vector(time())')).toEqual([{ labels: {}, value: NOW / 1000 }]);
    expect(scalar('scalar(up{instance="a"})')).toBe(1);
    expect(scalar('scalar(up)')).toBeNaN();
    expect(scalar('scalar(nothing)')).toBeNaN();
  });

  it('absent and absent_over_time', () => {
    expect(vector('absent(nonexistent{job="api", env=~"p.*"})')).toEqual([
      { labels: { job: 'api' }, value: 1 },
    ]);
    expect(vector('absent(nonexistent{job="api", job="web"})')).toEqual([{ labels: {}, value: 1 }]);
    expect(vector('absent(sum(nonexistent{job="api"}))')).toEqual([{ labels: {}, value: 1 }]);
    expect(vector('absent(up)')).toEqual([]);
    expect(vector('absent_over_time(temperature{room="lab"}[1m])')).toEqual([
      { labels: { room: 'lab' }, value: 1 },
    ]);
    expect(vector('absent_over_time(temperature[10m])')).toEqual([]);
  });

  it('refuses functions that leave two elements with the same labels', () => {
    const copy = { ...series[4]!, labels: { ...series[4]!.labels, __name__: 'http_requests_copy' } };
    expect(() =>
      run('rate({__name__=~"http_requests_total|http_requests_copy", code="200", job="api"}[5m])', [
        ...series,
        copy,
      ]),
    ).toThrow(
      'vector cannot contain metrics with the same labelset: {code="200", job="api"} appears twice in the result of rate()',
    );
  });
});

describe('evaluatePromql: aggregations', () => {
  it.each([
    [
      'sum by (job) (up)',
      [
        [{ job: 'api' }, 1],
        [{ job: 'db' }, 1],
        [{ job: 'web' }, 0],
      ],
    ],
    [
      'sum(up) by (job)',
      [
        [{ job: 'api' }, 1],
        [{ job: 'db' }, 1],
        [{ job: 'web' }, 0],
      ],
    ],
    ['count(up)', [[{}, 3]]],
    ['avg(up)', [[{}, 2 / 3]]],
    [
      'min without (instance) (up)',
      [
        [{ job: 'api' }, 1],
        [{ job: 'db' }, 1],
        [{ job: 'web' }, 0],
      ],
    ],
    ['max by (__name__) (up)', [[{ __name__: 'up' }, 1]]],
    [
      'count by (code) (http_requests_total)',
      [
        [{ code: '200' }, 2],
        [{ code: '500' }, 1],
      ],
    ],
  ] as const)('%s', (query, expected) => {
    expect(vector(query)).toEqual(expected.map(([labels, value]) => ({ labels, value })));
  });

  it('sum of rates per job', () => {
    // api: 0.1 + 43.75 / 300 = 73.75 / 300; web: 0.05
    expect(vector('sum by (job) (rate(http_requests_total[5m]))')).toEqual([
      { labels: { job: 'api' }, value: expect.closeTo(73.75 / 300, 12) },
      { labels: { job: 'web' }, value: expect.closeTo(0.05, 12) },
    ]);
  });
});

describe('evaluatePromql: operators', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['1 + 2 * 3 ^ 2', 19],
    ['2 ^ 3 ^ 2', 512], // right-associative: 2 ^ 9
    ['-2 ^ 2', -4], // -(2 ^ 2)
    ['(-2) ^ 2', 4],
    ['2 ^ -1', 0.5],
    ['10 - 3 - 2', 5],
    ['12 / 3 / 2', 2],
    ['7 % 4 * 2', 6],
    ['1 + 2 > bool 2', 1], // comparison binds loosest: 3 > 2
    ['1 > bool 2', 0],
    ['NaN == bool NaN', 0],
    ['1 / 0', Infinity],
    ['-(1 - 3)', 2],
  ])('%s = %d', (query, expected) => {
    expect(scalar(query)).toBe(expected);
  });

  it('comparison with a scalar filters and keeps labels and values', () => {
    expect(vector('up == 0')).toEqual([{ labels: { __name__: 'up', job: 'web', instance: 'c' }, value: 0 }]);
    expect(vector('0 < up')).toEqual([
      { labels: { __name__: 'up', job: 'api', instance: 'a' }, value: 1 },
      { labels: { __name__: 'up', job: 'db', instance: 'd' }, value: 1 },
    ]);
  });

  it('bool comparison keeps every element as 0/1 without __name__', () => {
    expect(vector('up == bool 0')).toEqual([
      { labels: { job: 'api', instance: 'a' }, value: 0 },
      { labels: { job: 'web', instance: 'c' }, value: 1 },
      { labels: { job: 'db', instance: 'd' }, value: 0 },
    ]);
  });

  it('arithmetic and unary minus drop __name__', () => {
    expect(vector('temperature * 2 + 1')).toEqual([{ labels: { room: 'lab' }, value: 51 }]);
    expect(vector('-temperature')).toEqual([{ labels: { room: 'lab' }, value: -25 }]);
    expect(vector('+temperature')).toEqual([{ labels: { __name__: 'temperature', room: 'lab' }, value: 25 }]);
  });

  it('an error-ratio alert: vector / vector matched on labels, then filtered', () => {
    // api: (43.75 / 300) / (73.75 / 300) = 43.75 / 73.75 ≈ 0.5932; web has no 5xx series → no match → dropped
    const query =
      'sum by (job) (rate(http_requests_total{code=~"5.."}[5m])) / sum by (job) (rate(http_requests_total[5m])) > 0.5';
    expect(vector(query)).toEqual([{ labels: { job: 'api' }, value: expect.closeTo(43.75 / 73.75, 12) }]);
    expect(vector(query.replace('0.5', '0.6'))).toEqual([]);
  });

  it('vector / vector with duplicates on the right fails', () => {
    const copy = { labels: { __name__: 'temperature_copy', room: 'lab' }, samples: [at(540, 25)] };
    expect(() => run('temperature / {__name__=~"temperature|temperature_copy"}', [...series, copy])).toThrow(
      PromqlEvalError,
    );
  });
});

describe('evaluatePromql: vector matching', () => {
  const at600 = (labels: Record<string, string>, value: number): SeriesSamples => ({
    labels,
    samples: [at(590, value)],
  });
  const matching: SeriesSamples[] = [
    at600({ __name__: 'errors', job: 'api', instance: 'a', code: '500' }, 6),
    at600({ __name__: 'errors', job: 'api', instance: 'b', code: '500' }, 3),
    at600({ __name__: 'errors', job: 'web', instance: 'c', code: '503' }, 4),
    at600({ __name__: 'requests', job: 'api', instance: 'a' }, 60),
    at600({ __name__: 'requests', job: 'api', instance: 'b' }, 10),
    at600({ __name__: 'requests', job: 'web', instance: 'c' }, 8),
    at600({ __name__: 'owner', job: 'api', team: 'payments' }, 1),
    at600({ __name__: 'owner', job: 'web', team: 'frontend' }, 1),
    at600({ __name__: 'limit', job: 'api' }, 5),
    at600({ __name__: 'requests_copy', job: 'api', instance: 'a' }, 60),
  ];
  const evaluate = (query: string): VectorElement[] => {
    const value = run(query, matching);
    if (value.type !== 'vector') {
      throw new Error(`${query} gave a scalar`);
    }
    return [...value.elements].sort((a, b) => formatLabels(a.labels).localeCompare(formatLabels(b.labels)));
  };

  it.each([
    [
      'errors / ignoring(code) requests',
      [
        [{ instance: 'a', job: 'api' }, 0.1],
        [{ instance: 'b', job: 'api' }, 0.3],
        [{ instance: 'c', job: 'web' }, 0.5],
      ],
    ],
    [
      'errors / on(instance) requests',
      [
        [{ instance: 'a' }, 0.1],
        [{ instance: 'b' }, 0.3],
        [{ instance: 'c' }, 0.5],
      ],
    ],
    [
      // one-to-one filtering comparison with on(): only the on labels, the left value
      'errors > on(instance, job) requests / 20',
      [
        [{ instance: 'a', job: 'api' }, 6],
        [{ instance: 'b', job: 'api' }, 3],
        [{ instance: 'c', job: 'web' }, 4],
      ],
    ],
    [
      'errors * on(job) group_left(team) owner',
      [
        [{ code: '500', instance: 'a', job: 'api', team: 'payments' }, 6],
        [{ code: '500', instance: 'b', job: 'api', team: 'payments' }, 3],
        [{ code: '503', instance: 'c', job: 'web', team: 'frontend' }, 4],
      ],
    ],
    [
      'owner * on(job) group_right(team) requests',
      [
        [{ instance: 'a', job: 'api', team: 'payments' }, 60],
        [{ instance: 'b', job: 'api', team: 'payments' }, 10],
        [{ instance: 'c', job: 'web', team: 'frontend' }, 8],
      ],
    ],
    [
      // group_left filtering comparison keeps the left value and __name__; unmatched (web) drops out
      'errors > on(job) group_left limit',
      [[{ __name__: 'errors', code: '500', instance: 'a', job: 'api' }, 6]],
    ],
    [
      // group_right filtering comparison: the labels of the right ("many") side, the value of the left operand
      'limit < on(job) group_right requests',
      [
        [{ __name__: 'requests', instance: 'a', job: 'api' }, 5],
        [{ __name__: 'requests', instance: 'b', job: 'api' }, 5],
      ],
    ],
    [
      'errors >= bool on(job) group_left limit',
      [
        [{ code: '500', instance: 'a', job: 'api' }, 1],
        [{ code: '500', instance: 'b', job: 'api' }, 0],
      ],
    ],
    [
      'requests and on(job) limit',
      [
        [{ __name__: 'requests', instance: 'a', job: 'api' }, 60],
        [{ __name__: 'requests', instance: 'b', job: 'api' }, 10],
      ],
    ],
    ['requests unless on(job) limit', [[{ __name__: 'requests', instance: 'c', job: 'web' }, 8]]],
    [
      'limit or on(job) owner',
      [
        [{ __name__: 'limit', job: 'api' }, 5],
        [{ __name__: 'owner', job: 'web', team: 'frontend' }, 1],
      ],
    ],
    ['requests and errors', []],
  ] as const)('%s', (query, expected) => {
    expect(evaluate(query)).toEqual(expected.map(([labels, value]) => ({ labels, value })));
  });

  it.each([
    [
      'errors / on(job) requests',
      'found duplicate series for the match group {job="api"} on the right hand-side of the operation',
    ],
    [
      'requests / on(job) group_right owner',
      'found duplicate series for the match group {job="api"} on the left',
    ],
    [
      'errors / on(job) owner',
      'multiple matches for labels {job="api"}: many-to-one matching must be explicit (group_left/group_right)',
    ],
    [
      '{__name__=~"requests|requests_copy"} + on(job) group_left limit',
      'multiple matches for labels: grouping labels must ensure unique matches',
    ],
  ])('%s fails: %s', (query, message) => {
    expect(() => evaluate(query)).toThrow(message);
  });
});

describe('evaluatePromql: quantile, topk, bottomk, stddev, stdvar, group', () => {
  const values: SeriesSamples[] = [1, 7, 3, 9, NaN].map((value, index) => ({
    labels: { __name__: 'v', i: String(index), half: index < 2 ? 'low' : 'high' },
    samples: [at(590, value)],
  }));
  const evaluate = (query: string): VectorElement[] => {
    const value = run(query, values);
    if (value.type !== 'vector') {
      throw new Error(`${query} gave a scalar`);
    }
    return [...value.elements].sort((a, b) => formatLabels(a.labels).localeCompare(formatLabels(b.labels)));
  };

  it.each([
    ['quantile(0.5, v{i!="4"})', [[{}, 5]]],
    ['quantile(0.25, v{i!="4"})', [[{}, 2.5]]],
    ['quantile(0, v)', [[{}, NaN]]], // NaN sorts first
    ['quantile(1, v)', [[{}, 9]]],
    ['quantile(-1, v)', [[{}, -Infinity]]],
    ['quantile(2, v)', [[{}, Infinity]]],
    [
      'quantile by (half) (0.5, v)',
      [
        [{ half: 'high' }, 3],
        [{ half: 'low' }, 4],
      ],
    ],
    [
      'topk(2, v)',
      [
        [{ __name__: 'v', half: 'high', i: '3' }, 9],
        [{ __name__: 'v', half: 'low', i: '1' }, 7],
      ],
    ],
    [
      'bottomk by (half) (1, v)',
      [
        [{ __name__: 'v', half: 'high', i: '2' }, 3],
        [{ __name__: 'v', half: 'low', i: '0' }, 1],
      ],
    ],
    ['topk(0, v)', []],
    ['topk(1.9, v{half="low"})', [[{ __name__: 'v', half: 'low', i: '1' }, 7]]],
    // NaN ranks last for topk and bottomk: it only comes in when k exceeds the other values
    ['count(topk(5, v))', [[{}, 5]]],
    ['bottomk(4, v) > 8', [[{ __name__: 'v', half: 'high', i: '3' }, 9]]],
    ['stdvar(v{i!="4"})', [[{}, 10]]],
    ['stddev(v{i!="4"})', [[{}, Math.sqrt(10)]]],
    ['stddev(v{i="0"})', [[{}, 0]]],
    [
      'group by (half) (v)',
      [
        [{ half: 'high' }, 1],
        [{ half: 'low' }, 1],
      ],
    ],
  ] as const)('%s', (query, expected) => {
    expect(evaluate(query)).toEqual(expected.map(([labels, value]) => ({ labels, value })));
  });

  it('refuses a k that does not fit in int64', () => {
    expect(() => evaluate('topk(1e19, v)')).toThrow('Scalar value 10000000000000000000 overflows int64');
  });
});

describe('evaluatePromql: over_time statistics and histogram_quantile', () => {
  const gauge: SeriesSamples = {
    labels: { __name__: 'g', room: 'lab' },
    samples: [at(320, 2), at(380, 4), at(440, 4), at(500, 4), at(560, 5), at(590, 7)],
  };
  const bucket = (le: string, value: number, extra: Record<string, string> = {}): SeriesSamples => ({
    labels: { __name__: 'h_bucket', le, ...extra },
    samples: [at(590, value)],
  });
  const histogram = [
    bucket('0.1', 10),
    bucket('0.5', 30),
    bucket('1', 40),
    bucket('+Inf', 40),
    bucket('1', 3, { job: 'x' }),
    bucket('2', 2, { job: 'x' }), // not monotonic: raised to 3
    bucket('+Inf', 4, { job: 'x' }),
    bucket('1', 5, { job: 'no-inf' }),
  ];
  const evaluate = (query: string, all: readonly SeriesSamples[]): VectorElement[] => {
    const value = run(query, all);
    if (value.type !== 'vector') {
      throw new Error(`${query} gave a scalar`);
    }
    return [...value.elements].sort((a, b) => formatLabels(a.labels).localeCompare(formatLabels(b.labels)));
  };

  it.each([
    ['quantile_over_time(0.5, g[5m])', 4],
    ['quantile_over_time(0.9, g[5m])', 6],
    ['stdvar_over_time(g[5m])', 20 / 9],
    ['stddev_over_time(g[5m])', Math.sqrt(20 / 9)],
  ])('%s = %d', (query, expected) => {
    expect(evaluate(query, [gauge])).toEqual([
      { labels: { room: 'lab' }, value: expect.closeTo(expected, 12) },
    ]);
  });

  it.each([
    // rank 20 of 40 falls in (0.1, 0.5]: 0.1 + 0.4 * (10 / 20)
    ['histogram_quantile(0.5, h_bucket{job=""})', {}, 0.3],
    // rank 4 of 40 falls in the first bucket (10 observations): 0.1 × 4/10
    ['histogram_quantile(0.1, h_bucket{job=""})', {}, 0.1 * (4 / 10)],
    // in the +Inf bucket: the highest finite bound
    ['histogram_quantile(1, h_bucket{job="x"})', { job: 'x' }, 2],
    // rank 2 of 4 falls in the first bucket (count 3): from 0 to 1
    ['histogram_quantile(0.5, h_bucket{job="x"})', { job: 'x' }, 2 / 3],
    ['histogram_quantile(0.5, h_bucket{job="no-inf"})', { job: 'no-inf' }, NaN],
    ['histogram_quantile(-0.5, h_bucket{job="x"})', { job: 'x' }, -Infinity],
  ])('%s', (query, labels, expected) => {
    const [element, ...rest] = evaluate(query, histogram);
    expect(rest).toEqual([]);
    expect(element?.labels).toEqual(labels);
    if (Number.isNaN(expected)) {
      expect(element?.value).toBeNaN();
    } else {
      expect(element?.value).toBeCloseTo(expected, 12);
    }
  });
});
