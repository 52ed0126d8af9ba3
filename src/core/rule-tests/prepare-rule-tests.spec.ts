import { formatRuleProblem } from '../rules/rule-problem';
import { loadRuleTestFile } from './load-rule-test-file';
import { RuleTestSource, prepareRuleTests } from './prepare-rule-tests';

function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

const RULES = yaml(
  'groups:',
  '  - name: api',
  '    interval: 30s',
  '    rules:',
  '      - alert: ApiDown',
  '        expr: up == 0',
  '  - name: db',
  '    interval: 30s',
  '    rules:',
  '      - alert: DbDown',
  '        expr: db_up == 0',
);

function prepare(
  testText: string,
  sources: RuleTestSource[] = [{ file: 'r.yaml', text: RULES, at: { line: 1, col: 14 } }],
) {
  const loaded = loadRuleTestFile('t.test.yaml', testText);
  if (!loaded.ok) {
    throw new Error(loaded.problems.map(formatRuleProblem).join('\n'));
  }
  return prepareRuleTests(loaded.testFile, sources);
}

function alertTest(alertname: string): string[] {
  return ['tests:', '  - alert_rule_test:', '      - eval_time: 1m', `        alertname: ${alertname}`];
}

describe('prepareRuleTests', () => {
  it.each<[string, string, string[]]>([
    [
      'an alertname no rule has',
      yaml('rule_files: [r.yaml]', 'evaluation_interval: 30s', ...alertTest('ApiDwn')),
      [
        't.test.yaml:6:20: error: alertname: no alerting rule "ApiDwn" in the rule files (did you mean "ApiDown"?)',
      ],
    ],
    [
      'a group_eval_order name no group has',
      yaml('rule_files: [r.yaml]', 'evaluation_interval: 30s', 'group_eval_order: [dbb]', 'tests: []'),
      ['t.test.yaml:3:20: error: group_eval_order: no group "dbb" in the rule files (did you mean "db"?)'],
    ],
    [
      'an evaluation_interval other than a group interval is a warning',
      yaml('rule_files: [r.yaml]', 'evaluation_interval: 1m', 'tests: []'),
      [
        't.test.yaml:2:22: warning: evaluation_interval 1m differs from the interval 30s of group "api"; the test evaluates it every 1m, production every 30s',
        't.test.yaml:2:22: warning: evaluation_interval 1m differs from the interval 30s of group "db"; the test evaluates it every 1m, production every 30s',
      ],
    ],
    [
      'also when it is left at the default',
      yaml('rule_files: [r.yaml]', 'tests: []'),
      [
        't.test.yaml:1:1: warning: evaluation_interval 1m (the default) differs from the interval 30s of group "api"; the test evaluates it every 1m, production every 30s',
        't.test.yaml:1:1: warning: evaluation_interval 1m (the default) differs from the interval 30s of group "db"; the test evaluates it every 1m, production every 30s',
      ],
    ],
  ])('%s', (_name, text, expected) => {
    expect(prepare(text).problems.map(formatRuleProblem)).toEqual(expected);
  });

  it('reports rule-file errors in the rule file, and where the test file names it', () => {
    const broken = yaml('groups:', '  - name: g', '    rules:', '      - alert: A', '        expr: up >');
    const prepared = prepare(yaml('rule_files: [broken.yaml]', 'tests: []'), [
      { file: 'broken.yaml', text: broken, at: { line: 1, col: 14 } },
    ]);
    expect(prepared.ok).toBe(false);
    expect(prepared.problems.map(formatRuleProblem)).toEqual([
      'broken.yaml:5:19: error: expr: unexpected end of input at 4, expected an expression',
      't.test.yaml:1:14: error: rule_files: broken.yaml does not load (1 error)',
    ]);
  });

  it('orders groups by group_eval_order, the others after them in file order', () => {
    const prepared = prepare(
      yaml('rule_files: [r.yaml]', 'evaluation_interval: 30s', 'group_eval_order: [db]', 'tests: []'),
    );
    expect(prepared.ok && prepared.plan.rules.map((rule) => rule.rule.name)).toEqual(['DbDown', 'ApiDown']);
  });
});
