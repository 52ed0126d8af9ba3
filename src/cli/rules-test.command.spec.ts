import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runRulesTestCommand } from './rules-test.command';

const REPO_ROOT = join(__dirname, '..', '..');
const FIXTURES = join('test', 'fixtures', 'rule-tests');

/** Runs the command from the repository root, so that paths in the output are relative to it. */
async function run(...paths: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const cwd = process.cwd();
  process.chdir(REPO_ROOT);
  try {
    const code = await runRulesTestCommand(
      paths,
      (line) => out.push(line),
      (line) => err.push(line),
    );
    return { code, out, err };
  } finally {
    process.chdir(cwd);
  }
}

describe('forewarn rules test', () => {
  it('passes every test file in rules/tests (the default folder)', async () => {
    const files = readdirSync(join(REPO_ROOT, 'rules', 'tests')).filter((name) =>
      name.endsWith('.test.yaml'),
    );
    expect(files).toContain('checkout.test.yaml');
    const { code, out, err } = await run();
    expect(err).toEqual([]);
    expect(out.filter((line) => !line.startsWith('PASS '))).toEqual([
      expect.stringMatching(/^(\d+) tests, \1 passed, 0 failed$/),
    ]);
    expect(code).toBe(0);
    // Every rules/tests file, forecasts included (each step fits a trend over its lookback): seconds, not ms.
  }, 30_000);

  it('tests the checkout rule: it fires after `for`, ignores a short blip, resolves, renders its annotations', async () => {
    const { code, out } = await run(join('rules', 'tests', 'checkout.test.yaml'));
    expect(out).toEqual(['PASS rules/tests/checkout.test.yaml (9 tests)', '9 tests, 9 passed, 0 failed']);
    expect(code).toBe(0);
  });

  it('reports failures with positions and diffs, and exits 1', async () => {
    const { code, out, err } = await run(join(FIXTURES, 'failing.test.yaml'));
    const alert = '{alertname="ApiErrors", service="api", severity="warning", team="core"}';
    expect(err).toEqual([]);
    expect(out).toEqual([
      'test/fixtures/rule-tests/failing.test.yaml:19:9: FAILED ApiErrors at 2m',
      '  test: api errors',
      '  expected (1):',
      `    + ${alert}`,
      '  got (0):',
      '    (none)',
      '  pending, not firing yet (1):',
      `    ${alert} since 1m`,
      '',
      'test/fixtures/rule-tests/failing.test.yaml:24:9: FAILED ApiErrors at 6m',
      '  test: api errors',
      '  expected (1):',
      `    ~ ${alert}`,
      '  got (2):',
      `    ~ ${alert}`,
      '    - {alertname="ApiErrors", service="web", severity="warning", team="core"}',
      `  annotations of ${alert}:`,
      '    summary:',
      '      expected: "api has 9 errors"',
      '      got:      "api has 10 errors"',
      '',
      'test/fixtures/rule-tests/failing.test.yaml:31:9: FAILED `max by (service) (api_errors)` at 5m',
      '  test: api errors',
      '  expected (1):',
      '    ~ {service="api"} 9',
      '  got (2):',
      '    ~ {service="api"} 10',
      '    - {service="web"} 8',
      '',
      'FAIL test/fixtures/rule-tests/failing.test.yaml (3 of 4 tests failed)',
      '4 tests, 1 passed, 3 failed',
    ]);
    expect(code).toBe(1);
  });

  it('reports invalid test files as file:line:col problems, runs the valid ones, and exits 2', async () => {
    const { code, out, err } = await run(FIXTURES);
    expect(err).toEqual([
      'test/fixtures/rule-tests/broken-rules.yaml:6:34: error: expr: unexpected end of input at 19, expected "," or ")"',
      'test/fixtures/rule-tests/broken-rules.test.yaml:2:14: error: rule_files: test/fixtures/rule-tests/broken-rules.yaml does not load (1 error)',
      'test/fixtures/rule-tests/invalid.test.yaml:3:1: error: unknown key "evaluation_intervall" (did you mean "evaluation_interval"?)',
      'test/fixtures/rule-tests/invalid.test.yaml:6:15: error: interval: invalid duration "1 minute": use units ms, s, m, h, d, w, y in descending order, e.g. 1h30m',
      'test/fixtures/rule-tests/invalid.test.yaml:9:28: error: values: expected a number after "+", found "x3"',
      'test/fixtures/rule-tests/invalid.test.yaml:10:29: error: series: label service must be matched with "=", not "=~": a series has exact labels',
      'test/fixtures/rule-tests/invalid.test.yaml:15:9: error: unknown key "exp_alert" (did you mean "exp_alerts"?)',
      'test/fixtures/rule-tests/missing-rule-file.test.yaml:4:5: error: rule_files: no rule file "missing.yaml" (looked for test/fixtures/rule-tests/missing.yaml)',
      'test/fixtures/rule-tests/missing-rule-file.test.yaml:5:5: error: rule_files: no rule file "nothing-*.yaml" (looked for test/fixtures/rule-tests/nothing-*.yaml)',
      'test/fixtures/rule-tests/unknown-alert.test.yaml:9:20: error: alertname: no alerting rule "ApiError" in the rule files (did you mean "ApiErrors"?)',
    ]);
    expect(out.slice(-2)).toEqual([
      'FAIL test/fixtures/rule-tests/failing.test.yaml (3 of 4 tests failed)',
      '4 tests, 1 passed, 3 failed, 4 invalid test files',
    ]);
    expect(code).toBe(2);
  });

  it('resolves rule_files globs relative to the test file', async () => {
    const { code, out } = await run(join(FIXTURES, 'glob', 'glob.test.yaml'));
    expect(out).toEqual([
      'PASS test/fixtures/rule-tests/glob/glob.test.yaml (1 test)',
      '1 test, 1 passed, 0 failed',
    ]);
    expect(code).toBe(0);
  });

  it('exits 2 for a path that does not exist', async () => {
    const { code, out, err } = await run('rules/tests/nope.test.yaml');
    expect(err).toEqual(['rules/tests/nope.test.yaml: error: no such file or folder']);
    expect(out).toEqual(['0 tests, 0 passed, 0 failed, 1 invalid test file']);
    expect(code).toBe(2);
  });
});
