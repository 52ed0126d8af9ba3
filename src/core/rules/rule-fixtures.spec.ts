import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatRuleProblem, loadRuleFile } from './load-rule-file';
import { RuleGroup } from './rule-file.schema';

/**
 * The rule-file fixtures in `test/fixtures/rules/`: every `invalid/NN-name.yaml` must produce exactly the lines of
 * its `NN-name.expected` (paths relative to the repository root), every `valid/*.yaml` no problem at all.
 */

const REPO_ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join('test', 'fixtures', 'rules');

const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

function fixtureNames(folder: string, extension: string): string[] {
  return readdirSync(join(REPO_ROOT, FIXTURES, folder))
    .filter((name) => name.endsWith(extension))
    .sort();
}

function load(folder: string, name: string) {
  const file = join(FIXTURES, folder, name);
  return loadRuleFile(file, readFileSync(join(REPO_ROOT, file), 'utf8'));
}

describe('invalid rule fixtures', () => {
  const names = fixtureNames('invalid', '.yaml');

  it('has at least 30 cases, each with its expected output', () => {
    expect(names.length).toBeGreaterThanOrEqual(30);
    expect(fixtureNames('invalid', '.expected')).toEqual(
      names.map((name) => name.replace(/\.yaml$/, '.expected')),
    );
  });

  it.each(names)('%s', (name) => {
    const expectedText = readFileSync(
      join(REPO_ROOT, FIXTURES, 'invalid', name.replace(/\.yaml$/, '.expected')),
      'utf8',
    );
    const expected = expectedText.split('\n').filter((line) => line !== '');
    const result = load('invalid', name);
    expect(expected.length).toBeGreaterThan(0);
    expect(result.problems.map(formatRuleProblem)).toEqual(expected);
  });
});

