import { compress } from 'snappyjs';
import {
  encodeWriteRequest,
  lengthDelimited,
  remoteWriteBody,
  staleMarkerSeries,
} from '../../../test/support/remote-write-body';
import { IngestLimits, samplesOf } from './ingest-batch';
import { parseRemoteWrite } from './parse-remote-write';

const T = Date.parse('2026-03-01T12:00:00Z');
const LIMITS: IngestLimits = {
  maxLabelsPerSeries: 5,
  maxLabelNameLength: 32,
  maxLabelValueLength: 32,
  maxSamplesPerRequest: 100,
  minTsMs: T - 3_600_000,
  maxTsMs: T + 600_000,
};

function parse(body: Uint8Array, maxBytes = 1 << 20) {
  return parseRemoteWrite(body, LIMITS, maxBytes);
}

function problemsOf(body: Uint8Array, maxBytes?: number) {
  const result = parse(body, maxBytes);
  if (result.ok) {
    throw new Error('expected problems');
  }
  return result;
}

describe(parseRemoteWrite.name, () => {
  it('decodes series and samples of a WriteRequest, sorted by time', () => {
    const result = parse(
      remoteWriteBody([
        {
          labels: { __name__: 'up', job: 'api', instance: 'a:9100' },
          samples: [
            [T, 1],
            [T - 15_000, 0],
          ],
        },
        { labels: { __name__: 'temp_celsius' }, samples: [[T, -3.25]] },
      ]),
    );
    if (!result.ok) {
      throw new Error(JSON.stringify(result.problems));
    }
    expect(result.series.map((series) => [series.labels, samplesOf(result, series)])).toEqual([
      [
        { __name__: 'up', instance: 'a:9100', job: 'api' },
        [
          [T - 15_000, 0],
          [T, 1],
        ],
      ],
      [{ __name__: 'temp_celsius' }, [[T, -3.25]]],
    ]);
  });

  it.each([
    ['NaN', NaN],
    ['+Inf', Infinity],
    ['0 (omitted by proto3)', 0],
  ])('keeps a %s value', (_name, value) => {
    const result = parse(remoteWriteBody([{ labels: { __name__: 'm' }, samples: [[T, value]] }]));
    expect(result.ok && Array.from(result.values)).toEqual([value]);
  });

  it('drops stale markers, keeps the series samples around them', () => {
    const body = Buffer.concat([
      encodeWriteRequest([{ labels: { __name__: 'm' }, samples: [[T - 1000, 7]] }]),
      staleMarkerSeries({ __name__: 'm' }, T),
    ]);
    const result = parse(compress(body));
    expect(result.ok && [result.sampleCount, Array.from(result.values)]).toEqual([1, [7]]);
  });

  it('accepts a request without series (metadata only)', () => {
    const metadata = lengthDelimited(3, lengthDelimited(2, Buffer.from('up')));
    const result = parse(compress(metadata));
    expect(result.ok && result.sampleCount).toBe(0);
  });

  it('names the series by index and labels when a label breaks a rule', () => {
    const result = problemsOf(
      remoteWriteBody([
        { labels: { __name__: 'ok' }, samples: [[T, 1]] },
        { labels: { __name__: 'bad', 'bad-label': 'x' }, samples: [[T, 1]] },
      ]),
    );
    expect(result.problems).toEqual([
      {
        where: 'timeseries[1] bad{bad-label="x"}: label bad-label',
        message: 'invalid label name "bad-label"',
      },
    ]);
  });

  it('names the sample of a timestamp outside the window and the setting', () => {
    const result = problemsOf(
      remoteWriteBody([
        {
          labels: { __name__: 'm', a: '1' },
          samples: [
            [T, 1],
            [T - 7_200_000, 2],
          ],
        },
      ]),
    );
    expect(result.problems.map((problem) => [problem.where, problem.limit])).toEqual([
      ['timeseries[0] m{a="1"}: samples[1].timestamp', 'RETENTION_RAW'],
    ]);
  });

  it('reports a duplicate timestamp of one series across entries', () => {
    const result = problemsOf(
      remoteWriteBody([
        { labels: { __name__: 'm' }, samples: [[T, 1]] },
        { labels: { __name__: 'm' }, samples: [[T, 2]] },
      ]),
    );
    expect(result.problems[0]?.where).toBe('timeseries[1] m: samples[0].timestamp');
    expect(result.problems[0]?.message).toContain('duplicate sample for m');
  });

  it('refuses native histograms, naming the series', () => {
    const series = lengthDelimited(
      1,
      Buffer.concat([
        lengthDelimited(
          1,
          Buffer.concat([lengthDelimited(1, Buffer.from('__name__')), lengthDelimited(2, Buffer.from('h'))]),
        ),
        lengthDelimited(4, Buffer.from([0x08, 0x01])),
      ]),
    );
    expect(problemsOf(compress(series)).problems[0]).toEqual({
      where: 'timeseries[0] h',
      message: 'native histograms are not supported; send classic histograms (_bucket, _sum, _count)',
    });
  });

  it.each([
    [
      'not snappy at all',
      Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
      'body',
      'not a Snappy block',
    ],
    [
      'a snappy block of garbage',
      Buffer.from(compress(Buffer.from([0x0a, 0x05, 0x01]))),
      'body',
      'malformed protobuf WriteRequest: length 5 runs past the end',
    ],
    [
      'a truncated second series',
      Buffer.from(
        compress(
          Buffer.concat([
            encodeWriteRequest([{ labels: { __name__: 'm' }, samples: [[T, 1]] }]),
            Buffer.from([0x0a, 0x03, 0x0a, 0x09, 0x00]),
          ]),
        ),
      ),
      'timeseries[1]',
      'malformed protobuf WriteRequest: length 9 runs past the end',
    ],
    [
      'a sample value of the wrong wire type',
      Buffer.from(
        compress(
          lengthDelimited(
            1,
            Buffer.concat([
              lengthDelimited(
                1,
                Buffer.concat([
                  lengthDelimited(1, Buffer.from('__name__')),
                  lengthDelimited(2, Buffer.from('m')),
                ]),
              ),
              lengthDelimited(2, Buffer.from([0x08, 0x01])),
            ]),
          ),
        ),
      ),
      'timeseries[0] m',
      'Sample.value has wire type 0, expected 1',
    ],
  ])('rejects %s and says where', (_name, body, where, message) => {
    const result = problemsOf(body);
    expect(result.problems[0]?.where).toBe(where);
    expect(result.problems[0]?.message).toContain(message);
  });

  it('refuses a body whose uncompressed size is over the limit before decompressing it (413)', () => {
    const body = remoteWriteBody([{ labels: { __name__: 'm', pad: 'x'.repeat(30) }, samples: [[T, 1]] }]);
    const result = problemsOf(body, 20);
    expect(result.tooLarge).toBe(true);
    expect(result.problems[0]?.limit).toBe('INGEST_MAX_BODY_BYTES');
  });
});
