import { fingerprint } from '../labels/labels';
import { Labels, Sample } from '../model';
import { IngestLimits, IngestProblem, IngestResult, IngestSeries, samplesOf } from './ingest-batch';
import { parsePrometheusText } from './parse-prometheus-text';

const NOW = Date.parse('2026-03-01T00:00:00Z');
const T1 = NOW - 60_000;
const T2 = NOW - 30_000;
const LIMITS: IngestLimits = {
  maxLabelsPerSeries: 30,
  maxLabelNameLength: 128,
  maxLabelValueLength: 2048,
  maxSamplesPerRequest: 1000,
  minTsMs: NOW - 30 * 86_400_000,
  maxTsMs: NOW + 600_000,
};

function parse(body: string, limits: IngestLimits = LIMITS): IngestResult {
  return parsePrometheusText(body, NOW, limits);
}

/** The series of an ok result, each with its samples as tuples (through `samplesOf`). */
function seriesOf(body: string): Array<IngestSeries & { samples: Sample[] }> {
  const result = parse(body);
  if (!result.ok) {
    throw new Error(`expected ok, got ${JSON.stringify(result.problems)}`);
  }
  return result.series.map((series) => ({ ...series, samples: samplesOf(result, series) }));
}

/** Series as `[labels, samples]`, for compact expectations. */
function compact(body: string): [Labels, Sample[]][] {
  return seriesOf(body).map((series) => [series.labels, series.samples]);
}

function problemsOf(body: string, limits: IngestLimits = LIMITS): IngestProblem[] {
  const result = parse(body, limits);
  if (result.ok) {
    throw new Error(`expected problems, got ${result.sampleCount} samples`);
  }
  return result.problems;
}