describe('valid rule fixtures', () => {
  const names = fixtureNames('valid', '.yaml');

  it.each(names)('%s loads without problems', (name) => {
    const result = load('valid', name);
    expect(result.problems.map(formatRuleProblem)).toEqual([]);
    expect(result.groups.length).toBeGreaterThan(0);
  });

  it('cover every rule kind', () => {
    const kinds = new Set(
      names.flatMap((name) => load('valid', name).groups.flatMap((g) => g.rules.map((r) => r.kind))),
    );
    expect([...kinds].sort()).toEqual(['anomaly', 'forecast', 'recording', 'slo', 'threshold']);
  });

  it('01-threshold.yaml loads to the expected typed rules', () => {
    const errorRatio =
      'sum by (service) (rate(http_requests_total{code=~"5.."}[5m]))\n' +
      '  / sum by (service) (rate(http_requests_total[5m]))';
    const expected: RuleGroup[] = [
      {
        name: 'api',
        file: 'test/fixtures/rules/valid/01-threshold.yaml',
        intervalMs: 30 * S,
        labels: { tier: '1', service: 'api', team: 'platform' },
        rules: [
          {
            kind: 'threshold',
            name: 'ApiErrorRatioHigh',
            expr: `${errorRatio} > 0.05\n`,
            forMs: 5 * MIN,
            keepFiringForMs: 10 * MIN,
            labels: { severity: 'critical' },
            annotations: {
              summary: '{{ $labels.service }} returns {{ $value | humanizePercentage }} errors',
              description:
                'More than 5% of requests to {{ $labels.service | toUpper }} failed over 5 minutes ' +
                '(now {{ printf "%.1f" $value }}).',
            },
            runbookUrl: 'https://runbooks.example.com/api-errors',
            dashboardUrl: 'https://grafana.example.com/d/api',
            noData: 'keep',
            resolveWhen: `${errorRatio} < 0.02\n`,
            minFiringMs: 15 * MIN,
            flapThreshold: 4,
          },
          {
            kind: 'threshold',
            name: 'ApiDown',
            expr: 'max by (instance) (up{job="api"}) < 1',
            forMs: 0,
            keepFiringForMs: 0,
            labels: { severity: 'warning' },
            annotations: {},
            noData: 'alert',
            minFiringMs: 0,
            flapThreshold: 6,
          },
        ],
      },
    ];
    expect(load('valid', '01-threshold.yaml')).toStrictEqual({ groups: expected, problems: [] });
  });

  it('04-slo.yaml loads to the expected typed SLOs, with presets scaled to the SLO window', () => {
    const base = {
      forMs: 0,
      keepFiringForMs: 0,
      labels: {},
      annotations: {},
      minFiringMs: 0,
      flapThreshold: 6,
    };
    const defaultExhaustion = { pageHorizonMs: 4 * HOUR, ticketHorizonMs: 24 * HOUR };
    const expected: RuleGroup[] = [
      {
        name: 'checkout-slos',
        file: 'test/fixtures/rules/valid/04-slo.yaml',
        intervalMs: MIN,
        labels: { service: 'checkout', team: 'payments' },
        rules: [
          {
            kind: 'slo',
            name: 'checkout-availability',
            ...base,
            noData: 'alert',
            objective: 99.9,
            window: { type: 'rolling', ms: 28 * DAY },
            sli: {
              type: 'events',
              bad: 'http_requests_total{service="checkout",code=~"5.."}',
              total: 'http_requests_total{service="checkout"}',
            },
            description: 'Checkout requests that do not fail with a server error.',
            // The workbook's 30-day windows scaled by 28/30.
            burnRates: [
              {
                severity: 'critical',
                burnRate: 14.4,
                longWindowMs: 56 * MIN,
                shortWindowMs: 4 * MIN + 40 * S,
              },
              {
                severity: 'critical',
                burnRate: 6,
                longWindowMs: 5 * HOUR + 36 * MIN,
                shortWindowMs: 28 * MIN,
              },
              {
                severity: 'warning',
                burnRate: 1,
                longWindowMs: 2 * DAY + 19 * HOUR + 12 * MIN,
                shortWindowMs: 5 * HOUR + 36 * MIN,
              },
            ],
            exhaustion: defaultExhaustion,
            minEvents: 0,
            exclude: [],
          },
          {
            kind: 'slo',
            name: 'checkout-latency',
            ...base,
            labels: { tier: '1' },
            annotations: {
              summary: 'Checkout latency SLO burns its budget {{ $value | humanize }}x too fast',
            },
            runbookUrl: 'https://runbooks.example.com/checkout-latency-slo',
            dashboardUrl: 'https://grafana.example.com/d/checkout-slo',
            noData: 'resolve',
            objective: 99,
            window: { type: 'calendar', unit: 'month' },
            sli: { type: 'latency', metric: 'http_request_duration_seconds{service="checkout"}', le: 0.3 },
            service: 'checkout-api',
            team: 'payments-oncall',
            // Sloth's 30-day table; a calendar month counts as 30 days, so nothing is scaled.
            burnRates: [
              { severity: 'critical', burnRate: 14.4, longWindowMs: HOUR, shortWindowMs: 5 * MIN },
              { severity: 'critical', burnRate: 6, longWindowMs: 6 * HOUR, shortWindowMs: 30 * MIN },
              { severity: 'warning', burnRate: 3, longWindowMs: DAY, shortWindowMs: 2 * HOUR },
              { severity: 'warning', burnRate: 1, longWindowMs: 3 * DAY, shortWindowMs: 6 * HOUR },
            ],
            exhaustion: { pageHorizonMs: 2 * HOUR, ticketHorizonMs: 3 * DAY },
            minEvents: 100,
            exclude: ['maintenance'],
          },
          {
            kind: 'slo',
            name: 'search_success',
            ...base,
            forMs: 2 * MIN,
            keepFiringForMs: 5 * MIN,
            minFiringMs: 10 * MIN,
            resolveWhen: 'sum(rate(search_requests_total{outcome!="ok"}[30m])) < 1',
            flapThreshold: 10,
            noData: 'alert',
            objective: 99.5,
            window: { type: 'rolling', ms: 7 * DAY },
            sli: {
              type: 'events',
              good: 'search_requests_total{outcome="ok"}',
              total: 'search_requests_total',
            },
            // Explicit windows are taken as written, not scaled.
            burnRates: [
              { severity: 'critical', burnRate: 10, longWindowMs: HOUR, shortWindowMs: 5 * MIN },
              { severity: 'info', burnRate: 2, longWindowMs: DAY, shortWindowMs: 2 * HOUR },
            ],
            exhaustion: defaultExhaustion,
            minEvents: 0,
            exclude: [],
          },
          {
            kind: 'slo',
            name: 'pyrra-style',
            ...base,
            noData: 'alert',
            objective: 95,
            window: { type: 'rolling', ms: 14 * DAY },
            sli: { type: 'events', bad: 'jobs_total{result="failed"}', total: 'jobs_total' },
            // Pyrra's table is for 28 days: halved for 14 days.
            burnRates: [
              { severity: 'critical', burnRate: 14, longWindowMs: 30 * MIN, shortWindowMs: 2 * MIN + 30 * S },
              { severity: 'critical', burnRate: 7, longWindowMs: 3 * HOUR, shortWindowMs: 15 * MIN },
              { severity: 'warning', burnRate: 2, longWindowMs: 12 * HOUR, shortWindowMs: HOUR },
              { severity: 'warning', burnRate: 1, longWindowMs: 2 * DAY, shortWindowMs: 3 * HOUR },
            ],
            exhaustion: defaultExhaustion,
            minEvents: 0,
            exclude: [],
          },
        ],
      },
    ];
    expect(load('valid', '04-slo.yaml')).toStrictEqual({ groups: expected, problems: [] });
  });

  it('02-anomaly.yaml applies the anomaly defaults', () => {
    const rules = load('valid', '02-anomaly.yaml').groups[0]?.rules;
    expect(rules?.[1]).toStrictEqual({
      kind: 'anomaly',
      name: 'CheckoutLatencyShift',
      forMs: 0,
      keepFiringForMs: 0,
      labels: {},
      annotations: {},
      noData: 'resolve',
      minFiringMs: 0,
      flapThreshold: 6,
      series: 'avg by (service) (avg_over_time(http_request_duration_seconds{service="checkout"}[5m]))',
      detector: 'ensemble',
      sensitivity: 3,
      minDeviation: 0,
      direction: 'both',
      minHistoryMs: DAY,
      exclude: [],
    });
  });

  it('03-forecast.yaml and 05-recording.yaml load every field', () => {
    const [diskFull, queue] = load('valid', '03-forecast.yaml').groups[0]?.rules ?? [];
    expect(diskFull).toMatchObject({
      kind: 'forecast',
      method: 'linear',
      lookbackMs: 6 * HOUR,
      threshold: 0.95,
      direction: 'above',
      horizonMs: DAY,
    });
    expect(queue).toMatchObject({
      kind: 'forecast',
      method: 'holt_winters',
      lookbackMs: 2 * DAY,
      threshold: 1,
      direction: 'below',
      horizonMs: 6 * HOUR,
      noData: 'keep',
      minFiringMs: HOUR,
      flapThreshold: 2,
    });
    expect(load('valid', '05-recording.yaml').groups[0]?.rules.slice(0, 2)).toStrictEqual([
      {
        kind: 'recording',
        name: 'service:http_requests:rate5m',
        expr: 'sum by (service) (rate(http_requests_total[5m]))',
        labels: {},
      },
      {
        kind: 'recording',
        name: 'service:http_errors:ratio_rate5m',
        expr:
          'sum by (service) (rate(http_requests_total{code=~"5.."}[5m]))\n' +
          '  / sum by (service) (rate(http_requests_total[5m]))\n',
        labels: { source: 'recording' },
      },
    ]);
  });
});
