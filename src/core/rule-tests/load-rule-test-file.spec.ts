import { formatRuleProblem } from '../rules/rule-problem';
import { LoadedRuleTestFile, loadRuleTestFile } from './load-rule-test-file';

/** Lines joined with newlines, so that line and column numbers in the tables are easy to count. */
function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

function problems(text: string): string[] {
  return loadRuleTestFile('t.test.yaml', text).problems.map(formatRuleProblem);
}

/** A test file with one test whose body is `lines` (indented under `  - `). */
function oneTest(...lines: string[]): string {
  const [first = '', ...rest] = lines;
  return yaml('rule_files: [r.yaml]', 'tests:', `  - ${first}`, ...rest.map((line) => `    ${line}`));
}

function loaded(text: string): Extract<LoadedRuleTestFile, { ok: true }> {
  const result = loadRuleTestFile('t.test.yaml', text);
  if (!result.ok) {
    throw new Error(result.problems.map(formatRuleProblem).join('\n'));
  }
  return result;
}

describe('loadRuleTestFile reports problems with their position', () => {
  it.each<[string, string, string[]]>([
    ['an empty file', '', ['t.test.yaml:1:1: error: file is empty; expected "rule_files:" and "tests:"']],
    [
      'unknown keys, with suggestions',
      yaml('rule_file: [r.yaml]', 'evaluation_intervall: 1m', 'tests: []'),
      [
        't.test.yaml:1:1: error: unknown key "rule_file" (did you mean "rule_files"?)',
        't.test.yaml:2:1: error: unknown key "evaluation_intervall" (did you mean "evaluation_interval"?)',
      ],
    ],
    ['missing tests', yaml('rule_files: [r.yaml]'), ['t.test.yaml:1:1: error: missing required key "tests"']],
    [
      'a bad duration',
      yaml('evaluation_interval: 1 minute', 'tests: []'),
      [
        't.test.yaml:1:22: error: evaluation_interval: invalid duration "1 minute": use units ms, s, m, h, d, w, y in descending order, e.g. 1h30m',
      ],
    ],
    [
      'a zero evaluation_interval',
      yaml('evaluation_interval: 0s', 'tests: []'),
      ['t.test.yaml:1:22: error: evaluation_interval: must be longer than 0s'],
    ],
    [
      'bad notation, at the exact token',
      oneTest('input_series:', '  - series: \'up{job="a"}\'', "    values: '1 2 3+x4'"),
      ['t.test.yaml:5:24: error: values: expected a number after "+", found "x4"'],
    ],
    [
      'bad notation in a double-quoted string with escapes',
      oneTest('input_series:', "  - series: 'up'", '    values: "1\\t2 oops"'),
      [
        't.test.yaml:5:23: error: values: invalid value "oops": expected a number, "Inf", "NaN", "stale" or "_"',
      ],
    ],
    [
      'a series that does not parse',
      oneTest('input_series:', '  - series: \'up{job="a"\'', "    values: '1'"),
      ['t.test.yaml:4:28: error: series: unexpected end of input at 10, expected "," or "}"'],
    ],
    [
      'a series with a regex matcher',
      oneTest('input_series:', '  - series: \'up{job=~"a"}\'', "    values: '1'"),
      [
        't.test.yaml:4:21: error: series: label job must be matched with "=", not "=~": a series has exact labels',
      ],
    ],
    [
      'a series written as an expression',
      oneTest('input_series:', "  - series: 'sum(up)'", "    values: '1'"),
      ['t.test.yaml:4:17: error: series: expected a series like name{label="value"}, got an expression'],
    ],
    [
      'the same series twice',
      oneTest(
        'input_series:',
        '  - series: \'up{job="a", x=""}\'',
        "    values: '1'",
        '  - series: \'{job="a", __name__="up"}\'',
        "    values: '2'",
      ),
      ['t.test.yaml:6:17: error: series: up{job="a"} is already given at line 4; merge the two'],
    ],
    [
      'a missing alertname and a bad eval_time',
      oneTest('alert_rule_test:', '  - eval_time: soon', '    exp_alerts: []'),
      [
        't.test.yaml:4:9: error: missing required key "alertname"',
        't.test.yaml:4:20: error: eval_time: invalid duration "soon": use units ms, s, m, h, d, w, y in descending order, e.g. 1h30m',
      ],
    ],
    [
      'unknown keys in an expected alert',
      oneTest(
        'alert_rule_test:',
        '  - eval_time: 1m',
        '    alertname: A',
        '    exp_alerts:',
        '      - exp_label: { a: b }',
      ),
      ['t.test.yaml:7:13: error: unknown key "exp_label" (did you mean "exp_labels"?)'],
    ],
    [
      'an expected label value that is not a string',
      oneTest(
        'alert_rule_test:',
        '  - eval_time: 1m',
        '    alertname: A',
        '    exp_alerts:',
        '      - exp_labels: { code: 500 }',
      ),
      [
        't.test.yaml:7:33: error: exp_labels.code: expected a string, got the number 500; quote it, e.g. "500"',
      ],
    ],
    [
      'an expression that does not parse',
      oneTest('promql_expr_test:', '  - expr: sum(up', '    eval_time: 1m'),
      ['t.test.yaml:4:21: error: expr: unexpected end of input at 6, expected ")" or an operator'],
    ],
    [
      'an expected sample with a bad value and bad labels',
      oneTest(
        'promql_expr_test:',
        '  - expr: up',
        '    eval_time: 1m',
        '    exp_samples:',
        '      - { labels: \'up{a=~"b"}\', value: lots }',
      ),
      [
        't.test.yaml:7:27: error: labels: label a must be matched with "=", not "=~": a series has exact labels',
        't.test.yaml:7:44: error: value: expected a number, got "lots"',
      ],
    ],
    [
      'promtool keys forewarn does not support',
      oneTest('external_labels: { region: eu }', 'input_series: []'),
      [
        't.test.yaml:3:22: error: external_labels: not supported by forewarn rules test: annotation templates cannot read external labels',
      ],
    ],
    [
      'group_eval_order naming a group twice',
      yaml('group_eval_order: [a, b, a]', 'tests: []'),
      ['t.test.yaml:1:26: error: group_eval_order: group "a" is listed twice (first at line 1)'],
    ],
    [
      'an eval_time that needs too many evaluations',
      yaml(
        'evaluation_interval: 1s',
        'tests:',
        '  - promql_expr_test:',
        '      - expr: up',
        '        eval_time: 2d',
      ),
      [
        't.test.yaml:5:20: error: eval_time: 2d needs 172800 evaluations at evaluation_interval 1s; at most 100000 are allowed',
      ],
    ],
  ])('%s', (_name, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });
});