describe('parsePrometheusText: accepted input', () => {
  it.each<[string, string, [Labels, Sample[]][]]>([
    ['a bare metric name, default timestamp', 'up 1', [[{ __name__: 'up' }, [[NOW, 1]]]]],
    [
      'labels and a timestamp',
      `http_requests_total{method="GET",code="200"} 1027 ${T1}`,
      [[{ __name__: 'http_requests_total', code: '200', method: 'GET' }, [[T1, 1027]]]],
    ],
    ['a colon in the metric name', 'job:rate5m 0.5', [[{ __name__: 'job:rate5m' }, [[NOW, 0.5]]]]],
    ['an empty label set', `up{} 1 ${T1}`, [[{ __name__: 'up' }, [[T1, 1]]]]],
    ['a trailing comma', `up{a="1",} 1 ${T1}`, [[{ __name__: 'up', a: '1' }, [[T1, 1]]]]],
    [
      'blanks everywhere they are allowed',
      `  up {  a = "1" ,\tb="2" , } \t 1 \t ${T1}  `,
      [[{ __name__: 'up', a: '1', b: '2' }, [[T1, 1]]]],
    ],
    ['no blank between "}" and the value', `up{a="1"}2 ${T1}`, [[{ __name__: 'up', a: '1' }, [[T1, 2]]]]],
    [
      'escapes in label values',
      String.raw`up{path="C:\\dir",q="say \"hi\"",m="a\nb"} 1`,
      [[{ __name__: 'up', m: 'a\nb', path: 'C:\\dir', q: 'say "hi"' }, [[NOW, 1]]]],
    ],
    [
      'braces, commas and equals signs inside values',
      `up{a="}",b="x,y=z{"} 1 ${T1}`,
      [[{ __name__: 'up', a: '}', b: 'x,y=z{' }, [[T1, 1]]]],
    ],
    [
      'non-ASCII label values',
      `up{city="Zürich 東京"} 1`,
      [[{ __name__: 'up', city: 'Zürich 東京' }, [[NOW, 1]]]],
    ],
    ['an empty label value (same as absent)', 'up{a=""} 1', [[{ __name__: 'up' }, [[NOW, 1]]]]],
    [
      'comments, HELP, TYPE and blank lines',
      [
        '# HELP up Whether the target is up.',
        '# TYPE up gauge',
        '',
        '   ',
        '# just a comment',
        '#',
        'up 1',
      ].join('\n'),
      [[{ __name__: 'up' }, [[NOW, 1]]]],
    ],
    [
      'CRLF line ends',
      `up 1 ${T1}\r\nup 2 ${T2}\r\n`,
      [
        [
          { __name__: 'up' },
          [
            [T1, 1],
            [T2, 2],
          ],
        ],
      ],
    ],
    [
      'a body without a final newline',
      `up 1 ${T1}\nup 2 ${T2}`,
      [
        [
          { __name__: 'up' },
          [
            [T1, 1],
            [T2, 2],
          ],
        ],
      ],
    ],
    ['an empty body', '', []],
    ['only comments', '# TYPE up counter\n\n', []],
  ])('%s', (_case, body, expected) => {
    expect(compact(body)).toEqual(expected);
  });

  it.each([
    ['42', 42],
    ['-3', -3],
    ['0.25', 0.25],
    ['123456789', 123_456_789],
    ['1234567890', 1_234_567_890],
    ['NaN', NaN],
    ['+Inf', Infinity],
    ['-Inf', -Infinity],
    ['1e3', 1000],
    ['-2.5', -2.5],
    ['.5', 0.5],
    ['1.5E-3', 0.0015],
    ['0', 0],
  ])('reads value %s', (token, value) => {
    const samples = seriesOf(`m ${token} ${T1}`)[0]?.samples;
    expect(samples).toHaveLength(1);
    expect(Object.is(samples?.[0]?.[1], value)).toBe(true);
  });

  it.each([
    ['1', 1],
    ['123456789', 123_456_789],
    ['1234567890', 1_234_567_890],
    ['0001772323200000', 1_772_323_200_000],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
  ])('reads timestamp %s exactly', (token, tsMs) => {
    const result = parse(`m 1 ${token}`, { ...LIMITS, minTsMs: 0, maxTsMs: Number.MAX_SAFE_INTEGER });
    expect(result.ok && result.series.map((series) => samplesOf(result, series))).toEqual([[[tsMs, 1]]]);
  });

  it('treats histogram and summary lines as ordinary samples', () => {
    const body = [
      '# TYPE rpc_duration_seconds histogram',
      `rpc_duration_seconds_bucket{le="0.5"} 3 ${T1}`,
      `rpc_duration_seconds_bucket{le="+Inf"} 5 ${T1}`,
      `rpc_duration_seconds_sum 2.5 ${T1}`,
      `rpc_duration_seconds_count 5 ${T1}`,
      '# TYPE rpc_latency summary',
      `rpc_latency{quantile="0.99"} 0.2 ${T1}`,
    ].join('\n');
    expect(compact(body)).toEqual([
      [{ __name__: 'rpc_duration_seconds_bucket', le: '0.5' }, [[T1, 3]]],
      [{ __name__: 'rpc_duration_seconds_bucket', le: '+Inf' }, [[T1, 5]]],
      [{ __name__: 'rpc_duration_seconds_sum' }, [[T1, 2.5]]],
      [{ __name__: 'rpc_duration_seconds_count' }, [[T1, 5]]],
      [{ __name__: 'rpc_latency', quantile: '0.99' }, [[T1, 0.2]]],
    ]);
  });

  it('merges spellings of one label set into one series, in order of first appearance', () => {
    const body = [
      `b 1 ${T1}`,
      `a{x="1",y="2"} 1 ${T1}`,
      `a{y="2",x="1"} 2 ${T2}`,
      `a { x = "1", y = "2", z = "" } 3 ${NOW}`,
    ].join('\n');
    const series = seriesOf(body);
    expect(series.map((s) => [s.labels, s.samples])).toEqual([
      [{ __name__: 'b' }, [[T1, 1]]],
      [
        { __name__: 'a', x: '1', y: '2' },
        [
          [T1, 1],
          [T2, 2],
          [NOW, 3],
        ],
      ],
    ]);
  });

  it('sorts labels by name and fingerprints them like core/labels', () => {
    const [series] = seriesOf('up{zone="eu",job="api",instance="a:1"} 1');
    expect(Object.keys(series?.labels ?? {})).toEqual(['__name__', 'instance', 'job', 'zone']);
    expect(series?.fingerprint).toBe(
      fingerprint({ __name__: 'up', job: 'api', instance: 'a:1', zone: 'eu' }),
    );
  });

  it('sorts samples by timestamp', () => {
    expect(compact(`up 3 ${NOW}\nup 1 ${T1}\nup 2 ${T2}`)).toEqual([
      [
        { __name__: 'up' },
        [
          [T1, 1],
          [T2, 2],
          [NOW, 3],
        ],
      ],
    ]);
  });

  it('tells apart series whose text starts alike', () => {
    // The parser guesses a line's series from the previous lines; the guess must never be a prefix match.
    const body = [
      `up 1 ${T1}`,
      `up_total 2 ${T1}`,
      `up {a="1"} 3 ${T1}`,
      `up{a="1"} 4 ${T2}`,
      `up{a="1",b="2"} 5 ${T1}`,
      `up 6 ${T2}`,
      `up\t7 ${NOW}`,
      `up{a="1"} 8 ${NOW}`,
      `up{a="10"} 9 ${T1}`,
    ].join('\n');
    expect(compact(body)).toEqual([
      [
        { __name__: 'up' },
        [
          [T1, 1],
          [T2, 6],
          [NOW, 7],
        ],
      ],
      [{ __name__: 'up_total' }, [[T1, 2]]],
      [
        { __name__: 'up', a: '1' },
        [
          [T1, 3],
          [T2, 4],
          [NOW, 8],
        ],
      ],
      [{ __name__: 'up', a: '1', b: '2' }, [[T1, 5]]],
      [{ __name__: 'up', a: '10' }, [[T1, 9]]],
    ]);
  });

  it.each([
    ['grouped by series', (s: number, t: number): [number, number] => [s, t]],
    ['cycling through series', (s: number, t: number): [number, number] => [t, s]],
  ])('assigns every line to its series when %s', (_case, order) => {
    const lines: string[] = [];
    for (let outer = 0; outer < 5; outer++) {
      for (let inner = 0; inner < 5; inner++) {
        const [s, t] = order(outer, inner);
        lines.push(`m{s="${s}"} ${s * 100 + t} ${T1 + t}`);
      }
    }
    lines.splice(7, 0, `m{s="3"} 999 ${NOW}`); // break the pattern once
    const series = seriesOf(lines.join('\n'));
    expect(series).toHaveLength(5);
    for (const entry of series) {
      const s = Number(entry.labels['s']);
      const expected: Sample[] = [0, 1, 2, 3, 4].map((t) => [T1 + t, s * 100 + t]);
      expect(entry.samples).toEqual(s === 3 ? [...expected, [NOW, 999]] : expected);
    }
  });

  it('assigns every line to its series when series come in random order', () => {
    // Random order defeats the guess from the previous line: the raw-text cache and its "}" shortcut do the work.
    const names = Array.from({ length: 30 }, (_, s) =>
      s % 3 === 0 ? `m{s="${s}",v="}"}` : s % 3 === 1 ? String.raw`m{s="${s}",v="a\"}\\"}` : `m{s="${s}"}`,
    );
    let seed = 7;
    const lines: string[] = [];
    const expected = new Map<string, Sample[]>();
    for (let t = 0; t < 20; t++) {
      for (let k = 0; k < names.length; k++) {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        const s = seed % names.length;
        const ts = T1 + t * 1000 + k;
        lines.push(`${names[s]} ${s} ${ts}`);
        expected.set(String(s), [...(expected.get(String(s)) ?? []), [ts, s]]);
      }
    }
    const series = seriesOf(lines.join('\n'));
    expect(series).toHaveLength(expected.size);
    for (const entry of series) {
      const s = entry.labels['s'] ?? '';
      expect(entry.labels['v']).toBe(Number(s) % 3 === 0 ? '}' : Number(s) % 3 === 1 ? 'a"}\\' : undefined);
      expect(entry.samples).toEqual(expected.get(s));
    }
  });

  it('counts the samples', () => {
    const result = parse(`a 1 ${T1}\nb 1 ${T1}\na 2 ${T2}`);
    expect(result.ok && result.sampleCount).toBe(3);
  });
});

