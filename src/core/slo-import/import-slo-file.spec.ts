import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRuleFile } from '../rules/load-rule-file';
import { formatRuleProblem } from '../rules/rule-problem';
import { importSloFile } from './import-slo-file';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'slo-import');

function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

function lines(file: string, text: string): string[] {
  return importSloFile(file, text).problems.map(formatRuleProblem);
}

describe(importSloFile.name, () => {
  describe('the example files', () => {
    it.each([
      [
        'sloth-payments.yaml',
        'sloth-payments.rules.yaml',
        [
          'x.yaml:10:1: warning: SLO plugins are not imported: forewarn does not run Sloth plugins',
          'x.yaml:25:13: warning: alert name "PaymentsApiHighErrorRate" is not kept: forewarn names the alerts of an SLO after the SLO ("requests-availability"); update routes that match on alertname',
          'x.yaml:30:7: warning: the labels of page_alert are not imported: forewarn labels page alerts severity="critical"; route on that label',
          'x.yaml:34:7: warning: the labels of ticket_alert are not imported: forewarn labels ticket alerts severity="warning"; route on that label',
          'x.yaml:52:13: warning: alert name "PaymentsApiLatencyHigh" is not kept: forewarn names the alerts of an SLO after the SLO ("requests-latency"); update routes that match on alertname',
        ],
      ],
      [
        'openslo-checkout.yaml',
        'openslo-checkout.rules.yaml',
        [
          'x.yaml:46:5: warning: label "tags" is left out: its value is a list; a label has one value',
          'x.yaml:84:7: warning: startTime and timeZone are not imported: forewarn calendar months start on the 1st in FOREWARN_TIMEZONE',
          'x.yaml:93:3: warning: alertPolicies is not imported: forewarn alerts on the burn rates of the SLO (burn_rates, by default the SRE workbook table)',
        ],
      ],
    ])('imports %s as %s', (input, expected, warnings) => {
      const result = importSloFile(`dir/${input}`, fixture(input));
      expect(result.problems.map((problem) => formatRuleProblem({ ...problem, file: 'x.yaml' }))).toEqual(
        warnings,
      );
      expect(result.text).toBe(fixture(expected));
      expect(loadRuleFile(expected, result.text ?? '').problems).toEqual([]);
    });

    it.each([
      [
        'sloth-unsupported.yaml',
        [
          'x.yaml:8:7: error: a raw error-ratio SLI cannot be imported: forewarn computes the ratio from event counters; write it as sli.events',
          'x.yaml:11:13: warning: alert name "RawRatio" is not kept: forewarn names the alerts of an SLO after the SLO ("raw-ratio"); update routes that match on alertname',
          'x.yaml:17:26: error: cannot import this query: expected sum(rate(<selector>[<window>])) or a plain counter selector',
          'x.yaml:18:22: error: cannot import sum by (ap): a forewarn SLO sums all series of its SLI; write one SLO per group',
          'x.yaml:20:13: warning: alert name "Satisfaction" is not kept: forewarn names the alerts of an SLO after the SLO ("satisfaction"); update routes that match on alertname',
          'x.yaml:23:16: error: objective 100% cannot be imported; forewarn objectives are percentages strictly between 0 and 100 (100% leaves no error budget)',
          'x.yaml:29:7: error: both page_alert and ticket_alert are disabled; forewarn SLOs always alert on burn rates, so enable one of them or leave this SLO out',
          'x.yaml:29:13: warning: alert name "Perfect" is not kept: forewarn names the alerts of an SLO after the SLO ("perfect"); update routes that match on alertname',
        ],
      ],
      [
        'openslo-unsupported.yaml',
        [
          'x.yaml:12:7: error: a thresholdMetric SLI cannot be imported: forewarn SLOs count good or bad events (ratioMetric)',
          'x.yaml:22:7: warning: "op" is not imported: it applies to threshold metrics or time slices',
          'x.yaml:23:7: warning: "value" is not imported: it applies to threshold metrics or time slices',
          'x.yaml:40:19: error: a Datadog metric source cannot be imported: forewarn reads Prometheus metrics (type: Prometheus)',
          'x.yaml:49:17: error: a rolling window of "1M" cannot be imported: write it in days or weeks, e.g. 30d, or make it calendar-aligned',
          'x.yaml:51:20: error: budgetingMethod Timeslices cannot be imported: forewarn SLOs count events (Occurrences), not time slices',
          'x.yaml:54:7: warning: "timeSliceTarget" is not imported: it applies to threshold metrics or time slices',
          'x.yaml:55:7: warning: "timeSliceWindow" is not imported: it applies to threshold metrics or time slices',
          'x.yaml:57:13: error: apiVersion "openslo/v1alpha" cannot be imported; forewarn imports openslo/v1',
        ],
      ],
    ])('reports what %s cannot import, and writes nothing', (input, expected) => {
      const result = importSloFile('x.yaml', fixture(input));
      expect(result.problems.map(formatRuleProblem)).toEqual(expected);
      expect(result.text).toBeUndefined();
    });
  });

  describe('files that are not SLO files', () => {
    it.each([
      ['an empty file', '', 'x.yaml:1:1: error: file is empty; expected a Sloth or OpenSLO SLO file'],
      [
        'a rule file',
        'groups: []\n',
        'x.yaml:1:1: error: not a Sloth (version: prometheus/v1) or OpenSLO (apiVersion: openslo/v1) file',
      ],
      [
        'broken YAML',
        'version: [\n',
        'x.yaml:2:1: error: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
      ],
      [
        "Sloth's Kubernetes resource",
        'apiVersion: sloth.slok.dev/v1\nkind: PrometheusServiceLevel\n',
        "x.yaml:1:13: error: Sloth's Kubernetes resources cannot be imported; write the spec as a prometheus/v1 file",
      ],
      [
        'another Sloth version',
        'version: prometheus/v2\nservice: a\nslos: []\n',
        'x.yaml:1:10: error: Sloth version "prometheus/v2" cannot be imported; expected prometheus/v1',
      ],
    ])('reports %s', (_name, text, expected) => {
      expect(lines('x.yaml', text)).toEqual([expected]);
    });
  });

  describe('Sloth', () => {
    const sloth = (slo: string) =>
      ['version: prometheus/v1', 'service: api', 'slos:', ...slo.split('\n').map((line) => `  ${line}`)].join(
        '\n',
      );
    const events = (errorQuery: string, totalQuery = 'sum(rate(requests_total[{{.window}}]))') =>
      sloth(
        [
          '- name: availability',
          '  objective: 99.5',
          '  sli:',
          '    events:',
          `      error_query: '${errorQuery}'`,
          `      total_query: '${totalQuery}'`,
        ].join('\n'),
      );
    const sliOf = (text: string) => {
      const result = importSloFile('x.yaml', text);
      expect(result.problems.map(formatRuleProblem)).toEqual([]);
      const loaded = loadRuleFile('out.yaml', result.text ?? '');
      const rule = loaded.groups[0]?.rules[0];
      return rule?.kind === 'slo' ? rule.sli : undefined;
    };

    it.each([
      ['sum(rate(...))', 'sum(rate(errors_total{code="500"}[{{.window}}]))', 'errors_total{code="500"}'],
      ['sum(increase(...))', 'sum(increase(errors_total[{{ .window }}]))', 'errors_total'],
      ['parentheses and a plain selector', '((errors_total{a!="b"}))', 'errors_total{a!="b"}'],
      [
        'or on() vector(0) at the end',
        'sum(rate(errors_total[{{.window}}])) or on() vector(0)',
        'errors_total',
      ],
    ])('imports an error query with %s', (_name, query, bad) => {
      expect(sliOf(events(query))).toEqual({ type: 'events', bad, total: 'requests_total' });
    });

    it.each([
      [
        'another aggregation',
        'max(rate(errors_total[{{.window}}]))',
        'x.yaml:8:22: error: cannot import max(...): expected sum(rate(<selector>[<window>])) or a plain counter selector',
      ],
      [
        'an offset',
        'sum(rate(errors_total[{{.window}}] offset 1h))',
        'x.yaml:8:32: error: cannot import a selector with offset; forewarn reads the current windows',
      ],
      [
        'PromQL forewarn does not parse',
        'sum(rate(errors_total[{{.window}}])) unless on() sort(up)',
        'x.yaml:8:72: error: cannot import this query: function "sort" is not supported yet',
      ],
      [
        'a latency form over another total',
        'sum(rate(h_count[{{.window}}])) - sum(rate(h_bucket{le="0.3"}[{{.window}}]))',
        'x.yaml:8:22: error: cannot import this query: expected sum(rate(<selector>[<window>])) or a plain counter selector',
      ],
    ])('reports %s at its place in the query', (_name, query, expected) => {
      expect(lines('x.yaml', events(query))).toEqual([expected]);
    });

    it('points into block scalars', () => {
      const text = sloth(
        [
          '- name: availability',
          '  objective: 99.5',
          '  sli:',
          '    events:',
          '      error_query: |',
          '        sum(',
          '          avg_over_time(errors[{{.window}}])',
          '        )',
          "      total_query: 'requests_total'",
        ].join('\n'),
      );
      expect(lines('x.yaml', text)).toEqual([
        'x.yaml:10:13: error: cannot import this query: expected sum(rate(<selector>[<window>])) or a plain counter selector',
      ]);
    });

    it('imports a latency SLI from the _count minus _bucket form, matchers in any order', () => {
      const total = 'sum(rate(h_count{verb!="GET",job="a"}[{{.window}}]))';
      const error = `${total} - sum(rate(h_bucket{job="a",le="0.25",verb!="GET"}[{{.window}}]))`;
      expect(sliOf(events(error, total))).toEqual({
        type: 'latency',
        metric: 'h{verb!="GET",job="a"}',
        le: 0.25,
      });
    });

    it('keeps the page windows only when ticket alerts are disabled, and the reverse', () => {
      const withAlerting = (alerting: string) =>
        [
          events('sum(rate(errors_total[{{.window}}]))'),
          '    alerting:',
          ...alerting.split('\n').map((line) => `      ${line}`),
        ].join('\n');
      const burnRatesOf = (text: string) => {
        const loaded = loadRuleFile('out.yaml', importSloFile('x.yaml', text).text ?? '');
        const rule = loaded.groups[0]?.rules[0];
        return rule?.kind === 'slo' ? rule.burnRates.map((window) => window.burnRate) : undefined;
      };
      expect(burnRatesOf(withAlerting('ticket_alert: { disable: true }'))).toEqual([14.4, 6]);
      expect(burnRatesOf(withAlerting('page_alert: { disable: true }'))).toEqual([3, 1]);
      expect(burnRatesOf(withAlerting('page_alert: { disable: false }'))).toEqual([14.4, 6, 3, 1]);
    });

    it('reports unknown keys, duplicate names, renamed SLOs and what the rule loader refuses', () => {
      const text = sloth(
        [
          '- name: availability',
          '  objectve: 99.5',
          '- name: dup',
          '  objective: 99',
          '  sli: { events: { error_query: a, total_query: b } }',
          '- name: dup',
          '  objective: 99',
          '  sli: { events: { error_query: a, total_query: b } }',
          '- name: dotted.name',
          '  objective: 99',
          '  sli: { events: { error_query: a, total_query: b } }',
          '  alerting: { labels: { severity: page } }',
        ].join('\n'),
      );
      expect(lines('x.yaml', text)).toEqual([
        'x.yaml:4:5: error: missing required key "objective"',
        'x.yaml:4:5: error: missing required key "sli"',
        'x.yaml:5:5: error: unknown key "objectve" (did you mean "objective"?)',
        'x.yaml:9:11: error: duplicate SLO name "dup" in group "api"',
        'x.yaml:12:11: warning: SLO name "dotted.name" is imported as "dotted-name"; forewarn SLO names use letters, digits, "-" and "_"',
        'x.yaml:12:11: error: the imported SLO "dotted-name" does not load: labels.severity: must be one of critical, warning, info, got "page"',
      ]);
    });
  });

  describe('OpenSLO', () => {
    const slo = (spec: string, extra = '') =>
      [
        'apiVersion: openslo/v1',
        'kind: SLO',
        'metadata: { name: s }',
        'spec:',
        '  timeWindow: [{ duration: 7d, isRolling: true }]',
        '  budgetingMethod: Occurrences',
        '  objectives: [{ targetPercent: 99 }]',
        ...spec.split('\n').map((line) => `  ${line}`),
        extra,
      ].join('\n');
    const ratio = (metric: string) =>
      [
        'indicator:',
        '  metadata: { name: i }',
        '  spec:',
        '    ratioMetric:',
        ...metric.split('\n').map((line) => `      ${line}`),
      ].join('\n');
    const source = (query: string) => `{ metricSource: { type: Prometheus, spec: { query: '${query}' } } }`;

    it.each([
      [
        'good and bad',
        ratio(`good: ${source('a')}\nbad: ${source('b')}\ntotal: ${source('c')}`),
        'x.yaml:13:9: error: give either "good" or "bad", not both; the other is total minus it',
      ],
      ['no total', ratio(`good: ${source('a')}`), 'x.yaml:12:9: error: missing required key "total"'],
      [
        'a gauge',
        ratio(`counter: false\ngood: ${source('a')}\ntotal: ${source('c')}`),
        'x.yaml:12:18: error: counter: false cannot be imported: forewarn reads SLI metrics as counters, with increase() over each window',
      ],
      [
        'a precomputed ratio',
        ratio(`rawType: success\nraw: ${source('a')}`),
        'x.yaml:13:9: error: a precomputed (raw) ratio cannot be imported: forewarn computes the ratio from good or bad and total',
      ],
      [
        'an unknown SLI',
        'indicatorRef: nope',
        'x.yaml:8:17: error: no SLI named "nope" in this file; add its SLI document or write it inline as "indicator"',
      ],
      [
        'a query that is not a counter',
        ratio(`good: ${source('a')}\ntotal: ${source('avg(x)')}`),
        'x.yaml:13:67: error: cannot import avg(...): expected sum(rate(<selector>[<window>])) or a plain counter selector',
      ],
    ])('reports %s', (_name, spec, expected) => {
      expect(lines('x.yaml', slo(spec))).toEqual([expected]);
    });

    it('groups SLOs without a service under the file name, and reads a weekly window', () => {
      const result = importSloFile(
        'rules/imported-slos.yaml',
        slo(ratio(`bad: ${source('b')}\ntotal: ${source('t')}`)),
      );
      const loaded = loadRuleFile('out.yaml', result.text ?? '');
      expect(loaded.problems).toEqual([]);
      expect(loaded.groups.map((group) => group.name)).toEqual(['imported-slos']);
      expect(loaded.groups[0]?.rules[0]).toMatchObject({
        name: 's',
        objective: 99,
        window: { type: 'rolling', ms: 7 * 86_400_000 },
        sli: { type: 'events', bad: 'b', total: 't' },
      });
    });
  });
});
