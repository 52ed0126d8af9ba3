import { parsePromql } from './parse-promql';
import { selectorsOf } from './selectors-of';

describe('selectorsOf', () => {
  it('lists instant and range selectors with canonical keys, once each', () => {
    const expr = parsePromql(
      'sum by (job) (rate(http_requests_total{job="api",code=~"5.."}[5m])) / ' +
        'sum by (job) (rate(http_requests_total{code=~"5..", job="api"}[300s])) > up{job="api"} offset 1h + up',
    );
    expect(selectorsOf(expr)).toEqual([
      {
        key: 'http_requests_total{code=~"5..",job="api"}[5m]',
        matchers: [
          { name: '__name__', op: '=', value: 'http_requests_total' },
          { name: 'code', op: '=~', value: '5..' },
          { name: 'job', op: '=', value: 'api' },
        ],
        rangeMs: 300_000,
        offsetMs: 0,
      },
      {
        key: 'up{job="api"} offset 1h',
        matchers: [
          { name: '__name__', op: '=', value: 'up' },
          { name: 'job', op: '=', value: 'api' },
        ],
        rangeMs: 0,
        offsetMs: 3_600_000,
      },
      { key: 'up', matchers: [{ name: '__name__', op: '=', value: 'up' }], rangeMs: 0, offsetMs: 0 },
    ]);
  });

  it.each([
    ['x', 'x'],
    ['{__name__="x"}', 'x'],
    ['x{a="1", a="1"}', 'x{a="1"}'],
    ['{__name__=~"x|y", b!="2"}', '{__name__=~"x|y",b!="2"}'],
    ['rate(x[90s] offset -1m)', 'x[1m30s] offset -1m'],
    ['absent_over_time(x{a="1"}[1h])', 'x{a="1"}[1h]'],
  ])('%s has key %s', (input, key) => {
    expect(selectorsOf(parsePromql(input)).map((request) => request.key)).toEqual([key]);
  });

  it('needs no data for constant expressions', () => {
    expect(selectorsOf(parsePromql('vector(time()) * 2'))).toEqual([]);
  });
});
