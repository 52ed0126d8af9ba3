import { formatRuleTestFileResult, formatRuleTestSummary } from './format-rule-test-results';
import { loadRuleTestFile } from './load-rule-test-file';
import { prepareRuleTests } from './prepare-rule-tests';
import { RuleTestFileResult, runRuleTests } from './run-rule-tests';

/** Lines joined with newlines, so that line and column numbers in the expectations are easy to count. */
function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

const TEST_FILE = 'rules/tests/t.test.yaml';

/** Loads `test` (with `rule_files: [r.yaml]` prepended) against the rule file `rules`, runs it and reports. */
function run(rules: string, ...testLines: string[]): { result: RuleTestFileResult; lines: string[] } {
  const loaded = loadRuleTestFile(TEST_FILE, yaml('rule_files: [r.yaml]', ...testLines));
  if (!loaded.ok) {
    throw new Error(`test file is invalid: ${JSON.stringify(loaded.problems)}`);
  }
  const prepared = prepareRuleTests(loaded.testFile, [{ file: 'rules/r.yaml', text: rules }]);
  if (!prepared.ok) {
    throw new Error(`test file does not prepare: ${JSON.stringify(prepared.problems)}`);
  }
  const result = runRuleTests(prepared.plan);
  return { result, lines: formatRuleTestFileResult(result) };
}

/** `ApiErrors`: max errors per service above 5 for 2m, evaluated every minute. */
const API_RULES = yaml(
  'groups:',
  '  - name: api',
  '    labels: { team: core }',
  '    rules:',
  '      - alert: ApiErrors',
  '        expr: max by (service) (api_errors) > 5',
  '        for: 2m',
  '        labels: { severity: warning }',
  '        annotations:',
  "          summary: '{{ $labels.service }} has {{ $value }} errors'",
);

/** One test (line 3) with `api_errors{service="api"}` breaching from 1m (line 6), then the given lines. */
function apiTest(...lines: string[]): string[] {
  return [
    'tests:',
    '  - interval: 1m',
    '    input_series:',
    '      - series: \'api_errors{service="api"}\'',
    "        values: '0 10x10'",
    ...lines,
  ];
}

const API_ALERT = '{alertname="ApiErrors", service="api", severity="warning", team="core"}';

