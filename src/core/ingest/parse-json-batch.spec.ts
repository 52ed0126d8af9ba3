import { fingerprint } from '../labels/labels';
import { Labels, Sample } from '../model';
import { IngestLimits, IngestProblem, IngestResult, samplesOf } from './ingest-batch';
import { parseJsonBatch } from './parse-json-batch';

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

/** Parses like the HTTP layer does: from JSON text. */
function parse(json: string, limits: IngestLimits = LIMITS): IngestResult {
  return parseJsonBatch(JSON.parse(json) as unknown, limits);
}

function compact(json: string): [Labels, Sample[]][] {
  const result = parse(json);
  if (!result.ok) {
    throw new Error(`expected ok, got ${JSON.stringify(result.problems)}`);
  }
  return result.series.map((series) => [series.labels, samplesOf(result, series)]);
}

/** An ok result with each series' samples as tuples (through `samplesOf`); a failure as it is. */
function withSamples(result: IngestResult): unknown {
  if (!result.ok) {
    return result;
  }
  return {
    ok: true,
    sampleCount: result.sampleCount,
    series: result.series.map((series) => ({
      labels: series.labels,
      fingerprint: series.fingerprint,
      samples: samplesOf(result, series),
    })),
  };
}

function problemsOf(json: string, limits: IngestLimits = LIMITS): IngestProblem[] {
  const result = parse(json, limits);
  if (result.ok) {
    throw new Error(`expected problems, got ${result.sampleCount} samples`);
  }
  return result.problems;
}

/** `where: message`, as a client would print a problem. */
function printed(json: string, limits: IngestLimits = LIMITS): string[] {
  return problemsOf(json, limits).map((problem) => `${problem.where}: ${problem.message}`);
}

describe('parseJsonBatch: accepted input', () => {
  it('reads series and samples', () => {
    const result = parse(
      JSON.stringify([
        { labels: { __name__: 'up', job: 'api' }, samples: [[T1, 1]] },
        {
          labels: { __name__: 'rate', zone: 'eu' },
          samples: [
            [T1, 0.5],
            [T2, 1.5],
          ],
        },
      ]),
    );
    expect(withSamples(result)).toEqual({
      ok: true,
      sampleCount: 3,
      series: [
        {
          labels: { __name__: 'up', job: 'api' },
          fingerprint: fingerprint({ __name__: 'up', job: 'api' }),
          samples: [[T1, 1]],
        },
        {
          labels: { __name__: 'rate', zone: 'eu' },
          fingerprint: fingerprint({ __name__: 'rate', zone: 'eu' }),
          samples: [
            [T1, 0.5],
            [T2, 1.5],
          ],
        },
      ],
    });
  });

  it.each([
    ['"NaN"', NaN],
    ['"+Inf"', Infinity],
    ['"-Inf"', -Infinity],
    ['"1.5"', 1.5],
    ['"-2e3"', -2000],
    ['7', 7],
    ['-0.25', -0.25],
    ['1e3', 1000],
  ])('reads value %s', (value, expected) => {
    const [series] = compact(`[{"labels": {"__name__": "m"}, "samples": [[${T1}, ${value}]]}]`);
    expect(Object.is(series?.[1][0]?.[1], expected)).toBe(true);
  });

  it('sorts labels and drops empty values', () => {
    const [series] = compact(
      `[{"labels": {"zone": "eu", "__name__": "m", "a": "1", "b": ""}, "samples": [[${T1}, 1]]}]`,
    );
    expect(Object.keys(series?.[0] ?? {})).toEqual(['__name__', 'a', 'zone']);
  });

  it('merges entries with the same label set and sorts their samples', () => {
    const json = JSON.stringify([
      { labels: { __name__: 'm', a: '1', b: '2' }, samples: [[T2, 2]] },
      { labels: { __name__: 'other' }, samples: [[T1, 9]] },
      { labels: { b: '2', __name__: 'm', a: '1', c: '' }, samples: [[T1, 1]] },
    ]);
    expect(compact(json)).toEqual([
      [
        { __name__: 'm', a: '1', b: '2' },
        [
          [T1, 1],
          [T2, 2],
        ],
      ],
      [{ __name__: 'other' }, [[T1, 9]]],
    ]);
  });

  it('lists a series where its label set first appears, even if its samples come later', () => {
    const json = JSON.stringify([
      { labels: { __name__: 'a' }, samples: [] },
      { labels: { __name__: 'b' }, samples: [[T1, 1]] },
      { labels: { __name__: 'a' }, samples: [[T1, 2]] },
    ]);
    expect(compact(json)).toEqual([
      [{ __name__: 'a' }, [[T1, 2]]],
      [{ __name__: 'b' }, [[T1, 1]]],
    ]);
  });

  it('accepts an empty batch and entries without samples', () => {
    expect(compact('[]')).toEqual([]);
    expect(compact('[{"labels": {"__name__": "m"}, "samples": []}]')).toEqual([]);
  });
});