describe('parsePrometheusText: problems', () => {
  it.each<[string, string, IngestProblem[]]>([
    [
      'a missing "="',
      'up{code"200"} 1',
      [{ where: 'line 1', message: 'expected "=" after label name "code"' }],
    ],
    ['a bad value', 'up abc', [{ where: 'line 1', message: 'invalid value "abc"' }]],
    ['a missing value', 'up', [{ where: 'line 1', message: 'expected a sample value after "up"' }]],
    [
      'a missing value after labels',
      'up{a="1"}   ',
      [{ where: 'line 1', message: 'expected a sample value after "up{a=\\"1\\"}"' }],
    ],
    [
      'a fractional timestamp',
      'up 1 1.5',
      [{ where: 'line 1', message: 'invalid timestamp "1.5": expected integer milliseconds' }],
    ],
    [
      'a timestamp with letters',
      'up 1 17e11',
      [{ where: 'line 1', message: 'invalid timestamp "17e11": expected integer milliseconds' }],
    ],
    [
      'a timestamp just past the safe integers',
      'up 1 9007199254740992',
      [{ where: 'line 1', message: 'invalid timestamp "9007199254740992": expected integer milliseconds' }],
    ],
    [
      'an out-of-range timestamp',
      'up 1 99999999999999999999',
      [
        {
          where: 'line 1',
          message: 'invalid timestamp "99999999999999999999": expected integer milliseconds',
        },
      ],
    ],
    [
      'text after the timestamp',
      `up 1 ${T1} x`,
      [{ where: 'line 1', message: 'unexpected "x" after the timestamp' }],
    ],
    [
      'a metric name starting with a digit',
      '1up 1',
      [{ where: 'line 1', message: 'invalid metric name "1up"' }],
    ],
    [
      'a dash in the metric name',
      'up-down 1',
      [{ where: 'line 1', message: 'invalid metric name "up-down"' }],
    ],
    [
      'a dash in the metric name before labels',
      'up.x{a="1"} 1',
      [{ where: 'line 1', message: 'invalid metric name "up.x"' }],
    ],
    ['no metric name', '{a="1"} 1', [{ where: 'line 1', message: 'expected a metric name, found "{"' }]],
    [
      'a label name starting with a digit',
      'up{1a="x"} 1',
      [{ where: 'line 1', message: 'invalid label name "1a"' }],
    ],
    ['a dash in a label name', 'up{a-b="x"} 1', [{ where: 'line 1', message: 'invalid label name "a-b"' }]],
    [
      'a reserved label name',
      'up{__meta="x"} 1',
      [
        {
          where: 'line 1',
          message: 'label name "__meta" is reserved (names starting with "__" are for internal use)',
        },
      ],
    ],
    [
      '__name__ inside braces',
      'up{__name__="x"} 1',
      [
        {
          where: 'line 1',
          message: 'label name "__name__" is reserved (names starting with "__" are for internal use)',
        },
      ],
    ],
    ['a duplicate label', 'up{a="1",a="2"} 1', [{ where: 'line 1', message: 'duplicate label name "a"' }]],
    [
      'an unquoted value',
      'up{a=1} 1',
      [{ where: 'line 1', message: 'expected a quoted value for label "a"' }],
    ],
    [
      'an unclosed value',
      'up{a="1} 1',
      [{ where: 'line 1', message: 'value of label "a" is not closed: expected \'"\'' }],
    ],
    [
      'an unclosed label set',
      'up{a="1" 1',
      [{ where: 'line 1', message: 'expected "," or "}" after the value of label "a"' }],
    ],
    [
      'an unclosed empty label set',
      'up{',
      [{ where: 'line 1', message: 'label set is not closed: expected "}"' }],
    ],
    [
      'an invalid escape',
      String.raw`up{a="\t"} 1`,
      [
        {
          where: 'line 1',
          message: String.raw`invalid escape "\\t" in value of label "a": use \\, \" or \n`,
        },
      ],
    ],
    ['an empty label', 'up{,} 1', [{ where: 'line 1', message: 'expected a label name or "}", found ","' }]],
    [
      'an unknown metric type',
      '# TYPE up countr',
      [
        {
          where: 'line 1',
          message:
            'unknown metric type "countr" in # TYPE: expected counter, gauge, histogram, summary or untyped',
        },
      ],
    ],
    [
      'a bad metric name in # TYPE',
      '# TYPE 1up counter',
      [{ where: 'line 1', message: 'invalid metric name "1up" in # TYPE' }],
    ],
    ['a # HELP without a name', '# HELP', [{ where: 'line 1', message: '# HELP needs a metric name' }]],
  ])('reports %s', (_case, body, expected) => {
    expect(problemsOf(body)).toEqual(expected);
  });

  it('reports every bad line by its 1-based number, counting comments and blank lines', () => {
    const body = [
      '# TYPE up gauge',
      'up 1',
      '',
      'up{code"200"} 1',
      'up 1 2 3',
      '# HELP x y',
      'up{a="1"} abc',
    ].join('\n');
    expect(problemsOf(body)).toEqual([
      { where: 'line 4', message: 'expected "=" after label name "code"' },
      { where: 'line 5', message: 'unexpected "3" after the timestamp' },
      { where: 'line 7', message: 'invalid value "abc"' },
    ]);
  });

  it('reports a bad series on every line that uses it', () => {
    expect(problemsOf('up{a="1",a="2"} 1\nup{a="1",a="2"} 2').map((p) => p.where)).toEqual([
      'line 1',
      'line 2',
    ]);
  });

  it.each([
    ['the same timestamp', `up 1 ${T1}\nok 1 ${T1}\nup 2 ${T1}`, 'line 3', 'line 1'],
    ['no timestamps (both default)', 'up 1\nup 2', 'line 2', 'line 1'],
    [
      'different spellings of the series',
      `up{a="1",b="2"} 1 ${T1}\nup{ b="2", a="1" } 2 ${T1}`,
      'line 2',
      'line 1',
    ],
    ['out of order', `up 1 ${T2}\nup 1 ${T1}\nup 1 ${T2}`, 'line 3', 'line 1'],
  ])('reports a duplicate sample with %s, naming both lines', (_case, body, where, first) => {
    const problems = problemsOf(body);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.where).toBe(where);
    expect(problems[0]?.message).toMatch(
      new RegExp(`^duplicate sample for up.* at .*Z \\(first at ${first}\\)$`),
    );
  });

  it('lists a duplicate among other problems in line order', () => {
    expect(problemsOf(`up 1 ${T1}\nup 1 ${T1}\nup x`)).toEqual([
      {
        where: 'line 2',
        message: `duplicate sample for up at ${new Date(T1).toISOString()} (first at line 1)`,
      },
      { where: 'line 3', message: 'invalid value "x"' },
    ]);
  });

  it.each<[string, string, Partial<IngestLimits>, IngestProblem]>([
    [
      'too many labels',
      'up{a="1",b="2",c="3"} 1',
      { maxLabelsPerSeries: 3 },
      {
        where: 'line 1',
        message: 'series has 4 labels, limit is 3 (INGEST_MAX_LABELS)',
        limit: 'INGEST_MAX_LABELS',
      },
    ],
    [
      'a long label name',
      'up{abcdef="1"} 1',
      { maxLabelNameLength: 5 },
      {
        where: 'line 1',
        message: 'label name "abcdef" is 6 characters, limit is 5 (INGEST_MAX_LABEL_NAME_LENGTH)',
        limit: 'INGEST_MAX_LABEL_NAME_LENGTH',
      },
    ],
    [
      'a long label value',
      `up{path="${'x'.repeat(3000)}"} 1`,
      { maxLabelValueLength: 2048 },
      {
        where: 'line 1',
        message: 'label "path" value is 3000 characters, limit is 2048 (INGEST_MAX_LABEL_VALUE_LENGTH)',
        limit: 'INGEST_MAX_LABEL_VALUE_LENGTH',
      },
    ],
    [
      'an old sample',
      `up 1 ${Date.parse('2026-01-01T00:00:00Z')}`,
      { minTsMs: Date.parse('2026-02-01T00:00:00Z') },
      {
        where: 'line 1',
        message:
          'sample at 2026-01-01T00:00:00.000Z is older than the raw retention window (starts 2026-02-01T00:00:00.000Z)',
        limit: 'RETENTION_RAW',
      },
    ],
    [
      'a negative timestamp',
      'up 1 -1',
      { minTsMs: 0 },
      {
        where: 'line 1',
        message:
          'sample at 1969-12-31T23:59:59.999Z is older than the raw retention window (starts 1970-01-01T00:00:00.000Z)',
        limit: 'RETENTION_RAW',
      },
    ],
    [
      'a sample from the future',
      `up 1 ${NOW + 3_600_000}`,
      { maxTsMs: NOW + 600_000 },
      {
        where: 'line 1',
        message:
          'sample at 2026-03-01T01:00:00.000Z is too far in the future (window ends 2026-03-01T00:10:00.000Z)',
        limit: 'INGEST_MAX_FUTURE',
      },
    ],
  ])('reports %s with the limit key', (_case, body, limits, expected) => {
    expect(parse(body, { ...LIMITS, ...limits })).toEqual({ ok: false, problems: [expected] });
  });

  it('answers tooLarge when the sample count is the only problem', () => {
    const body = `a 1 ${T1}\nb 1 ${T1}\n# c\nc 1 ${T1}\nd 1 ${T1}`;
    expect(parse(body, { ...LIMITS, maxSamplesPerRequest: 2 })).toEqual({
      ok: false,
      tooLarge: true,
      problems: [
        {
          where: 'line 4',
          message: 'request has 4 samples, limit is 2 (INGEST_MAX_SAMPLES)',
          limit: 'INGEST_MAX_SAMPLES',
        },
      ],
    });
  });

  it('does not answer tooLarge when there are other problems too', () => {
    const result = parse(`a 1 ${T1}\nb 1 ${T1}\nc x`, { ...LIMITS, maxSamplesPerRequest: 1 });
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          where: 'line 2',
          message: 'request has 2 samples, limit is 1 (INGEST_MAX_SAMPLES)',
          limit: 'INGEST_MAX_SAMPLES',
        },
        { where: 'line 3', message: 'invalid value "x"' },
      ],
    });
  });

  it('accepts exactly maxSamplesPerRequest samples', () => {
    expect(parse(`a 1 ${T1}\nb 1 ${T1}`, { ...LIMITS, maxSamplesPerRequest: 2 }).ok).toBe(true);
  });

  it('lists at most 50 problems, then how many more', () => {
    const body = Array.from({ length: 60 }, (_, i) => `m${i} bad`).join('\n');
    const problems = problemsOf(body);
    expect(problems).toHaveLength(51);
    expect(problems[49]).toEqual({ where: 'line 50', message: 'invalid value "bad"' });
    expect(problems[50]).toEqual({ where: 'request', message: '... and 10 more' });
  });

  it('still checks the samples of a series whose labels break a limit', () => {
    const body = `up{a="1",b="2"} 1 ${T1}\nup{a="1",b="2"} 2 ${NOW + 3_600_000}`;
    expect(problemsOf(body, { ...LIMITS, maxLabelsPerSeries: 2 }).map((p) => [p.where, p.limit])).toEqual([
      ['line 1', 'INGEST_MAX_LABELS'],
      ['line 2', 'INGEST_MAX_LABELS'],
      ['line 2', 'INGEST_MAX_FUTURE'],
    ]);
  });
});