describe('runRuleTests: cases that pass', () => {
  it.each<[string, string, string[]]>([
    [
      'an alert fires once it has breached for `for`',
      API_RULES,
      apiTest(
        '    alert_rule_test:',
        '      - eval_time: 2m',
        '        alertname: ApiErrors',
        '      - eval_time: 3m',
        '        alertname: ApiErrors',
        '        exp_alerts:',
        '          - exp_labels: { service: api, severity: warning, team: core }',
        "            exp_annotations: { summary: 'api has 10 errors' }",
      ),
    ],
    [
      'expected alerts compare as a set, whatever their order',
      API_RULES,
      [
        'tests:',
        '  - interval: 1m',
        '    input_series:',
        '      - series: \'api_errors{service="b"}\'',
        "        values: '9x5'",
        '      - series: \'api_errors{service="a"}\'',
        "        values: '9x5'",
        '    alert_rule_test:',
        '      - eval_time: 4m',
        '        alertname: ApiErrors',
        '        exp_alerts:',
        '          - exp_labels: { service: a, severity: warning, team: core }',
        '          - exp_labels: { service: b, severity: warning, team: core }',
      ],
    ],
    [
      'recording rules are evaluated in order: later rules and PromQL cases read what they wrote',
      yaml(
        'groups:',
        '  - name: g',
        '    rules:',
        '      - record: service:errors:max',
        '        expr: max by (service) (api_errors)',
        '      - alert: RecordedErrors',
        '        expr: service:errors:max > 5',
      ),
      apiTest(
        '    alert_rule_test:',
        '      - eval_time: 1m',
        '        alertname: RecordedErrors',
        '        exp_alerts:',
        '          - exp_labels: { service: api }',
        '    promql_expr_test:',
        '      - expr: service:errors:max',
        '        eval_time: 2m',
        '        exp_samples:',
        '          - labels: \'service:errors:max{service="api"}\'',
        '            value: 10',
      ),
    ],
    [
      'an eval_time between evaluations sees the evaluation before it (2m59s: still pending)',
      API_RULES,
      apiTest(
        '    alert_rule_test:',
        '      - eval_time: 2m59s',
        '        alertname: ApiErrors',
        '        exp_alerts: []',
      ),
    ],
    [
      'the same alertname in two groups: the union of their alerts',
      yaml(
        'groups:',
        '  - name: one',
        '    rules:',
        '      - alert: Up',
        '        expr: up == 1',
        '  - name: two',
        '    rules:',
        '      - alert: Up',
        '        expr: up2 == 1',
      ),
      [
        'tests:',
        '  - input_series:',
        '      - series: \'up{job="a"}\'',
        "        values: '1'",
        '      - series: \'up2{job="b"}\'',
        "        values: '1'",
        '    alert_rule_test:',
        '      - eval_time: 0s',
        '        alertname: Up',
        '        exp_alerts:',
        '          - exp_labels: { job: a }',
        '          - exp_labels: { job: b }',
      ],
    ],
    [
      'keep_firing_for keeps an alert firing after its series recovered',
      yaml(
        'groups:',
        '  - name: g',
        '    rules:',
        '      - alert: Down',
        '        expr: up < 1',
        '        keep_firing_for: 2m',
      ),
      [
        'tests:',
        '  - input_series:',
        '      - series: \'up{job="a"}\'',
        "        values: '0 1x5'",
        '    alert_rule_test:',
        '      - eval_time: 2m',
        '        alertname: Down',
        '        exp_alerts: [{ exp_labels: { job: a } }]',
        '      - eval_time: 3m',
        '        alertname: Down',
      ],
    ],
    [
      'a stale marker hides a series from instant selectors at once; a gap does not',
      yaml('groups:', '  - name: g', '    rules:', '      - alert: Down', '        expr: up < 1'),
      [
        'tests:',
        '  - input_series:',
        '      - series: \'up{job="gap"}\'',
        "        values: '0 _ 0'",
        '      - series: \'up{job="stale"}\'',
        "        values: '0 stale 0'",
        '    alert_rule_test:',
        '      - eval_time: 1m',
        '        alertname: Down',
        '        exp_alerts: [{ exp_labels: { job: gap } }]',
        '      - eval_time: 2m',
        '        alertname: Down',
        '        exp_alerts: [{ exp_labels: { job: gap } }, { exp_labels: { job: stale } }]',
      ],
    ],
    [
      'each test starts from no alerts',
      API_RULES,
      [
        ...apiTest(
          '    alert_rule_test:',
          '      - eval_time: 3m',
          '        alertname: ApiErrors',
          '        exp_alerts: [{ exp_labels: { service: api, severity: warning, team: core } }]',
        ),
        '  - interval: 1m',
        '    input_series:',
        '      - series: \'api_errors{service="api"}\'',
        "        values: '10x10'",
        '    alert_rule_test:',
        '      - eval_time: 1m',
        '        alertname: ApiErrors',
      ],
    ],
    [
      'promql_expr_test: vectors, scalars, NaN, and values as promtool writes them',
      API_RULES,
      [
        'tests:',
        '  - input_series:',
        '      - series: \'api_errors{service="api"}\'',
        "        values: '1 NaN'",
        '    promql_expr_test:',
        '      - expr: api_errors',
        '        eval_time: 0s',
        '        exp_samples: [{ labels: \'api_errors{service="api"}\', value: 1 }]',
        '      - expr: api_errors',
        '        eval_time: 1m',
        '        exp_samples: [{ labels: \'api_errors{service="api"}\', value: NaN }]',
        '      - expr: 1 / 0',
        '        eval_time: 0s',
        '        exp_samples: [{ value: +Inf }]',
        '      - expr: api_errors > 5',
        '        eval_time: 0s',
        '        exp_samples: []',
      ],
    ],
    [
      'fuzzy_compare ignores the last bits of the mantissa',
      API_RULES,
      [
        'fuzzy_compare: true',
        'tests:',
        '  - promql_expr_test:',
        '      - expr: 0.1 + 0.2',
        '        eval_time: 0s',
        "        exp_samples: [{ labels: '{}', value: 0.3 }]",
      ],
    ],
  ])('%s', (_name, rules, testLines) => {
    const { result, lines } = run(rules, ...testLines);
    expect(result.cases.filter((testCase) => !testCase.passed)).toEqual([]);
    expect(lines.at(-1)).toMatch(/^PASS rules\/tests\/t\.test\.yaml \(\d+ tests?\)$/);
  });
});