describe('loadRuleTestFile parses', () => {
  it('defaults: evaluation_interval 1m, interval = evaluation_interval, empty lists', () => {
    const { testFile } = loaded(
      yaml('tests:', '  - alert_rule_test:', '      - eval_time: 5m', '        alertname: A'),
    );
    expect(testFile).toEqual({
      file: 't.test.yaml',
      ruleFiles: [],
      evaluationIntervalMs: 60_000,
      groupEvalOrder: [],
      fuzzyCompare: false,
      tests: [
        {
          at: { line: 2, col: 5 },
          intervalMs: 60_000,
          series: [],
          alertCases: [
            {
              at: { line: 3, col: 9 },
              alertname: 'A',
              alertnameAt: { line: 4, col: 20 },
              evalTimeMs: 300_000,
              evalTimeAt: { line: 3, col: 20 },
              expected: [],
            },
          ],
          promqlCases: [],
        },
      ],
    });
  });

  it('series, expected alerts (alertname added, annotations only when given) and samples', () => {
    const { testFile } = loaded(
      yaml(
        'rule_files: [../a.yaml, b.yaml]',
        'evaluation_interval: 15s',
        'tests:',
        '  - name: t',
        '    interval: 30s',
        '    input_series:',
        '      - series: \'up{job="a"}\'',
        "        values: '1+1x2 _ stale'",
        '      - series: up',
        '        values: 7',
        '    alert_rule_test:',
        '      - eval_time: 1m',
        '        alertname: A',
        '        exp_alerts:',
        '          - exp_labels: { job: a, alertname: ignored }',
        '          - exp_annotations: { summary: s }',
        '    promql_expr_test:',
        '      - expr: up',
        '        eval_time: 0s',
        '        exp_samples: [{ labels: \'up{job="a"}\', value: 1 }, { value: -Inf }]',
      ),
    );
    expect(testFile.ruleFiles).toEqual([
      { path: '../a.yaml', at: { line: 1, col: 14 } },
      { path: 'b.yaml', at: { line: 1, col: 25 } },
    ]);
    expect(testFile.evaluationIntervalMs).toBe(15_000);
    expect(testFile.evaluationIntervalAt).toEqual({ line: 2, col: 22 });
    const [test] = testFile.tests;
    expect(test?.name).toBe('t');
    expect(test?.intervalMs).toBe(30_000);
    expect(test?.series).toEqual([
      { labels: { __name__: 'up', job: 'a' }, values: [1, 2, 3, '_', 'stale'] },
      { labels: { __name__: 'up' }, values: [7] },
    ]);
    expect(test?.alertCases[0]?.expected).toEqual([
      { labels: { job: 'a', alertname: 'A' } },
      { labels: { alertname: 'A' }, annotations: { summary: 's' } },
    ]);
    expect(test?.promqlCases[0]?.exprText).toBe('up');
    expect(test?.promqlCases[0]?.expected).toEqual([
      { labels: { __name__: 'up', job: 'a' }, value: 1 },
      { labels: {}, value: -Infinity },
    ]);
  });
});
