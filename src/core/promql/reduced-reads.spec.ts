import { Sample, SeriesSamples } from '../model';
import { PromqlValue, SelectorData, evaluatePromql } from './evaluate-promql';
import { summarizeRange } from './extrapolated-rate';
import { matchesAll } from './label-matcher';
import { LOOKBACK_MS } from './lookback';
import { parsePromql } from './parse-promql';
import { SelectorRequest, instantSelectorsOf, selectorsOf } from './selectors-of';

const T0 = Date.UTC(2026, 0, 1);
const NOW = T0 + 3_600_000 + 7_500;
const at = (seconds: number, value: number): Sample => [T0 + seconds * 1000, value];
const every15s = (fromS: number, toS: number, value: (s: number) => number): Sample[] =>
  Array.from({ length: Math.floor((toS - fromS) / 15) + 1 }, (_, index) =>
    at(fromS + index * 15, value(fromS + index * 15)),
  );

const SERIES: SeriesSamples[] = [
  // a counter with a reset at 2400 s, one starting late, one with a gap over the last 10 minutes
  {
    labels: { __name__: 'req_total', job: 'a' },
    samples: every15s(0, 3600, (s) => (s < 2400 ? s * 2 : s - 2400)),
  },
  { labels: { __name__: 'req_total', job: 'b' }, samples: every15s(3450, 3600, (s) => s) },
  { labels: { __name__: 'req_total', job: 'c' }, samples: every15s(0, 3000, (s) => s * 3) },
  {
    labels: { __name__: 'temp', job: 'a' },
    samples: [...every15s(0, 3540, (s) => 20 + Math.sin(s)), at(3600, NaN)],
  },
  { labels: { __name__: 'temp', job: 'b' }, samples: [at(3200, 5), at(3400, 7)] },
];

/** A full read: every sample of each matching series (the evaluator windows them). */
function fullData(requests: readonly SelectorRequest[]): SelectorData {
  return new Map(
    requests.map((request) => [
      request.key,
      SERIES.filter((entry) => matchesAll(request.matchers, entry.labels)),
    ]),
  );
}

/** A reader that does what `SelectorRequest.reduce` allows, as the PostgreSQL reader does it in SQL. */
function reducedData(requests: readonly SelectorRequest[], nowMs: number): SelectorData {
  return new Map(
    requests.map((request) => {
      const endMs = nowMs - request.offsetMs;
      const inWindow = (samples: readonly Sample[], startMs: number) =>
        samples.filter(([ts]) => ts > startMs && ts <= endMs);
      const series = SERIES.filter((entry) => matchesAll(request.matchers, entry.labels)).flatMap((entry) => {
        if (request.reduce === 'summary') {
          const summary = summarizeRange(inWindow(entry.samples, endMs - request.rangeMs));
          return summary === undefined
            ? []
            : [{ labels: entry.labels, samples: [[summary.lastTsMs, summary.lastValue] as const], summary }];
        }
        const window = inWindow(entry.samples, endMs - Math.max(request.rangeMs, LOOKBACK_MS));
        const last = window[window.length - 1];
        return request.reduce === 'last'
          ? last === undefined
            ? []
            : [{ labels: entry.labels, samples: [last] }]
          : [{ labels: entry.labels, samples: window }];
      });
      return [request.key, series];
    }),
  );
}

describe('instantSelectorsOf', () => {
  it.each([
    ['temp + temp offset 1m', ['last', 'last']],
    [
      'sum(rate(req_total[5m])) / sum(increase(req_total[5m] offset 5m)) > delta(temp[1h])',
      ['summary', 'summary', 'summary'],
    ],
    [
      'last_over_time(temp[1m]) or absent_over_time(temp[10m]) or present_over_time(temp[2m])',
      ['last', 'last', 'last'],
    ],
    ['avg_over_time(temp[10m]) + quantile_over_time(0.5, temp[5m])', [undefined, undefined]],
    // one selector, two uses that need different things: all samples
    ['rate(req_total[5m]) / count_over_time(req_total[5m])', [undefined]],
    ['rate(req_total[5m]) + last_over_time(req_total[5m])', [undefined]],
  ])('%s reads %j', (query, reductions) => {
    expect(instantSelectorsOf(parsePromql(query)).map((request) => request.reduce)).toEqual(reductions);
  });

  it('has the keys of selectorsOf', () => {
    const expr = parsePromql('rate(req_total[5m]) + temp');
    expect(instantSelectorsOf(expr).map((request) => request.key)).toEqual(
      selectorsOf(expr).map((request) => request.key),
    );
  });
});

describe('reduced reads give the answers of full reads', () => {
  const evaluate = (query: string, reduced: boolean, nowMs: number): PromqlValue => {
    const expr = parsePromql(query);
    const data = reduced ? reducedData(instantSelectorsOf(expr), nowMs) : fullData(selectorsOf(expr));
    return evaluatePromql(expr, data, nowMs);
  };

  it.each([
    'rate(req_total[5m])',
    'increase(req_total[1h])',
    'increase(req_total[30m] offset 10m)',
    'delta(temp[10m])',
    'sum by (job) (rate(req_total[2m]))',
    'temp',
    'temp offset 3m > 20',
    'max(temp)',
    'last_over_time(temp[1m])',
    'last_over_time(temp[10m])',
    'present_over_time(req_total[1m])',
    'absent_over_time(req_total{job="c"}[5m])',
    'absent(temp{job="b"})',
    'rate(req_total[5m]) / on (job) temp',
  ])('%s', (query) => {
    for (const nowMs of [NOW, NOW - 900_000, NOW + 240_000, NOW - 3_000_000]) {
      expect(evaluate(query, true, nowMs)).toEqual(evaluate(query, false, nowMs));
    }
  });

  it('refuses a summary where a function needs the samples', () => {
    const expr = parsePromql('count_over_time(req_total[5m])');
    const data = reducedData(
      selectorsOf(expr).map((request) => ({ ...request, reduce: 'summary' as const })),
      NOW,
    );
    expect(() => evaluatePromql(expr, data, NOW)).toThrow('needs the samples of req_total[5m]');
  });
});
