import { parse } from 'yaml';
import { loadRuleFile } from '../rules/load-rule-file';
import { RuleGroup, SloRule } from '../rules/rule-file.schema';
import { PrometheusAlertingRule, prometheusRuleFileText, sloPrometheusRules } from './prometheus-rules';

/** One SLO in a group `checkout` (team payments), from rule-file YAML lines. */
function sloFrom(lines: string[]): { slo: SloRule; group: RuleGroup } {
  const text = [
    'groups:',
    '  - name: checkout',
    '    interval: 30s',
    '    team: payments',
    '    rules:',
    '      - slo: availability',
    '        kind: slo',
    ...lines.map((line) => `        ${line}`),
  ].join('\n');
  const { groups, problems } = loadRuleFile('slo.yaml', text);
  const group = groups[0];
  const slo = group?.rules[0];
  if (group === undefined || slo?.kind !== 'slo') {
    throw new Error(JSON.stringify(problems));
  }
  return { slo, group };
}

function rulesFor(lines: string[]) {
  const { slo, group } = sloFrom(lines);
  return sloPrometheusRules(slo, { name: group.name, intervalMs: group.intervalMs, labels: group.labels });
}

const ONE_WINDOW = 'burn_rates: [{ severity: critical, burn_rate: 10, long_window: 1h, short_window: 5m }]';
const BAD = 'sli: { type: events, bad: \'requests_total{code="500"}\', total: requests_total }';
const RATIO = 'slo:sli_error:ratio_rate';
const IDENTITY = '{forewarn_group="checkout",forewarn_slo="availability"}';