describe('runRuleTests: cases that fail on purpose, with their report', () => {
  it.each<[string, string, string[], string[]]>([
    [
      'an expected alert is still pending',
      API_RULES,
      apiTest(
        '    alert_rule_test:',
        '      - eval_time: 2m',
        '        alertname: ApiErrors',
        '        exp_alerts:',
        '          - exp_labels: { service: api, severity: warning, team: core }',
      ),
      [
        'rules/tests/t.test.yaml:8:9: FAILED ApiErrors at 2m',
        '  expected (1):',
        `    + ${API_ALERT}`,
        '  got (0):',
        '    (none)',
        '  pending, not firing yet (1):',
        `    ${API_ALERT} since 1m`,
      ],
    ],
    [
      'an alert fires that the test does not expect',
      API_RULES,
      apiTest('    alert_rule_test:', '      - eval_time: 5m', '        alertname: ApiErrors'),
      [
        'rules/tests/t.test.yaml:8:9: FAILED ApiErrors at 5m',
        '  expected (0):',
        '    (none)',
        '  got (1):',
        `    - ${API_ALERT}`,
      ],
    ],
    [
      'missing and unexpected alerts at once, labels exact (no extra or missing label passes)',
      API_RULES,
      apiTest(
        '    name: labels must match exactly',
        '    alert_rule_test:',
        '      - eval_time: 4m',
        '        alertname: ApiErrors',
        '        exp_alerts:',
        '          - exp_labels: { service: api, severity: warning }',
      ),
      [
        'rules/tests/t.test.yaml:9:9: FAILED ApiErrors at 4m',
        '  test: labels must match exactly',
        '  expected (1):',
        '    + {alertname="ApiErrors", service="api", severity="warning"}',
        '  got (1):',
        `    - ${API_ALERT}`,
      ],
    ],
    [
      'equal labels, other annotations: both texts are shown',
      API_RULES,
      apiTest(
        '    alert_rule_test:',
        '      - eval_time: 4m',
        '        alertname: ApiErrors',
        '        exp_alerts:',
        '          - exp_labels: { service: api, severity: warning, team: core }',
        '            exp_annotations:',
        "              summary: 'api has 9 errors'",
        "              runbook: 'https://runbooks.example.com'",
      ),
      [
        'rules/tests/t.test.yaml:8:9: FAILED ApiErrors at 4m',
        '  expected (1):',
        `    ~ ${API_ALERT}`,
        '  got (1):',
        `    ~ ${API_ALERT}`,
        `  annotations of ${API_ALERT}:`,
        '    runbook:',
        '      expected: "https://runbooks.example.com"',
        '      got:      (none)',
        '    summary:',
        '      expected: "api has 9 errors"',
        '      got:      "api has 10 errors"',
      ],
    ],
    [
      'given annotations are compared as a whole: one the test leaves out fails',
      API_RULES,
      apiTest(
        '    alert_rule_test:',
        '      - eval_time: 4m',
        '        alertname: ApiErrors',
        '        exp_alerts:',
        '          - exp_labels: { service: api, severity: warning, team: core }',
        '            exp_annotations: {}',
      ),
      [
        'rules/tests/t.test.yaml:8:9: FAILED ApiErrors at 4m',
        '  expected (1):',
        `    ~ ${API_ALERT}`,
        '  got (1):',
        `    ~ ${API_ALERT}`,
        `  annotations of ${API_ALERT}:`,
        '    summary:',
        '      expected: (none)',
        '      got:      "api has 10 errors"',
      ],
    ],
    [
      'an eval_time between evaluations says which evaluation it compared',
      API_RULES,
      apiTest('    alert_rule_test:', '      - eval_time: 3m30s', '        alertname: ApiErrors'),
      [
        'rules/tests/t.test.yaml:8:9: FAILED ApiErrors at 3m30s',
        '  (alerts of the last evaluation before it, at 3m)',
        '  expected (0):',
        '    (none)',
        '  got (1):',
        `    - ${API_ALERT}`,
      ],
    ],
    [
      'an evaluation error fails the alert cases of the test',
      yaml(
        'groups:',
        '  - name: g',
        '    rules:',
        '      - alert: Twice',
        '        expr: \'{__name__=~"errors_.*"} * 2 > 0\'',
      ),
      [
        'tests:',
        '  - input_series:',
        '      - series: \'errors_a{job="x"}\'',
        "        values: '1x5'",
        '      - series: \'errors_b{job="x"}\'',
        "        values: '_ 1x5'",
        '    alert_rule_test:',
        '      - eval_time: 0s',
        '        alertname: Twice',
        '        exp_alerts: [{ exp_labels: { job: x } }]',
        '      - eval_time: 2m',
        '        alertname: Twice',
      ],
      [
        'rules/tests/t.test.yaml:12:9: FAILED Twice at 2m',
        '  error: evaluating rule Twice (group g) at 1m: vector cannot contain metrics with the same labelset: {job="x"} appears twice in the result of operator "*"',
      ],
    ],
    [
      'promql_expr_test: another value, a missing and an unexpected sample',
      API_RULES,
      [
        'tests:',
        '  - input_series:',
        '      - series: \'api_errors{service="a"}\'',
        "        values: '1'",
        '      - series: \'api_errors{service="b"}\'',
        "        values: '2'",
        '    promql_expr_test:',
        '      - expr: sum by (service) (api_errors)',
        '        eval_time: 0s',
        '        exp_samples:',
        '          - { labels: \'{service="a"}\', value: 1.5 }',
        '          - { labels: \'{service="c"}\', value: 3 }',
      ],
      [
        'rules/tests/t.test.yaml:9:9: FAILED `sum by (service) (api_errors)` at 0s',
        '  expected (2):',
        '    ~ {service="a"} 1.5',
        '    + {service="c"} 3',
        '  got (2):',
        '    ~ {service="a"} 1',
        '    - {service="b"} 2',
      ],
    ],
    [
      'promql_expr_test: labels include the metric name when the expression keeps it',
      API_RULES,
      [
        'tests:',
        '  - input_series:',
        '      - series: \'api_errors{service="a"}\'',
        "        values: '1'",
        '    promql_expr_test:',
        '      - expr: api_errors',
        '        eval_time: 0s',
        '        exp_samples: [{ labels: \'{service="a"}\', value: 1 }]',
      ],
      [
        'rules/tests/t.test.yaml:7:9: FAILED `api_errors` at 0s',
        '  expected (1):',
        '    + {service="a"} 1',
        '  got (1):',
        '    - api_errors{service="a"} 1',
      ],
    ],
    [
      'without fuzzy_compare, 0.1 + 0.2 is not 0.3',
      API_RULES,
      [
        'tests:',
        '  - promql_expr_test:',
        '      - expr: 0.1 + 0.2',
        '        eval_time: 0s',
        '        exp_samples: [{ value: 0.3 }]',
      ],
      [
        'rules/tests/t.test.yaml:4:9: FAILED `0.1 + 0.2` at 0s',
        '  expected (1):',
        '    ~ {} 0.3',
        '  got (1):',
        '    ~ {} 0.30000000000000004',
      ],
    ],
    [
      'long annotations: where they start to differ',
      API_RULES.replace(
        "'{{ $labels.service }} has {{ $value }} errors'",
        "'{{ $labels.service }} has {{ $value }} errors in the last five minutes'",
      ),
      apiTest(
        '    alert_rule_test:',
        '      - eval_time: 4m',
        '        alertname: ApiErrors',
        '        exp_alerts:',
        '          - exp_labels: { service: api, severity: warning, team: core }',
        "            exp_annotations: { summary: 'api has 10 errors in the last 5 minutes' }",
      ),
      [
        'rules/tests/t.test.yaml:8:9: FAILED ApiErrors at 4m',
        '  expected (1):',
        `    ~ ${API_ALERT}`,
        '  got (1):',
        `    ~ ${API_ALERT}`,
        `  annotations of ${API_ALERT}:`,
        '    summary:',
        '      expected: "api has 10 errors in the last 5 minutes"',
        '      got:      "api has 10 errors in the last five minutes"',
        '      (they differ from character 31)',
      ],
    ],
  ])('%s', (_name, rules, testLines, report) => {
    const { result, lines } = run(rules, ...testLines);
    const failed = result.cases.filter((testCase) => !testCase.passed).length;
    expect(failed).toBeGreaterThan(0);
    expect(lines).toEqual([
      ...report,
      '',
      `FAIL rules/tests/t.test.yaml (${failed} of ${result.cases.length} test${result.cases.length === 1 ? '' : 's'} failed)`,
    ]);
  });
});

describe('formatRuleTestSummary', () => {
  it('counts the cases of every file', () => {
    const passing = run(
      API_RULES,
      ...apiTest('    alert_rule_test:', '      - eval_time: 0s', '        alertname: ApiErrors'),
    );
    const failing = run(
      API_RULES,
      ...apiTest('    alert_rule_test:', '      - eval_time: 9m', '        alertname: ApiErrors'),
    );
    expect(formatRuleTestSummary([passing.result, failing.result])).toBe('2 tests, 1 passed, 1 failed');
    expect(formatRuleTestSummary([passing.result])).toBe('1 test, 1 passed, 0 failed');
    expect(formatRuleTestSummary([])).toBe('0 tests, 0 passed, 0 failed');
  });
});
