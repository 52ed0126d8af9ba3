import { loadRuleFiles } from '../rules/load-rule-file';
import { SeriesSamples } from '../model';
import { anomalySelectors, compileAnomalyRule, evaluateAnomalyRule } from './anomaly-rule';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 2, 0, 0, 0);

function compiled() {
  const { groups, problems } = loadRuleFiles([
    {
      file: 'a.yaml',
      text: `groups:
  - name: g
    interval: 1m
    rules:
      - alert: DepthOdd
        kind: anomaly
        series: depth
        detector: ewma
        min_history: 1h
`,
    },
  ]);
  expect(problems).toEqual([]);
  const group = groups[0];
  const rule = group?.rules[0];
  if (group === undefined || rule?.kind !== 'anomaly') {
    throw new Error('no anomaly rule');
  }
  return compileAnomalyRule(group, rule);
}

/** 4h of `depth` at 100 ± 2, but 1000 from 2h to 3h30m: a long migration. */
function data(rule: ReturnType<typeof compiled>, spanMs: number) {
  const samples: Array<[number, number]> = [];
  for (let minute = 0; minute <= 240; minute += 1) {
    const inMigration = minute > 120 && minute <= 210;
    samples.push([T0 + minute * MINUTE, inMigration ? 1000 : 100 + ((minute * 7) % 5) - 2]);
  }
  const series: SeriesSamples[] = [{ labels: { __name__: 'depth' }, samples }];
  return new Map(anomalySelectors(rule, spanMs).map((request) => [request.key, series]));
}

describe('evaluateAnomalyRule', () => {
  const rule = compiled();
  const spanMs = 240 * MINUTE;
  const nowMs = T0 + 240 * MINUTE;
  const lastMigrationMinute = T0 + 210 * MINUTE;

  it('learns a long level shift as the new normal when nothing is excluded', () => {
    const result = evaluateAnomalyRule(rule, [], [], data(rule, spanMs), spanMs, lastMigrationMinute);
    expect(result.results[0]?.result.anomalous).toBe(false);
  });

  it('does not learn from excluded stretches (maintenance), though it still judges their points', () => {
    const excluded = [{ startMs: T0 + 120 * MINUTE, endMs: T0 + 211 * MINUTE }];
    const during = evaluateAnomalyRule(
      rule,
      [],
      [],
      data(rule, spanMs),
      spanMs,
      lastMigrationMinute,
      excluded,
    );
    expect(during.results[0]?.result.anomalous).toBe(true);
    const after = evaluateAnomalyRule(rule, [], [], data(rule, spanMs), spanMs, nowMs, excluded);
    expect(after.results[0]?.result).toMatchObject({ anomalous: false, expected: expect.closeTo(100, -1) });
  });
});
