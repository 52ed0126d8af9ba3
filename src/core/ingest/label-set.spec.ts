import { IngestLimits } from './ingest-batch';
import { LabelSet, buildLabelSet } from './label-set';

const LIMITS: IngestLimits = {
  maxLabelsPerSeries: 4,
  maxLabelNameLength: 10,
  maxLabelValueLength: 20,
  maxSamplesPerRequest: 1000,
  minTsMs: 0,
  maxTsMs: Number.MAX_SAFE_INTEGER,
};

interface Reported {
  label: string | undefined;
  message: string;
  limit?: string;
}

function build(pairs: [string, string][]): { set: LabelSet | undefined; reported: Reported[] } {
  const reported: Reported[] = [];
  const set = buildLabelSet(
    pairs.map(([name]) => name),
    pairs.map(([, value]) => value),
    LIMITS,
    (label, message, limit) =>
      reported.push(limit === undefined ? { label, message } : { label, message, limit }),
  );
  return { set, reported };
}

describe('buildLabelSet', () => {
  it('sorts labels by name and drops empty values', () => {
    const { set, reported } = build([
      ['__name__', 'up'],
      ['zone', ''],
      ['job', 'api'],
      ['instance', 'a:1'],
    ]);
    expect(reported).toEqual([]);
    expect(set?.labels).toEqual({ __name__: 'up', instance: 'a:1', job: 'api' });
    expect(Object.keys(set?.labels ?? {})).toEqual(['__name__', 'instance', 'job']);
  });

  it.each([
    [
      [
        ['__name__', 'up'],
        ['a', '1'],
      ],
      [
        ['a', '1'],
        ['__name__', 'up'],
      ],
    ],
    [
      [
        ['__name__', 'up'],
        ['a', ''],
      ],
      [['__name__', 'up']],
    ],
  ] as [string, string][][][])('gives equal keys for equal label sets (%j, %j)', (a, b) => {
    expect(build(a).set?.key).toBe(build(b).set?.key);
  });

  it.each([
    [
      [
        ['__name__', 'up'],
        ['a', '1'],
      ],
      [
        ['__name__', 'up'],
        ['a', '2'],
      ],
    ],
    // Separators in values must not let two different label sets collide.
    [
      [
        ['__name__', 'm'],
        ['a', 'x\xffb\xffy'],
      ],
      [
        ['__name__', 'm'],
        ['a', 'x'],
        ['b', 'y'],
      ],
    ],
    [
      [
        ['__name__', 'm'],
        ['a', '1,b=1:2'],
      ],
      [
        ['__name__', 'm'],
        ['a', '1'],
        ['b', '2'],
      ],
    ],
  ] as [string, string][][][])('gives different keys for different label sets (%j, %j)', (a, b) => {
    expect(build(a).set?.key).not.toBe(build(b).set?.key);
  });

  it.each<[string, [string, string][], Reported[]]>([
    ['a missing metric name', [['job', 'x']], [{ label: '__name__', message: 'required' }]],
    [
      'an invalid metric name',
      [['__name__', '1up']],
      [{ label: '__name__', message: 'invalid metric name "1up"' }],
    ],
    ['an empty metric name', [['__name__', '']], [{ label: '__name__', message: 'invalid metric name ""' }]],
    [
      'an invalid label name',
      [
        ['__name__', 'up'],
        ['a-b', 'x'],
      ],
      [{ label: 'a-b', message: 'invalid label name "a-b"' }],
    ],
    [
      'a reserved label name',
      [
        ['__name__', 'up'],
        ['__meta', 'x'],
      ],
      [
        {
          label: '__meta',
          message: 'label name "__meta" is reserved (names starting with "__" are for internal use)',
        },
      ],
    ],
    [
      'a duplicate label name',
      [
        ['__name__', 'up'],
        ['a', '1'],
        ['a', '2'],
      ],
      [{ label: 'a', message: 'duplicate label name "a"' }],
    ],
    [
      'a duplicate label name with an empty value',
      [
        ['__name__', 'up'],
        ['a', ''],
        ['a', '2'],
      ],
      [{ label: 'a', message: 'duplicate label name "a"' }],
    ],
    [
      'a long label name',
      [
        ['__name__', 'up'],
        ['abcdefghijk', 'x'],
      ],
      [
        {
          label: 'abcdefghijk',
          message: 'label name "abcdefghijk" is 11 characters, limit is 10 (INGEST_MAX_LABEL_NAME_LENGTH)',
          limit: 'INGEST_MAX_LABEL_NAME_LENGTH',
        },
      ],
    ],
    [
      'a long label value',
      [
        ['__name__', 'up'],
        ['path', 'x'.repeat(21)],
      ],
      [
        {
          label: 'path',
          message: 'label "path" value is 21 characters, limit is 20 (INGEST_MAX_LABEL_VALUE_LENGTH)',
          limit: 'INGEST_MAX_LABEL_VALUE_LENGTH',
        },
      ],
    ],
    [
      'a long metric name',
      [['__name__', 'm'.repeat(21)]],
      [
        {
          label: '__name__',
          message: 'metric name is 21 characters, limit is 20 (INGEST_MAX_LABEL_VALUE_LENGTH)',
          limit: 'INGEST_MAX_LABEL_VALUE_LENGTH',
        },
      ],
    ],
    [
      'too many labels (the metric name counts)',
      [
        ['__name__', 'up'],
        ['a', '1'],
        ['b', '2'],
        ['c', '3'],
        ['d', '4'],
      ],
      [
        {
          label: undefined,
          message: 'series has 5 labels, limit is 4 (INGEST_MAX_LABELS)',
          limit: 'INGEST_MAX_LABELS',
        },
      ],
    ],
    [
      'several problems at once',
      [
        ['__name__', '1up'],
        ['a-b', '1'],
        ['path', 'x'.repeat(21)],
      ],
      [
        { label: '__name__', message: 'invalid metric name "1up"' },
        { label: 'a-b', message: 'invalid label name "a-b"' },
        {
          label: 'path',
          message: 'label "path" value is 21 characters, limit is 20 (INGEST_MAX_LABEL_VALUE_LENGTH)',
          limit: 'INGEST_MAX_LABEL_VALUE_LENGTH',
        },
      ],
    ],
  ])('reports %s', (_case, pairs, expected) => {
    const { set, reported } = build(pairs);
    expect(reported).toEqual(expected);
    expect(set).toBeUndefined();
  });

  it('does not count empty values against the label limit', () => {
    const { set } = build([
      ['__name__', 'up'],
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
      ['d', ''],
      ['e', ''],
    ]);
    expect(set?.labels).toEqual({ __name__: 'up', a: '1', b: '2', c: '3' });
  });

  it('accepts names of Object.prototype members as ordinary labels', () => {
    const { set } = build([
      ['__name__', 'up'],
      ['valueOf', 'x'],
      ['toString', 'y'],
    ]);
    expect(set?.labels).toEqual({ __name__: 'up', toString: 'y', valueOf: 'x' });
  });
});
