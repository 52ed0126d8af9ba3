import { parsePromql } from '../promql/parse-promql';
import { selectorsOf } from '../promql/selectors-of';
import { SeriesValue } from './expand-series-notation';
import { TestSeries, selectorDataAt, toTestSeries } from './selector-data';

const MINUTE = 60_000;

function series(name: string, values: SeriesValue[]): TestSeries {
  return toTestSeries({ labels: { __name__: name, job: 'a' }, values }, MINUTE);
}

/** The samples (as `[minutes, value]`) each selector of `expr` gets at `atMinutes`. */
function samplesAt(expr: string, data: readonly TestSeries[], atMinutes: number): Record<string, number[][]> {
  const result: Record<string, number[][]> = {};
  for (const [key, list] of selectorDataAt(selectorsOf(parsePromql(expr)), data, atMinutes * MINUTE)) {
    result[key] = list.flatMap((entry) => entry.samples.map(([ts, value]) => [ts / MINUTE, value]));
  }
  return result;
}

describe('toTestSeries', () => {
  it('places values at interval steps from 0 and leaves gaps out', () => {
    expect(series('up', [1, '_', 'stale', 4])).toEqual({
      labels: { __name__: 'up', job: 'a' },
      times: [0, 2 * MINUTE, 3 * MINUTE],
      values: [1, 'stale', 4],
    });
  });
});

describe('selectorDataAt', () => {
  const up = series('up', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const other = series('down', [1, 1, 1]);

  it.each<[string, string, number, Record<string, number[][]>]>([
    [
      'an instant selector: the lookback window (t - 5m, t]',
      'up',
      7,
      {
        up: [
          [3, 3],
          [4, 4],
          [5, 5],
          [6, 6],
          [7, 7],
        ],
      },
    ],
    ['matchers select the series', 'up{job="b"}', 7, { 'up{job="b"}': [] }],
    [
      'a range longer than the lookback',
      'max_over_time(up[8m])',
      9,
      {
        'up[8m]': [
          [2, 2],
          [3, 3],
          [4, 4],
          [5, 5],
          [6, 6],
          [7, 7],
          [8, 8],
          [9, 9],
        ],
      },
    ],
    [
      'an offset moves the window back',
      'up offset 5m',
      6,
      {
        'up offset 5m': [
          [0, 0],
          [1, 1],
        ],
      },
    ],
    [
      'nothing after the last sample is invented',
      'down',
      3,
      {
        down: [
          [0, 1],
          [1, 1],
          [2, 1],
        ],
      },
    ],
    ['before time 0 there is nothing', 'up offset 1h', 0, { 'up offset 1h': [] }],
  ])('%s', (_name, expr, at, expected) => {
    expect(samplesAt(expr, [up, other], at)).toEqual(expected);
  });

  const stale = series('up', [1, 2, 'stale', '_', 5]);

  it.each<[string, string, number, Record<string, number[][]>]>([
    ['an instant selector does not see a series whose newest sample is stale', 'up', 2, { up: [] }],
    ['nor later within the lookback', 'up', 3, { up: [] }],
    [
      'until it has a value again',
      'up',
      4,
      {
        up: [
          [0, 1],
          [1, 2],
          [4, 5],
        ],
      },
    ],
    [
      'a range selector skips the stale marker',
      'max_over_time(up[5m])',
      3,
      {
        'up[5m]': [
          [0, 1],
          [1, 2],
        ],
      },
    ],
  ])('stale markers: %s', (_name, expr, at, expected) => {
    expect(samplesAt(expr, [stale], at)).toEqual(expected);
  });
});