describe(sloPrometheusRules.name, () => {
  it('records the error ratio of every window and alerts when both windows of a row burn too fast', () => {
    const { group, warnings } = rulesFor(['objective: 99.9', 'window: 30d', BAD, ONE_WINDOW]);
    expect(warnings).toEqual([]);
    expect(group).toEqual({
      name: 'forewarn-slo-checkout-availability',
      interval: '30s',
      rules: [
        {
          record: `${RATIO}5m`,
          expr: '(sum(rate(requests_total{code="500"}[5m])) or vector(0)) / (sum(rate(requests_total[5m])) > 0)',
          labels: { forewarn_group: 'checkout', forewarn_slo: 'availability' },
        },
        {
          record: `${RATIO}1h`,
          expr: '(sum(rate(requests_total{code="500"}[1h])) or vector(0)) / (sum(rate(requests_total[1h])) > 0)',
          labels: { forewarn_group: 'checkout', forewarn_slo: 'availability' },
        },
        {
          alert: 'availability',
          expr: `(${RATIO}1h${IDENTITY} > 10 * 0.001) and (${RATIO}5m${IDENTITY} > 10 * 0.001)`,
          labels: {
            team: 'payments',
            severity: 'critical',
            long_window: '1h',
            short_window: '5m',
            burn_rate: '10',
          },
        },
      ],
    });
  });

  it('uses the scaled preset table: the workbook over 28 days', () => {
    const { group } = rulesFor(['objective: 99.5', 'window: 28d', BAD]);
    const alerts = group.rules.filter((rule): rule is PrometheusAlertingRule => 'alert' in rule);
    expect(
      alerts.map((rule) => [rule.labels.long_window, rule.labels.short_window, rule.labels.burn_rate]),
    ).toEqual([
      ['56m', '4m40s', '14.4'],
      ['5h36m', '28m', '6'],
      ['2d19h12m', '5h36m', '1'],
    ]);
    expect(alerts[0]?.expr).toBe(
      `(${RATIO}56m${IDENTITY} > 14.4 * 0.005) and (${RATIO}4m40s${IDENTITY} > 14.4 * 0.005)`,
    );
  });

  it.each([
    [
      'good events',
      'sli: { type: events, good: \'requests_total{code="200"}\', total: requests_total }',
      '(sum(rate(requests_total[5m])) - (sum(rate(requests_total{code="200"}[5m])) or vector(0))) / (sum(rate(requests_total[5m])) > 0)',
    ],
    [
      'latency with a fractional bound',
      'sli: { type: latency, metric: \'http_seconds{job="api"}\', le: 0.25 }',
      '(sum(rate(http_seconds_count{job="api"}[5m])) - (sum(rate(http_seconds_bucket{job="api",le="0.25"}[5m])) or vector(0))) / (sum(rate(http_seconds_count{job="api"}[5m])) > 0)',
    ],
    [
      'latency with a whole bound, written "1" or "1.0"',
      'sli: { type: latency, metric: http_seconds, le: 1 }',
      '(sum(rate(http_seconds_count[5m])) - (sum(rate(http_seconds_bucket{le=~"1(\\\\.0)?"}[5m])) or vector(0))) / (sum(rate(http_seconds_count[5m])) > 0)',
    ],
  ])('counts %s', (_name, sli, expr) => {
    const { group } = rulesFor(['objective: 99', 'window: 7d', sli, ONE_WINDOW]);
    expect(group.rules[0]).toMatchObject({ record: `${RATIO}5m`, expr });
  });

  it('needs min_events in both windows, and carries for, keep_firing_for, labels and links', () => {
    const { group } = rulesFor([
      'objective: 99.9',
      'window: 30d',
      BAD,
      ONE_WINDOW,
      'min_events: 50',
      'for: 2m',
      'keep_firing_for: 10m',
      "labels: { team: checkout-oncall, severity: info, tier: '1' }",
      "annotations: { summary: 'Burning {{ $value }}x' }",
      'runbook_url: https://runbooks.example.com/availability',
      'dashboard_url: https://grafana.example.com/d/availability',
    ]);
    expect(group.rules[2]).toEqual({
      alert: 'availability',
      expr:
        `(${RATIO}1h${IDENTITY} > 10 * 0.001) and (${RATIO}5m${IDENTITY} > 10 * 0.001)` +
        ' and on() (sum(increase(requests_total[1h])) >= 50) and on() (sum(increase(requests_total[5m])) >= 50)',
      for: '2m',
      keep_firing_for: '10m',
      // The row's severity wins over the rule's, as in forewarn's own SLO alerts.
      labels: {
        team: 'checkout-oncall',
        severity: 'critical',
        tier: '1',
        long_window: '1h',
        short_window: '5m',
        burn_rate: '10',
      },
      annotations: {
        summary: 'Burning {{ $value }}x',
        runbook_url: 'https://runbooks.example.com/availability',
        dashboard_url: 'https://grafana.example.com/d/availability',
      },
    });
  });

  it('tells which settings Prometheus rules cannot express', () => {
    const { warnings } = rulesFor([
      'objective: 99.9',
      'window: 30d',
      BAD,
      'min_firing: 5m',
      'resolve_when: requests_total < 1',
      'exclude: [maintenance]',
    ]);
    expect(warnings).toEqual([
      'resolve_when is not exported: Prometheus alerts resolve when their expression stops matching',
      'min_firing is not exported: Prometheus has no minimum firing time',
      'exclude is not exported: the Prometheus rules count maintenance intervals like any other time',
    ]);
  });
});

describe(prometheusRuleFileText.name, () => {
  it('writes plain YAML (no anchors) with one line per expression', () => {
    const { group } = rulesFor(['objective: 99.9', 'window: 30d', BAD]);
    const text = prometheusRuleFileText([group]);
    expect(text.startsWith('# Generated by `forewarn slo export-prometheus`')).toBe(true);
    expect(text).not.toMatch(/[&*]a\d/);
    expect(parse(text)).toEqual({ groups: [JSON.parse(JSON.stringify(group))] });
    expect(text.split('\n').filter((line) => line.trimStart().startsWith('expr:'))).toHaveLength(
      group.rules.length,
    );
  });
});
