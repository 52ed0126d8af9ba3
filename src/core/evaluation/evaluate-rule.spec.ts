import { AlertState } from '../alerts/alert-state';
import { SeriesSamples } from '../model';
import { SelectorData } from '../promql/evaluate-promql';
import { ThresholdRule, RuleGroup } from '../rules/rule-file.schema';
import { compileAlertRule } from './compile-alert-rule';
import { evaluateRule } from './evaluate-rule';

const T0 = Date.UTC(2026, 10, 26, 12);
const S = 1000;

function thresholdRule(overrides: Partial<ThresholdRule> = {}): ThresholdRule {
  return {
    kind: 'threshold',
    name: 'LatencyHigh',
    expr: 'latency_seconds > 0.5',
    forMs: 0,
    keepFiringForMs: 0,
    labels: { severity: 'critical' },
    annotations: { summary: '{{ $labels.service }} at {{ $value }}' },
    noData: 'resolve',
    minFiringMs: 0,
    flapThreshold: 6,
    ...overrides,
  };
}

const group = (rule: ThresholdRule): RuleGroup => ({
  name: 'g',
  file: 'rules/g.yaml',
  intervalMs: 15 * S,
  labels: { team: 'payments' },
  rules: [rule],
});

/** Samples of `latency_seconds` per service: one sample at each evaluation time. */
function data(
  compiledKeys: readonly string[],
  byService: Record<string, number>,
  atMs: number,
): SelectorData {
  const series: SeriesSamples[] = Object.entries(byService).map(([service, value]) => ({
    labels: { __name__: 'latency_seconds', service },
    samples: [[atMs, value]],
  }));
  return new Map(compiledKeys.map((key) => [key, series]));
}

/** Evaluates over a timeline of per-service values; returns [statuses, transitions] per step. */
function timeline(rule: ThresholdRule, steps: Array<Record<string, number>>): string[][] {
  const compiled = compileAlertRule(group(rule), rule);
  const keys = compiled.selectors.map((selector) => selector.key);
  let alerts: AlertState[] = [];
  return steps.map((values, i) => {
    const at = T0 + i * 15 * S;
    const result = evaluateRule(compiled, alerts, data(keys, values, at), at);
    alerts = result.alerts;
    return [
      alerts
        .map((alert) => `${alert.labels.service ?? alert.labels.nodata ?? '?'}:${alert.status}`)
        .join(' ') || '-',
      result.transitions
        .map((transition) => `${transition.kind}:${transition.alert.labels.service ?? 'nodata'}`)
        .join(' ') || '-',
    ];
  });
}

describe('evaluateRule (threshold rules over PromQL)', () => {
  it.each([
    {
      name: 'fires per breaching series and resolves when it drops below',
      rule: thresholdRule(),
      steps: [
        { a: 0.9, b: 0.1 },
        { a: 0.2, b: 0.1 },
      ],
      expected: [
        ['a:firing', 'firing:a'],
        ['a:inactive', 'resolved:a'],
      ],
    },
    {
      name: 'no_data keep: a series that stops reporting keeps its alert; a quiet value resolves it',
      rule: thresholdRule({ noData: 'keep' }),
      steps: [{ a: 0.9 }, {}, { a: 0.1 }],
      expected: [
        ['a:firing', 'firing:a'],
        ['a:firing', '-'],
        ['a:inactive', 'resolved:a'],
      ],
    },
    {
      name: 'no_data alert: an empty result raises a nodata alert that resolves when data returns',
      rule: thresholdRule({ noData: 'alert' }),
      steps: [{}, { a: 0.1 }],
      expected: [
        ['true:firing', 'firing:nodata'],
        ['true:inactive', 'resolved:nodata'],
      ],
    },
    {
      name: 'resolve_when: hysteresis between 0.5 (fire) and 0.3 (resolve)',
      rule: thresholdRule({ resolveWhen: 'latency_seconds < 0.3' }),
      steps: [{ a: 0.9 }, { a: 0.4 }, { a: 0.6 }, { a: 0.25 }],
      expected: [
        ['a:firing', 'firing:a'],
        ['a:firing', '-'],
        ['a:firing', '-'],
        ['a:inactive', 'resolved:a'],
      ],
    },
    {
      name: 'a reversed comparison (0.5 < x) behaves like x > 0.5',
      rule: thresholdRule({ expr: '0.5 < latency_seconds' }),
      steps: [{ a: 0.9 }, { a: 0.5 }],
      expected: [
        ['a:firing', 'firing:a'],
        ['a:inactive', 'resolved:a'],
      ],
    },
  ] as Array<{
    name: string;
    rule: ThresholdRule;
    steps: Array<Record<string, number>>;
    expected: string[][];
  }>)('$name', ({ rule, steps, expected }) => {
    expect(timeline(rule, steps)).toEqual(expected);
  });

  it('shows the left-hand value, merges group and rule labels, and renders annotations', () => {
    const rule = thresholdRule();
    const compiled = compileAlertRule(group(rule), rule);
    const keys = compiled.selectors.map((selector) => selector.key);
    const result = evaluateRule(compiled, [], data(keys, { checkout: 0.75 }, T0), T0);
    expect(result.alerts[0]).toMatchObject({
      value: 0.75,
      labels: { alertname: 'LatencyHigh', service: 'checkout', severity: 'critical', team: 'payments' },
      annotations: { summary: 'checkout at 0.75' },
    });
    expect(compiled.comparison).toMatchObject({ op: '>', threshold: 0.5 });
  });
});
