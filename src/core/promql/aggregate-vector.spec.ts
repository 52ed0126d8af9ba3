import { VectorElement } from '../model';
import { aggregateVector } from './aggregate-vector';
import { AggregationOp } from './promql-ast';

const requests: VectorElement[] = [
  { labels: { __name__: 'http_requests', job: 'api', instance: 'a', code: '200' }, value: 10 },
  { labels: { __name__: 'http_requests', job: 'api', instance: 'b', code: '500' }, value: 20 },
  { labels: { __name__: 'http_requests', job: 'web', instance: 'c', code: '200' }, value: 6 },
];

describe('aggregateVector', () => {
  it.each<[AggregationOp, string[], boolean, VectorElement[]]>([
    ['sum', [], false, [{ labels: {}, value: 36 }]],
    ['count', [], false, [{ labels: {}, value: 3 }]],
    ['avg', [], false, [{ labels: {}, value: 12 }]],
    ['min', [], false, [{ labels: {}, value: 6 }]],
    ['max', [], false, [{ labels: {}, value: 20 }]],
    [
      'sum',
      ['job'],
      false,
      [
        { labels: { job: 'api' }, value: 30 },
        { labels: { job: 'web' }, value: 6 },
      ],
    ],
    [
      'avg',
      ['code'],
      false,
      [
        { labels: { code: '200' }, value: 8 },
        { labels: { code: '500' }, value: 20 },
      ],
    ],
    [
      'max',
      ['job', 'code'],
      false,
      [
        { labels: { code: '200', job: 'api' }, value: 10 },
        { labels: { code: '500', job: 'api' }, value: 20 },
        { labels: { code: '200', job: 'web' }, value: 6 },
      ],
    ],
    // a `by` label no element has: one group with no labels
    ['sum', ['team'], false, [{ labels: {}, value: 36 }]],
    // `by (__name__)` keeps the metric name
    ['count', ['__name__'], false, [{ labels: { __name__: 'http_requests' }, value: 3 }]],
    // `without` drops the listed labels and always __name__
    [
      'sum',
      ['instance', 'code'],
      true,
      [
        { labels: { job: 'api' }, value: 30 },
        { labels: { job: 'web' }, value: 6 },
      ],
    ],
    [
      'min',
      ['instance'],
      true,
      [
        { labels: { code: '200', job: 'api' }, value: 10 },
        { labels: { code: '500', job: 'api' }, value: 20 },
        { labels: { code: '200', job: 'web' }, value: 6 },
      ],
    ],
    ['count', ['instance', 'code', 'job'], true, [{ labels: {}, value: 3 }]],
  ])('%s %j without=%s', (op, grouping, without, expected) => {
    expect(aggregateVector(op, requests, grouping, without)).toEqual(expected);
  });

  it('returns no groups for an empty vector', () => {
    expect(aggregateVector('sum', [], [], false)).toEqual([]);
  });

  it.each<[AggregationOp, number[], number]>([
    ['min', [NaN, 3, 1], 1],
    ['max', [NaN, 3, 1], 3],
    ['max', [NaN, NaN], NaN],
    ['sum', [1e16, 1, -1e16], 1],
    ['sum', [1, NaN], NaN],
    ['count', [NaN, NaN], 2],
  ])('%s of %j is %d', (op, values, expected) => {
    const elements = values.map((value, index) => ({ labels: { i: String(index) }, value }));
    expect(aggregateVector(op, elements, [], false)).toEqual([{ labels: {}, value: expected }]);
  });
});
