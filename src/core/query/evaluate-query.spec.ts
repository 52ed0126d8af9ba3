import { SeriesSamples } from '../model';
import { PromqlParseError } from '../promql/promql-parse-error';
import {
  RangeQueryTypeError,
  evaluateInstantQuery,
  evaluateRangeQuery,
  instantRequests,
  rangeRequests,
} from './evaluate-query';
import { parseQuery } from './parsed-query';
import { apiQueryData, formatApiValue, parseApiValue } from './prometheus-api-format';

const T = Date.parse('2026-03-01T12:00:00Z');

function dataFor(query: string, series: SeriesSamples[]) {
  return new Map(instantRequests(parseQuery(query)).map((request) => [request.key, series]));
}

const GAUGE: SeriesSamples[] = [
  {
    labels: { __name__: 'g', zone: 'b' },
    samples: [
      [T, 2],
      [T + 15_000, 3],
    ],
  },
  {
    labels: { __name__: 'g', zone: 'a' },
    samples: [
      [T, 1],
      [T + 30_000, 5],
    ],
  },
];

describe('query evaluation', () => {
  it('parses a bare range selector as one, and still reports other errors', () => {
    expect(parseQuery('g{zone="a"}[1m] offset 5m')).toMatchObject({ kind: 'range-selector' });
    expect(parseQuery('sum(g)')).toMatchObject({ kind: 'expr' });
    expect(() => parseQuery('sum(g')).toThrow(PromqlParseError);
    expect(() => parseQuery('g[1m] + 1')).toThrow(PromqlParseError);
  });

  it('reads a range query wider by its span, with the lookback before its start, every sample', () => {
    const query = parseQuery('rate(g[1m]) + g');
    expect(
      rangeRequests(query, { startMs: T, endMs: T + 600_000, stepMs: 60_000 }).map((r) => [
        r.key,
        r.rangeMs,
        r.reduce,
      ]),
    ).toEqual([
      ['g[1m]', 300_000 + 600_000, undefined],
      ['g', 300_000 + 600_000, undefined],
    ]);
    expect(instantRequests(query).map((r) => r.reduce)).toEqual(['summary', 'last']);
  });

  it('answers an instant range selector with raw samples in its window', () => {
    const query = parseQuery('g[20s]');
    const result = evaluateInstantQuery(query, dataFor('g[20s]', GAUGE), T + 30_000);
    expect(apiQueryData(result, T + 30_000)).toEqual({
      resultType: 'matrix',
      result: [
        { metric: { __name__: 'g', zone: 'b' }, values: [[(T + 15_000) / 1000, '3']] },
        { metric: { __name__: 'g', zone: 'a' }, values: [[(T + 30_000) / 1000, '5']] },
      ],
    });
  });

  it('evaluates a range query per step, series ordered by labels, gaps left out', () => {
    const query = parseQuery('g');
    const result = evaluateRangeQuery(query, dataFor('g', GAUGE), {
      startMs: T,
      endMs: T + 30_000,
      stepMs: 15_000,
    });
    expect(result).toEqual({
      resultType: 'matrix',
      result: [
        {
          labels: { __name__: 'g', zone: 'a' },
          points: [
            [T, 1],
            [T + 15_000, 1],
            [T + 30_000, 5],
          ],
        },
        {
          labels: { __name__: 'g', zone: 'b' },
          points: [
            [T, 2],
            [T + 15_000, 3],
            [T + 30_000, 3],
          ],
        },
      ],
    });
    expect(() =>
      evaluateRangeQuery(parseQuery('g[1m]'), new Map(), { startMs: T, endMs: T, stepMs: 1 }),
    ).toThrow(RangeQueryTypeError);
  });

  it.each([
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [0.1, '0.1'],
    [-2, '-2'],
  ])('writes %d as "%s" and reads it back', (value, text) => {
    expect(formatApiValue(value)).toBe(text);
    expect(parseApiValue(text)).toBe(value);
  });
});