describe('parseJsonBatch: problems', () => {
  const entry = (labels: string, samples = `[[${T1}, 1]]`): string =>
    `{"labels": ${labels}, "samples": ${samples}}`;

  it.each<[string, string, string[]]>([
    [
      'a body that is not an array',
      '{"labels": {}}',
      ['$: expected an array of {"labels": {...}, "samples": [[tsMs, value], ...]} objects'],
    ],
    [
      'an entry that is not an object',
      '[1, [], null]',
      [
        '$[0]: expected an object with "labels" and "samples"',
        '$[1]: expected an object with "labels" and "samples"',
        '$[2]: expected an object with "labels" and "samples"',
      ],
    ],
    ['missing labels', `[{"samples": [[${T1}, 1]]}]`, ['$[0].labels: required']],
    ['missing samples', '[{"labels": {"__name__": "m"}}]', ['$[0].samples: required']],
    [
      'labels that are not an object',
      `[${entry('["m"]')}]`,
      ['$[0].labels: expected an object of label names to string values'],
    ],
    [
      'samples that are not an array',
      `[${entry('{"__name__": "m"}', '{}')}]`,
      ['$[0].samples: expected an array of [tsMs, value] pairs'],
    ],
    [
      'a missing metric name',
      `[${entry('{"__name__": "m"}')}, ${entry('{"__name__": "m", "a": "1"}')}, ${entry('{"__name__": "m", "a": "2"}')}, ${entry('{"job": "x"}')}]`,
      ['$[3].labels.__name__: required'],
    ],
    [
      'a metric name that is not a string',
      `[${entry('{"__name__": 5}')}]`,
      ['$[0].labels.__name__: expected a string'],
    ],
    [
      'a label value that is not a string',
      `[${entry('{"__name__": "m"}')}, ${entry('{"__name__": "m", "env": 1}')}]`,
      ['$[1].labels.env: expected a string'],
    ],
    [
      'a null label value',
      `[${entry('{"__name__": "m", "env": null}')}]`,
      ['$[0].labels.env: expected a string'],
    ],
    [
      'an invalid metric name',
      `[${entry('{"__name__": "1m"}')}]`,
      ['$[0].labels.__name__: invalid metric name "1m"'],
    ],
    [
      'an invalid label name',
      `[${entry('{"__name__": "m", "a-b": "1"}')}]`,
      ['$[0].labels["a-b"]: invalid label name "a-b"'],
    ],
    [
      'a reserved label name',
      `[${entry('{"__name__": "m", "__proto__": "1"}')}]`,
      [
        '$[0].labels.__proto__: label name "__proto__" is reserved (names starting with "__" are for internal use)',
      ],
    ],
    [
      'a misspelt key',
      `[{"labels": {"__name__": "m"}, "sample": [[${T1}, 1]]}]`,
      ['$[0].sample: unknown key (did you mean "samples"?)', '$[0].samples: required'],
    ],
    [
      'a misspelt labels key',
      `[{"label": {"__name__": "m"}, "samples": []}]`,
      ['$[0].label: unknown key (did you mean "labels"?)', '$[0].labels: required'],
    ],
    [
      'an unknown key',
      `[${entry('{"__name__": "m"}').slice(0, -1)}, "exemplars": []}]`,
      ['$[0].exemplars: unknown key (an entry has only "labels" and "samples")'],
    ],
    [
      'a sample that is not a pair',
      `[${entry('{"__name__": "m"}', `[[${T1}], [${T1}, 1, 2], {"t": 1}]`)}]`,
      [
        '$[0].samples[0]: expected a [tsMs, value] pair',
        '$[0].samples[1]: expected a [tsMs, value] pair',
        '$[0].samples[2]: expected a [tsMs, value] pair',
      ],
    ],
    [
      'a fractional timestamp',
      `[${entry('{"__name__": "m"}', `[[${T1}.5, 1]]`)}]`,
      ['$[0].samples[0][0]: expected a non-negative integer timestamp in milliseconds'],
    ],
    [
      'a string timestamp',
      `[${entry('{"__name__": "m"}', `[["${T1}", 1]]`)}]`,
      ['$[0].samples[0][0]: expected a non-negative integer timestamp in milliseconds'],
    ],
    [
      'a negative timestamp',
      `[${entry('{"__name__": "m"}', '[[-1, 1]]')}]`,
      ['$[0].samples[0][0]: expected a non-negative integer timestamp in milliseconds'],
    ],
    [
      'an unsafe timestamp',
      `[${entry('{"__name__": "m"}', '[[1e300, 1]]')}]`,
      ['$[0].samples[0][0]: expected a non-negative integer timestamp in milliseconds'],
    ],
    [
      'values of the wrong type',
      `[${entry('{"__name__": "m"}', `[[${T1}, 1], [${T2}, null], [${T1 + 1}, true], [${T1 + 2}, "abc"], [${T1 + 3}, "Inf "]]`)}]`,
      [
        '$[0].samples[1][1]: expected a number or "NaN", "+Inf", "-Inf"',
        '$[0].samples[2][1]: expected a number or "NaN", "+Inf", "-Inf"',
        '$[0].samples[3][1]: expected a number or "NaN", "+Inf", "-Inf", got "abc"',
        '$[0].samples[4][1]: expected a number or "NaN", "+Inf", "-Inf", got "Inf "',
      ],
    ],
    [
      'both parts of a pair wrong',
      `[${entry('{"__name__": "m"}', '[["x", "y"]]')}]`,
      [
        '$[0].samples[0][0]: expected a non-negative integer timestamp in milliseconds',
        '$[0].samples[0][1]: expected a number or "NaN", "+Inf", "-Inf", got "y"',
      ],
    ],
  ])('reports %s', (_case, json, expected) => {
    expect(printed(json)).toEqual(expected);
  });

  it('reports a duplicate timestamp naming both paths', () => {
    const json = JSON.stringify([
      {
        labels: { __name__: 'm', a: '1' },
        samples: [
          [T1, 1],
          [T2, 2],
          [NOW, 3],
          [T2 + 1, 4],
        ],
      },
      { labels: { __name__: 'other' }, samples: [[T1, 1]] },
      {
        labels: { a: '1', __name__: 'm' },
        samples: [
          [T1 + 5, 1],
          [T2, 5],
        ],
      },
    ]);
    expect(printed(json)).toEqual([
      `$[2].samples[1][0]: duplicate sample for m{a="1"} at ${new Date(T2).toISOString()} (first at $[0].samples[1][0])`,
    ]);
  });

  it('reports a duplicate timestamp within one entry', () => {
    const json = JSON.stringify([
      {
        labels: { __name__: 'm' },
        samples: [
          [T1, 1],
          [T1, 1],
        ],
      },
    ]);
    expect(printed(json)).toEqual([
      `$[0].samples[1][0]: duplicate sample for m at ${new Date(T1).toISOString()} (first at $[0].samples[0][0])`,
    ]);
  });

  it.each<[string, object[], Partial<IngestLimits>, IngestProblem]>([
    [
      'too many labels',
      [{ labels: { __name__: 'm', a: '1', b: '2' }, samples: [] }],
      { maxLabelsPerSeries: 2 },
      {
        where: '$[0].labels',
        message: 'series has 3 labels, limit is 2 (INGEST_MAX_LABELS)',
        limit: 'INGEST_MAX_LABELS',
      },
    ],
    [
      'a long label name',
      [{ labels: { __name__: 'm', abcdefghi: '1' }, samples: [] }],
      { maxLabelNameLength: 8 },
      {
        where: '$[0].labels.abcdefghi',
        message: 'label name "abcdefghi" is 9 characters, limit is 8 (INGEST_MAX_LABEL_NAME_LENGTH)',
        limit: 'INGEST_MAX_LABEL_NAME_LENGTH',
      },
    ],
    [
      'a long label value',
      [{ labels: { __name__: 'm', path: 'x'.repeat(3000) }, samples: [] }],
      {},
      {
        where: '$[0].labels.path',
        message: 'label "path" value is 3000 characters, limit is 2048 (INGEST_MAX_LABEL_VALUE_LENGTH)',
        limit: 'INGEST_MAX_LABEL_VALUE_LENGTH',
      },
    ],
    [
      'an old sample',
      [
        {
          labels: { __name__: 'm' },
          samples: [
            [T1, 1],
            [Date.parse('2026-01-01T00:00:00Z'), 1],
          ],
        },
      ],
      { minTsMs: Date.parse('2026-02-01T00:00:00Z') },
      {
        where: '$[0].samples[1][0]',
        message:
          'sample at 2026-01-01T00:00:00.000Z is older than the raw retention window (starts 2026-02-01T00:00:00.000Z)',
        limit: 'RETENTION_RAW',
      },
    ],
    [
      'a sample from the future',
      [{ labels: { __name__: 'm' }, samples: [[NOW + 3_600_000, 1]] }],
      {},
      {
        where: '$[0].samples[0][0]',
        message:
          'sample at 2026-03-01T01:00:00.000Z is too far in the future (window ends 2026-03-01T00:10:00.000Z)',
        limit: 'INGEST_MAX_FUTURE',
      },
    ],
  ])('reports %s with the limit key', (_case, body, limits, expected) => {
    expect(parse(JSON.stringify(body), { ...LIMITS, ...limits })).toEqual({
      ok: false,
      problems: [expected],
    });
  });

  it('answers tooLarge when the sample count is the only problem', () => {
    const json = JSON.stringify([
      {
        labels: { __name__: 'a' },
        samples: [
          [T1, 1],
          [T2, 1],
        ],
      },
      {
        labels: { __name__: 'b' },
        samples: [
          [T1, 1],
          [T2, 1],
        ],
      },
    ]);
    expect(parse(json, { ...LIMITS, maxSamplesPerRequest: 3 })).toEqual({
      ok: false,
      tooLarge: true,
      problems: [
        {
          where: '$[1].samples[1]',
          message: 'request has 4 samples, limit is 3 (INGEST_MAX_SAMPLES)',
          limit: 'INGEST_MAX_SAMPLES',
        },
      ],
    });
  });

  it('does not answer tooLarge when there are other problems too', () => {
    const json = JSON.stringify([
      {
        labels: { __name__: 'a' },
        samples: [
          [T1, 1],
          [T2, 1],
          [NOW, 'x'],
        ],
      },
    ]);
    const result = parse(json, { ...LIMITS, maxSamplesPerRequest: 1 });
    expect(result.ok === false && result.tooLarge).toBeUndefined();
    expect(result.ok === false && result.problems.map((p) => p.where)).toEqual([
      '$[0].samples[1]',
      '$[0].samples[2][1]',
    ]);
  });

  it('lists at most 50 problems, then how many more', () => {
    const json = JSON.stringify(Array.from({ length: 70 }, () => 'x'));
    const problems = problemsOf(json);
    expect(problems).toHaveLength(51);
    expect(problems[50]).toEqual({ where: 'request', message: '... and 20 more' });
  });
});
